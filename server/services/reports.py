"""Aggregate figures over interventions and shifts, computed by the database (GROUP BY)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select

from ..errors import ApiError
from ..extensions import db
from ..models import Intervention, InterventionMotif, InterventionType, Mission, Shift, User
from ..models.clock import local_day_bounds

# Unknown answers never make the "profil type": the report describes who was met.
_NOT_A_PROFILE = {None, "unknown"}


def _seconds_between(start, end) -> ColumnElement:
    if db.engine.dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def summary(user: User, first: date, last: date, mission_code: str | None = None) -> dict:
    """Counts for [first, last] (local days) for the user's organisation, optionally one mission."""
    if last < first:
        raise ApiError(
            400,
            "invalid",
            _("La période se termine avant de commencer."),
            {"to": [_("Ne peut pas précéder la date de début.")]},
        )
    organisation_id = user.organisation_id
    mission_id = None
    if mission_code:
        mission_id = db.session.scalar(
            select(Mission.id).where(Mission.organisation_id == organisation_id, Mission.code == mission_code)
        )
        if mission_id is None:
            raise ApiError(404, "not_found", _("Mission inconnue."), {"mission": [_("Mission inconnue.")]})

    conditions = [
        Intervention.organisation_id == organisation_id,
        Intervention.occurred_on >= first,
        Intervention.occurred_on <= last,
        Intervention.deleted.is_(False),
    ]
    if mission_id is not None:
        conditions.append(Intervention.mission_id == mission_id)

    def grouped(column) -> dict:
        rows = db.session.execute(select(column, func.count()).where(*conditions).group_by(column)).all()
        return {code: count for code, count in rows if code is not None}

    totals = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Intervention.people), 0),
            func.count().filter(Intervention.mask_reminder.is_(True)),
            func.count().filter(Intervention.mask_outcome == "complied"),
        ).where(*conditions)
    ).one()
    by_type_rows = db.session.execute(
        select(InterventionType.code, func.count())
        .select_from(Intervention)
        .join(InterventionMotif, InterventionMotif.intervention_id == Intervention.id)
        .join(InterventionType, InterventionType.id == InterventionMotif.type_id)
        .where(*conditions)
        .group_by(InterventionType.code)
    ).all()
    by_type = {code: count for code, count in by_type_rows}
    by_mission_rows = db.session.execute(
        select(Mission.code, func.count())
        .select_from(Intervention)
        .join(Mission, Mission.id == Intervention.mission_id)
        .where(*conditions)
        .group_by(Mission.code)
    ).all()
    by_duration = grouped(Intervention.duration)
    by_gender = grouped(Intervention.gender)
    by_age_band = grouped(Intervention.age_band)
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "interventions": totals[0],
        "people": int(totals[1]),
        "motifs": sum(by_type.values()),
        "by_type": by_type,
        "by_gender": by_gender,
        "by_age_band": by_age_band,
        "by_place": grouped(Intervention.place),
        "by_duration": by_duration,
        "by_mission": {code: count for code, count in by_mission_rows},
        "mask_reminders": totals[2],
        "mask_complied": totals[3],
        "hours": _shift_hours(user, first, last, mission_id),
        "profile": {
            "type": _most_frequent(by_type),
            "duration": _most_frequent(by_duration),
            "gender": _most_frequent(by_gender),
            "age_band": _most_frequent(by_age_band),
        },
    }


def _most_frequent(counts: dict) -> str | None:
    candidates = [(count, code) for code, count in counts.items() if code not in _NOT_A_PROFILE]
    if not candidates:
        return None
    # Ties go to the alphabetically first code so the sentence is stable between runs.
    return min(candidates, key=lambda item: (-item[0], item[1]))[1]


def _shift_hours(user: User, first: date, last: date, mission_id: int | None) -> float:
    start, end = local_day_bounds(first, last, ZoneInfo(user.organisation.timezone))
    query = select(func.coalesce(func.sum(_seconds_between(Shift.started_at, Shift.ended_at)), 0)).where(
        Shift.organisation_id == user.organisation_id,
        Shift.started_at >= start,
        Shift.started_at < end,
        Shift.ended_at.is_not(None),
        Shift.deleted.is_(False),
    )
    if mission_id is not None:
        query = query.where(Shift.mission_id == mission_id)
    return round(float(db.session.scalar(query)) / 3600.0, 2)
