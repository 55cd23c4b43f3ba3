"""Shift hours in the per-day tallies: a shift's presence counts on the local day it started, on
its mission's "all" row, exactly as the organisation's figures sum it over the shifts
(`shift_presence` and `shift_hours_by_mission` in services/aggregates.py).

A shift's person-hours depend on other shifts (a teammate who logged a shift of their own at
the same time counts there, not twice): a change to one shift may move another's figures. So
a writer names the shifts it is about to change on a `ShiftHoursWatch`, which reads, before
the change, those shifts and every shift that has their mediator as a teammate around their
times; `settle` reads the same shifts again after it and adds the differences to the deltas.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select

from ..extensions import db
from ..models import Shift
from ..models.clock import local_day
from ..models.shift import shift_teammate
from .aggregates import shift_presence
from .tallies import Deltas, Key, apply_deltas

# The namespace of the per-organisation advisory lock of ShiftHoursWatch (PostgreSQL).
_HOURS_LOCK = 1_408_001

# One shift's tally key and its presence in milliseconds: (key, shift_ms, person_ms).
Presence = tuple[Key, int, int]


def presence(condition: ColumnElement, zone: ZoneInfo) -> dict[uuid.UUID, Presence]:
    """The ended, kept shifts matching `condition`, each with its tally key and presence."""
    seconds, present = shift_presence()
    query = select(
        Shift.id, Shift.organisation_id, Shift.mission_id, Shift.started_at, seconds, present, Shift.deleted
    ).where(condition)
    result = {}
    for shift_id, organisation_id, mission_id, started_at, shift_seconds, people, deleted in db.session.execute(query):
        if shift_seconds is None or deleted:
            continue  # open or deleted: no hours
        # Milliseconds: SQLite's julianday arithmetic leaves float noise below them.
        shift_ms = round(float(shift_seconds) * 1000)
        key = (organisation_id, local_day(started_at, zone), mission_id, "all", "")
        result[shift_id] = (key, shift_ms, shift_ms * int(people))
    return result


def presence_deltas(shifts: dict[uuid.UUID, Presence], sign: int = 1, into: Deltas | None = None) -> Deltas:
    """Add (sign=1) or remove (sign=-1) shifts' presence."""
    deltas = into if into is not None else Deltas()
    for key, shift_ms, person_ms in shifts.values():
        deltas.add(key, 0, 0, sign * shift_ms, sign * person_ms)
    return deltas


class ShiftHoursWatch:
    """The shifts a write may move the hours of, read before it and again after it."""

    def __init__(self, organisation_id: int, zone: ZoneInfo):
        self.organisation_id = organisation_id
        self.zone = zone
        self.ids: set[uuid.UUID] = set()
        # Mediator id -> [earliest, latest] moment of their shifts being changed.
        self.spans: dict[int, list[datetime]] = {}
        self.before: dict[uuid.UUID, Presence] = {}

    def add(self, shift_id: uuid.UUID, mediator_id: int | None = None, *times: datetime | None) -> None:
        """A shift about to change; with its mediator and its times before and after the change
        when those or its being kept change, which may move its teammates' shifts too."""
        self.ids.add(shift_id)
        moments = [moment for moment in times if moment is not None]
        if mediator_id is None or not moments:
            return
        span = self.spans.setdefault(mediator_id, [min(moments), max(moments)])
        span[0], span[1] = min(span[0], *moments), max(span[1], *moments)

    def _condition(self) -> ColumnElement:
        # A shift whose teammate is one of these mediators and that overlaps their change: the
        # teammate's own shift decides whether they count in it (aggregates.shift_presence).
        around = [
            and_(
                Shift.id.in_(select(shift_teammate.c.shift_id).where(shift_teammate.c.user_id == mediator_id)),
                Shift.ended_at > first,
                Shift.started_at < last,
            )
            for mediator_id, (first, last) in sorted(self.spans.items())
        ]
        return or_(Shift.id.in_(sorted(self.ids)), *around)

    def read(self) -> None:
        """Before the change (nothing is read when no shift was added)."""
        if not self.ids:
            return
        take_turns(self.organisation_id)
        self.before = presence(self._condition(), self.zone)

    def settle(self, deltas: Deltas) -> None:
        """After the change (flushed here): the differences go to `deltas`."""
        if not self.ids:
            return
        db.session.flush()
        presence_deltas(self.before, -1, deltas)
        presence_deltas(presence(self._condition(), self.zone), 1, deltas)


def take_turns(organisation_id: int) -> None:
    """One organisation's writes of shift hours take turns (SQLite's writers always do): two
    shifts sharing a teammate, written at once, would each compute its difference from a state
    the other is changing, and the tallies drift from a recount. Taken last before the write's
    end (its rows already locked, no tally written yet), it never waits holding what another needs."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(_HOURS_LOCK, organisation_id)))


def organisation_presence(organisation_id: int, zone: ZoneInfo) -> dict[uuid.UUID, Presence]:
    """Every shift's presence in an organisation (recount, rebuild)."""
    return presence(Shift.organisation_id == organisation_id, zone)


def move_shift_hours(organisation_id: int, before: ZoneInfo, after: ZoneInfo) -> None:
    """An organisation's time zone changed: each shift's hours move to its local day in the new one."""
    take_turns(organisation_id)
    deltas = presence_deltas(organisation_presence(organisation_id, before), -1)
    presence_deltas(organisation_presence(organisation_id, after), 1, deltas)
    apply_deltas(deltas)
