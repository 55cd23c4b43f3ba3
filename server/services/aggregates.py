"""Reading the per-day tallies: the one place report, dashboard and exports get figures from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import DailyTally, Shift
from ..models.clock import local_day_bounds
from ..models.shift import shift_teammate


@dataclass
class Counts:
    """Interventions and people per dimension value, for one mission or summed over several."""

    # {dimension: {value: [interventions, people]}}
    by: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, dimension: str, value: str, interventions: int, people: int) -> None:
        pair = self.by[dimension].setdefault(value, [0, 0])
        pair[0] += interventions
        pair[1] += people

    def counts(self, dimension: str) -> dict[str, int]:
        """Interventions (motifs, for "type") per value, zero values left out."""
        return {value: pair[0] for value, pair in self.by.get(dimension, {}).items() if pair[0]}

    @property
    def interventions(self) -> int:
        return self.by.get("all", {}).get("", [0, 0])[0]

    @property
    def people(self) -> int:
        return self.by.get("all", {}).get("", [0, 0])[1]

    @property
    def motifs(self) -> int:
        return sum(self.counts("type").values())


def _conditions(organisation_id: int, first: date, last: date, mission_ids) -> list:
    conditions = [DailyTally.organisation_id == organisation_id, DailyTally.day >= first, DailyTally.day <= last]
    if mission_ids is not None:
        conditions.append(DailyTally.mission_id.in_(mission_ids))
    return conditions


def counts_by_mission(organisation_id: int, first: date, last: date, mission_ids=None) -> dict[int, Counts]:
    """Every dimension's figures for [first, last], per mission, in one GROUP BY."""
    query = (
        select(
            DailyTally.mission_id,
            DailyTally.dimension,
            DailyTally.value,
            func.sum(DailyTally.interventions),
            func.sum(DailyTally.people),
        )
        .where(*_conditions(organisation_id, first, last, mission_ids))
        .group_by(DailyTally.mission_id, DailyTally.dimension, DailyTally.value)
    )
    result: dict[int, Counts] = defaultdict(Counts)
    for mission_id, dimension, value, interventions, people in db.session.execute(query):
        result[mission_id].add(dimension, value, int(interventions), int(people))
    return result


def total(per_mission: dict[int, Counts]) -> Counts:
    """The figures of several missions added together."""
    summed = Counts()
    for counts in per_mission.values():
        for dimension, values in counts.by.items():
            for value, (interventions, people) in values.items():
                summed.add(dimension, value, interventions, people)
    return summed


def counts_by_day(
    organisation_id: int, first: date, last: date, dimension: str, mission_ids=None
) -> list[tuple[date, str, int]]:
    """Interventions per day and value of one dimension (daily trend, week-day × hour map)."""
    query = (
        select(DailyTally.day, DailyTally.value, func.sum(DailyTally.interventions))
        .where(*_conditions(organisation_id, first, last, mission_ids), DailyTally.dimension == dimension)
        .group_by(DailyTally.day, DailyTally.value)
        .order_by(DailyTally.day)
    )
    return [(day, value, int(count)) for day, value, count in db.session.execute(query)]


def seconds_between(start, end) -> ColumnElement:
    """A duration in seconds computed by the database (shift hours are summed there)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


@dataclass
class Hours:
    """Presence of a mission: shift hours (a team counts once) and person-hours (each member)."""

    shift: float = 0.0
    person: float = 0.0

    def __add__(self, other: Hours) -> Hours:
        return Hours(self.shift + other.shift, self.person + other.person)


def shift_presence() -> tuple[ColumnElement, ColumnElement]:
    """A shift's seconds and how many were present: its mediator and each teammate, except a
    teammate who logged a shift of their own at the same time (their hours are in that shift).

    The one definition of shift hours: the organisation's figures sum it over its shifts, the
    tallies keep it per shift (services/shift_tallies.py).
    """
    own = aliased(Shift)
    extra_members = (
        select(func.count())
        .select_from(shift_teammate)
        .where(
            shift_teammate.c.shift_id == Shift.id,
            ~exists()
            .where(
                own.mediator_id == shift_teammate.c.user_id,
                own.deleted.is_(False),
                own.started_at < Shift.ended_at,
                func.coalesce(own.ended_at, own.started_at) > Shift.started_at,
            )
            .correlate(Shift, shift_teammate),
        )
        .correlate(Shift)
        .scalar_subquery()
    )
    return seconds_between(Shift.started_at, Shift.ended_at), 1 + extra_members


def shift_hours_by_mission(organisation_id: int, zone: ZoneInfo, first: date, last: date) -> dict[int, Hours]:
    """Hours of ended, kept shifts started in [first, last] (local days), per mission."""
    start, end = local_day_bounds(first, last, zone)
    seconds, present = shift_presence()
    query = (
        select(Shift.mission_id, func.sum(seconds), func.sum(seconds * present))
        .where(
            Shift.organisation_id == organisation_id,
            Shift.started_at >= start,
            Shift.started_at < end,
            Shift.ended_at.is_not(None),
            Shift.deleted.is_(False),
        )
        .group_by(Shift.mission_id)
    )
    # Whole seconds: SQLite's julianday arithmetic leaves float noise (29.99999997764826 hours
    # for 30) that would otherwise reach exports and the API.
    return {
        mission_id: Hours(round(float(shift or 0)) / 3600.0, round(float(person or 0)) / 3600.0)
        for mission_id, shift, person in db.session.execute(query)
    }


def total_hours(per_mission: dict[int, Hours], mission_ids=None) -> Hours:
    """The hours of the given missions (all when None) added together."""
    summed = Hours()
    for mission_id, hours in per_mission.items():
        if mission_ids is None or mission_id in mission_ids:
            summed += hours
    return summed


def change(current: float, previous: float) -> float | None:
    """Relative change in percent, or None when there is nothing to compare with."""
    if not previous:
        return None
    return (current - previous) * 100.0 / previous


def tallied_interventions(
    organisation_id: int, first: date, last: date, mission_ids, dimension: str = "all", values=("",)
) -> int:
    """Kept interventions of [first, last] whose `dimension` holds one of `values` (each row
    counts once per value it holds: one value per row but for motifs, distinct per row)."""
    query = select(func.coalesce(func.sum(DailyTally.interventions), 0)).where(
        *_conditions(organisation_id, first, last, mission_ids),
        DailyTally.dimension == dimension,
        DailyTally.value.in_([str(value) for value in values]),
    )
    return int(db.session.scalar(query))
