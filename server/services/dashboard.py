"""The dashboard: a period's figures and breakdowns, each compared with the period before."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import InterventionType, Mission, Site, User
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, PLACES
from .aggregates import Counts, change, counts_by_day, counts_by_mission, shift_hours_by_mission, total, total_hours
from .indicator_figures import period_sums
from .periods import Period

WEEKDAYS = (_l("lundi"), _l("mardi"), _l("mercredi"), _l("jeudi"), _l("vendredi"), _l("samedi"), _l("dimanche"))


def dashboard(user: User, period: Period, mission_ids: list[int] | None) -> dict:
    """Everything the dashboard page shows, from the per-day tallies."""
    organisation_id = user.organisation_id
    now = total(counts_by_mission(organisation_id, period.first, period.last, mission_ids))
    before = total(counts_by_mission(organisation_id, period.previous_first, period.previous_last, mission_ids))
    # A partner account reads figures, never who logged them.
    staff = user.role != "partner"
    names = _names(user, staff)
    mask_now, mask_before = now.counts("mask"), before.counts("mask")
    zone = user.organisation.zone
    hours_now = total_hours(shift_hours_by_mission(organisation_id, zone, period.first, period.last), mission_ids)
    hours_before = total_hours(
        shift_hours_by_mission(organisation_id, zone, period.previous_first, period.previous_last), mission_ids
    )
    return {
        "period": period,
        "figures": [
            (
                _("Interventions"),
                now.interventions,
                before.interventions,
                change(now.interventions, before.interventions),
            ),
            (_("Personnes"), now.people, before.people, change(now.people, before.people)),
            (_("Motifs"), now.motifs, before.motifs, change(now.motifs, before.motifs)),
            (
                _("Rappels du port du masque"),
                sum(mask_now.values()),
                sum(mask_before.values()),
                change(sum(mask_now.values()), sum(mask_before.values())),
            ),
            (_("Heures de vacation"), hours_now.shift, hours_before.shift, change(hours_now.shift, hours_before.shift)),
            (
                _("Heures de présence (chaque membre de l’équipe)"),
                hours_now.person,
                hours_before.person,
                change(hours_now.person, hours_before.person),
            ),
        ],
        "mask_share": _share(mask_now.get("complied", 0), sum(mask_now.values())),
        "mask_share_before": _share(mask_before.get("complied", 0), sum(mask_before.values())),
        "breakdowns": [
            (code, title, breakdown(now, before, code, names[code]))
            for code, title in (
                ("type", _("Par motif")),
                ("gender", _("Par genre")),
                ("age_band", _("Par tranche d’âge")),
                ("place", _("Par lieu")),
                ("site", _("Par ligne ou site")),
                ("mediator", _("Par médiateur")),
            )
            if staff or code != "mediator"
        ],
        "trend": _trend(organisation_id, period, mission_ids),
        "heat_map": _heat_map(organisation_id, period, mission_ids),
        # Indicators entered per month, summed over the months the period touches.
        "indicators": period_sums(organisation_id, period, mission_ids),
    }


def _share(part: int, whole: int) -> float | None:
    return part * 100.0 / whole if whole else None


def _names(user: User, staff: bool = True) -> dict[str, dict[str, str]]:
    organisation_id = user.organisation_id
    missions = select(Mission.id).where(Mission.organisation_id == organisation_id)
    types = db.session.execute(
        select(InterventionType.id, InterventionType.label).where(InterventionType.mission_id.in_(missions))
    )
    sites = db.session.execute(select(Site.id, Site.label).where(Site.mission_id.in_(missions)))
    people = (
        db.session.execute(select(User.id, User.name).where(User.organisation_id == organisation_id)) if staff else ()
    )
    return {
        "type": {str(key): value for key, value in types},
        "site": {str(key): value for key, value in sites},
        "mediator": {str(key): value for key, value in people},
    } | vocabulary_names()


def vocabulary_names() -> dict[str, dict[str, str]]:
    """The labels of the dimensions whose codes are the product's own, the same in every organisation."""
    return {
        "gender": {code: GENDERS.label(code) for code in GENDERS},
        "age_band": {code: AGE_BANDS.label(code) for code in AGE_BANDS},
        "place": {code: PLACES.label(code) for code in PLACES},
        "duration": {code: DURATIONS.label(code) for code in DURATIONS},
    }


def breakdown(now: Counts, before: Counts, dimension: str, names: dict[str, str]) -> list[dict]:
    """A dimension's counts by name, largest first, each with its share and its change on `before`."""
    # Types of two missions may share a label ("Information itinéraire"): merge them by label.
    current: dict[str, int] = {}
    previous: dict[str, int] = {}
    for counts, into in ((now, current), (before, previous)):
        for value, count in counts.counts(dimension).items():
            name = names.get(value, value)
            into[name] = into.get(name, 0) + count
    whole = sum(current.values())
    items = [
        {
            "label": name,
            "count": count,
            "share": count * 100.0 / whole if whole else 0.0,
            "previous": previous.get(name, 0),
            "change": change(count, previous.get(name, 0)),
        }
        for name, count in current.items()
    ]
    return sorted(items, key=lambda item: (-item["count"], item["label"]))


def _trend(organisation_id: int, period: Period, mission_ids) -> list[tuple[str, int]]:
    per_day = {
        day: count
        for day, _value, count in counts_by_day(organisation_id, period.first, period.last, "all", mission_ids)
    }
    days = [period.first + timedelta(days=offset) for offset in range(period.days)]
    return [(day.strftime("%d/%m"), per_day.get(day, 0)) for day in days]


def _heat_map(organisation_id: int, period: Period, mission_ids) -> dict:
    """Interventions per week day and hour, to plan presence; levels 0-5 for the cell shading."""
    grid = [[0] * 24 for _day in WEEKDAYS]
    for day, hour, count in counts_by_day(organisation_id, period.first, period.last, "hour", mission_ids):
        grid[day.weekday()][int(hour)] += count
    busy_hours = [hour for hour in range(24) if any(row[hour] for row in grid)]
    hours = list(range(min(busy_hours), max(busy_hours) + 1)) if busy_hours else list(range(7, 20))
    top = max((max(row) for row in grid), default=0)
    return {
        "hours": hours,
        "rows": [
            (str(name), [(grid[index][hour], _level(grid[index][hour], top)) for hour in hours])
            for index, name in enumerate(WEEKDAYS)
        ],
    }


def _level(count: int, top: int) -> int:
    return 0 if not count or not top else 1 + min(4, (count * 5 - 1) // top)
