"""Reading shifts and their interventions, scoped to what the user may see."""

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..errors import not_found
from ..extensions import db
from ..models import Intervention, InterventionMotif, Mission, Shift, User
from ..models.clock import local_day_bounds


def _visible_shifts(user: User) -> Select:
    query = select(Shift).where(Shift.organisation_id == user.organisation_id)
    if not user.is_coordinator:
        query = query.where(Shift.mediator_id == user.id)
    return query


def list_shifts(user: User, filters: dict) -> list[dict]:
    """Shifts started in [from, to] (local days), newest first, with their intervention counts."""
    query = _visible_shifts(user).options(
        selectinload(Shift.teammates),
        selectinload(Shift.mission),
        selectinload(Shift.site),
        selectinload(Shift.mediator),
    )
    zone = ZoneInfo(user.organisation.timezone)
    first: date | None = filters.get("from")
    last: date | None = filters.get("to")
    if first or last:
        start, end = local_day_bounds(first or date(2000, 1, 1), last or date(2999, 12, 31), zone)
        query = query.where(Shift.started_at >= start, Shift.started_at < end)
    if filters.get("mediator"):
        query = query.where(Shift.mediator_id == filters["mediator"])
    if filters.get("mission"):
        query = query.join(Mission, Shift.mission_id == Mission.id).where(Mission.code == filters["mission"])
    shifts = list(db.session.scalars(query.order_by(Shift.started_at.desc()).limit(filters.get("limit", 500))))
    counts = dict(
        db.session.execute(
            select(Intervention.shift_id, func.count())
            .where(Intervention.shift_id.in_([shift.id for shift in shifts]), Intervention.deleted.is_(False))
            .group_by(Intervention.shift_id)
        ).all()
    )
    return [serialise_shift(shift, counts.get(shift.id, 0)) for shift in shifts]


def get_shift(user: User, shift_id: uuid.UUID) -> dict:
    """One shift with all its interventions, or 404 when the user may not see it."""
    shift = db.session.scalar(_visible_shifts(user).where(Shift.id == shift_id))
    if shift is None:
        raise not_found()
    interventions = db.session.scalars(
        select(Intervention)
        .where(Intervention.shift_id == shift.id)
        .options(selectinload(Intervention.motifs).joinedload(InterventionMotif.type))
        .order_by(Intervention.occurred_at)
    ).all()
    data = serialise_shift(shift, sum(1 for row in interventions if not row.deleted))
    data["interventions"] = [serialise_intervention(row) for row in interventions]
    return data


def serialise_shift(shift: Shift, intervention_count: int) -> dict:
    return {
        "id": shift.id,
        "mission": shift.mission.code,
        "site": shift.site.code if shift.site else None,
        "started_at": shift.started_at,
        "ended_at": shift.ended_at,
        "teammates": [mate.id for mate in shift.teammates],
        "mediator": {"id": shift.mediator.id, "name": shift.mediator.name},
        "deleted": shift.deleted,
        "updated_at": shift.updated_at,
        "received_at": shift.received_at,
        "intervention_count": intervention_count,
    }


def serialise_intervention(row: Intervention) -> dict:
    return {
        "id": row.id,
        "shift_id": row.shift_id,
        "occurred_at": row.occurred_at,
        "utc_offset_minutes": row.utc_offset_minutes,
        "types": row.type_codes,
        "gender": row.gender,
        "age_band": row.age_band,
        "place": row.place,
        "people": row.people,
        "duration": row.duration,
        "mask_reminder": row.mask_reminder,
        "mask_outcome": row.mask_outcome,
        "rating": row.rating,
        "note": row.note,
        "deleted": row.deleted,
        "updated_at": row.updated_at,
        "received_at": row.received_at,
    }
