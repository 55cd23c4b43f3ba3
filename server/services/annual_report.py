"""The yearly activity report a PIMMS publishes, for the organisation and per mission.

All figures come from two GROUP BY queries over the per-day tallies (this year and last
year) and two over shifts (hours); what is left to Python is arithmetic on a few hundred rows.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import not_found
from ..extensions import db
from ..models import InterventionType, Mission, Site, User
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MEDIATIONS
from .aggregates import Counts, change, counts_by_mission, shift_hours_by_mission, total
from .reports import most_frequent


def organisation_missions(user: User) -> list[Mission]:
    """The organisation's missions, archived ones included (their past figures still count)."""
    query = select(Mission).where(Mission.organisation_id == user.organisation_id)
    return list(db.session.scalars(query.order_by(Mission.position, Mission.label)))


def annual_report(user: User, year: int, mission_code: str | None = None) -> dict:
    """Every section of the yearly report; one mission's only when `mission_code` is given."""
    organisation = user.organisation
    missions = organisation_missions(user)
    if mission_code:
        missions = [mission for mission in missions if mission.code == mission_code]
        if not missions:
            raise not_found(_("Mission inconnue."))
    ids = [mission.id for mission in missions]
    zone = ZoneInfo(organisation.timezone)
    years = {"current": year, "previous": year - 1}
    # Without a mission filter every mission is wanted: no IN list for the database to check.
    wanted = ids if mission_code else None
    counts = {
        key: counts_by_mission(organisation.id, date(y, 1, 1), date(y, 12, 31), wanted) for key, y in years.items()
    }
    hours = {
        key: shift_hours_by_mission(organisation.id, zone, date(y, 1, 1), date(y, 12, 31)) for key, y in years.items()
    }
    types = {
        kind.id: kind
        for kind in db.session.scalars(select(InterventionType).where(InterventionType.mission_id.in_(ids)))
    }
    sites = {site.id: site for site in db.session.scalars(select(Site).where(Site.mission_id.in_(ids)))}
    now, before = total(counts["current"]), total(counts["previous"])
    all_contacts = now.interventions
    sections = [
        _mission_section(mission, counts, hours, types, sites, all_contacts)
        for mission in missions
        if counts["current"].get(mission.id, Counts()).interventions
        or counts["previous"].get(mission.id, Counts()).interventions
        or hours["current"].get(mission.id)
    ]
    hours_now = sum(hours["current"].get(mission_id, 0.0) for mission_id in ids)
    hours_before = sum(hours["previous"].get(mission_id, 0.0) for mission_id in ids)
    return {
        "year": year,
        "previous_year": year - 1,
        "mission_filter": missions[0] if mission_code else None,
        "totals": {
            "interventions": _compare(now.interventions, before.interventions),
            "people": _compare(now.people, before.people),
            "motifs": _compare(now.motifs, before.motifs),
            "hours": _compare(hours_now, hours_before),
        },
        "profile": _profile({types[int(k)].label: v for k, v in now.counts("type").items()}, now),
        "mission_shares": _shares([(s["mission"].label, s["interventions"]["current"]) for s in sections]),
        "mediation_shares": _mediation_shares(sections),
        "hours_by_mission": [(s["mission"].label, s["hours"]) for s in sections],
        "missions": sections,
    }


def _compare(current: float, previous: float) -> dict:
    return {"current": current, "previous": previous, "change": change(current, previous)}


def _shares(items: list[tuple[str, int]]) -> list[dict]:
    whole = sum(count for _label, count in items)
    return [
        {"label": label, "count": count, "share": count * 100.0 / whole if whole else 0.0}
        for label, count in items
        if count
    ]


def _mediation_shares(sections: list[dict]) -> list[dict]:
    by_kind: dict[str, int] = {}
    for section in sections:
        kind = section["mission"].mediation
        by_kind[kind] = by_kind.get(kind, 0) + section["interventions"]["current"]
    return _shares([(MEDIATIONS.label(kind), count) for kind, count in sorted(by_kind.items())])


def _mission_section(mission: Mission, counts, hours, types, sites, all_contacts: int) -> dict:
    now = counts["current"].get(mission.id, Counts())
    before = counts["previous"].get(mission.id, Counts())
    motifs = sorted(
        ((types[int(type_id)], count) for type_id, count in now.counts("type").items()),
        key=lambda pair: (-pair[1], pair[0].position),
    )
    networks: dict[str, int] = {}
    for site_id, count in now.counts("site").items():
        site = sites[int(site_id)]
        network = site.network or site.label
        networks[network] = networks.get(network, 0) + count
    ratings = {int(value): count for value, count in now.counts("rating").items()}
    rated = sum(ratings.values())
    mask = now.counts("mask")
    reminders = sum(mask.values())
    return {
        "mission": mission,
        "interventions": _compare(now.interventions, before.interventions),
        "people": _compare(now.people, before.people),
        "motifs": _compare(now.motifs, before.motifs),
        "motifs_per_person": now.motifs / now.people if now.people else None,
        "contact_share": now.interventions * 100.0 / all_contacts if all_contacts else 0.0,
        "motif_table": _shares([(kind.label, count) for kind, count in motifs]),
        "networks": _shares(sorted(networks.items(), key=lambda pair: -pair[1])),
        "profile": _profile({types[int(k)].label: v for k, v in now.counts("type").items()}, now),
        "hours": _compare(hours["current"].get(mission.id, 0.0), hours["previous"].get(mission.id, 0.0)),
        "satisfaction": {
            "rated": rated,
            "average": sum(stars * count for stars, count in ratings.items()) / rated if rated else None,
            "five_stars": ratings.get(5, 0) * 100.0 / rated if rated else None,
            "by_stars": _shares([(str(stars), ratings.get(stars, 0)) for stars in range(5, 0, -1)]),
        },
        "mask": {
            "reminders": reminders,
            "complied": mask.get("complied", 0),
            "share": mask.get("complied", 0) * 100.0 / reminders if reminders else None,
        },
    }


def _profile(by_type_label: dict[str, int], counts: Counts) -> str | None:
    """The "profil type" as the sentence a PIMMS report prints, or None without data."""
    kind = most_frequent(by_type_label)
    parts = [kind[0].lower() + kind[1:]] if kind else []
    for vocabulary, dimension in ((DURATIONS, "duration"), (GENDERS, "gender"), (AGE_BANDS, "age_band")):
        phrase = vocabulary.phrase(most_frequent(counts.counts(dimension)))
        parts += [phrase] if phrase else []
    return ", ".join(parts) if parts else None
