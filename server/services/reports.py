"""Aggregate figures over interventions and shifts, from the per-day tallies (services/aggregates.py)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import invalid, not_found
from ..extensions import db
from ..models import InterventionType, Mission, User
from .aggregates import counts_by_mission, shift_hours_by_mission, total, total_hours

# Unknown answers never make the "profil type": the report describes who was met.
_NOT_A_PROFILE = {None, "unknown"}


def summary(user: User, first: date, last: date, mission_code: str | None = None, partner: str | None = None) -> dict:
    """Counts for [first, last] (local days) for the user's organisation, optionally one mission
    or one partner's missions (both: that mission if it is the partner's)."""
    if last < first:
        message = _("La période se termine avant de commencer.")
        raise invalid("to", _("Ne peut pas précéder la date de début."), summary=message)
    if user.role == "partner":
        # A partner account adds up its own partner's missions, whatever it asks.
        if partner not in (None, user.partner):
            raise not_found(_("Partenaire inconnu."), {"partner": [_("Partenaire inconnu.")]})
        partner = user.partner
    organisation_id = user.organisation_id
    missions = db.session.execute(
        select(Mission.id, Mission.code, Mission.partner).where(Mission.organisation_id == organisation_id)
    ).all()
    wanted = None
    if mission_code or partner:
        wanted = [
            mission.id
            for mission in missions
            if (not mission_code or mission.code == mission_code) and (not partner or mission.partner == partner)
        ]
        if not wanted:
            field, message = (
                ("mission", _("Mission inconnue.")) if mission_code else ("partner", _("Partenaire inconnu."))
            )
            raise not_found(message, {field: [message]})

    zone = user.organisation.zone
    per_mission = counts_by_mission(organisation_id, first, last, wanted)
    counts = total(per_mission)
    type_codes = dict(
        db.session.execute(
            select(InterventionType.id, InterventionType.code)
            .join(Mission, Mission.id == InterventionType.mission_id)
            .where(Mission.organisation_id == organisation_id)
        ).all()
    )
    # Two missions may share a type code (tram and bus both have "itinerary"): add them up.
    by_type: dict[str, int] = {}
    for type_id, count in counts.counts("type").items():
        code = type_codes[int(type_id)]
        by_type[code] = by_type.get(code, 0) + count
    mission_codes = {mission.id: mission.code for mission in missions}
    partners = {mission.id: mission.partner for mission in missions}
    by_partner: dict[str, int] = {}
    for mission_id, figures in per_mission.items():
        if figures.interventions:
            by_partner[partners[mission_id]] = by_partner.get(partners[mission_id], 0) + figures.interventions
    hours = total_hours(shift_hours_by_mission(organisation_id, zone, first, last), wanted)
    return summary_figures(
        first,
        last,
        counts,
        by_type,
        by_mission={
            mission_codes[mission]: figures.interventions
            for mission, figures in per_mission.items()
            if figures.interventions
        },
        by_partner=by_partner,
        hours=round(hours.shift, 2),
        person_hours=round(hours.person, 2),
    )


def summary_figures(
    first, last, counts, by_type: dict, by_mission: dict, by_partner: dict, hours, person_hours
) -> dict:
    """The summary's keys from tally counts: one shape for an organisation and a network."""
    by_duration = counts.counts("duration")
    by_gender = counts.counts("gender")
    by_age_band = counts.counts("age_band")
    mask = counts.counts("mask")
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "interventions": counts.interventions,
        "people": counts.people,
        "motifs": counts.motifs,
        "by_type": by_type,
        "by_gender": by_gender,
        "by_age_band": by_age_band,
        "by_place": counts.counts("place"),
        "by_duration": by_duration,
        "by_mission": by_mission,
        "mask_reminders": sum(mask.values()),
        "mask_complied": mask.get("complied", 0),
        # Missions without a partner (the organisation's own) are in no partner's figures:
        # named "" they would read as a partner without a name.
        "by_partner": {name: count for name, count in by_partner.items() if name},
        "hours": hours,
        "person_hours": person_hours,
        "profile": {
            "type": most_frequent(by_type),
            "duration": most_frequent(by_duration),
            "gender": most_frequent(by_gender),
            "age_band": most_frequent(by_age_band),
        },
    }


def most_frequent(counts: dict) -> str | None:
    candidates = [(count, code) for code, count in counts.items() if code not in _NOT_A_PROFILE]
    if not candidates:
        return None
    # Ties go to the alphabetically first code so the sentence is stable between runs.
    return min(candidates, key=lambda item: (-item[0], item[1]))[1]
