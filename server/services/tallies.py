"""Per-day tallies of interventions and shift hours, and their monthly sums, kept in step with
every write (see models/tally.py).

Every writer turns the rows it adds, changes or deletes into signed deltas with
`tally_deltas` (interventions) or a `ShiftHoursWatch` (shifts, services/shift_tallies.py) and
hands them to `apply_deltas` in its own transaction. The recount from raw rows lives in
tally_recount.py.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import Table, func, select

from ..database import dialect_insert
from ..extensions import db
from ..models import DailyTally, Intervention, MonthlyTally
from ..models.tally import MONTHLY_DIMENSIONS

Key = tuple[int, object, int, str, str]  # organisation, day, mission, dimension, value


def tally_snapshot(row: Intervention) -> dict:
    """What of an intervention the tallies depend on, read before and after a change."""
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["type_ids"] = tuple(motif.type_id for motif in row.motifs)
    return values


_COLUMNS = (
    "organisation_id",
    "occurred_on",
    "occurred_hour",
    "mission_id",
    "site_id",
    "mediator_id",
    "gender",
    "age_band",
    "place",
    "duration",
    "mask_reminder",
    "mask_outcome",
    "rating",
    "people",
    "deleted",
)


def _dimension_values(row: Mapping) -> list[tuple[str, object]]:
    pairs = [
        ("all", ""),
        ("site", row["site_id"]),
        ("mediator", row["mediator_id"]),
        ("gender", row["gender"]),
        ("age_band", row["age_band"]),
        ("place", row["place"]),
        ("duration", row["duration"]),
        ("hour", row["occurred_hour"]),
        ("mask", (row["mask_outcome"] or "none") if row["mask_reminder"] else None),
        ("rating", row["rating"]),
    ]
    pairs.extend(("type", type_id) for type_id in row["type_ids"])
    return [(dimension, value) for dimension, value in pairs if value is not None]


# What a tally row counts, in the order of Deltas' amounts.
AMOUNTS = ("interventions", "people", "shift_ms", "person_ms")


class Deltas(defaultdict):
    """Signed changes per tally key: {key: [interventions, people, shift_ms, person_ms]}."""

    def __init__(self):
        super().__init__(lambda: [0, 0, 0, 0])

    def add(self, key: Key, interventions: int, people: int, shift_ms: int = 0, person_ms: int = 0) -> None:
        amounts = self[key]
        amounts[0] += interventions
        amounts[1] += people
        amounts[2] += shift_ms
        amounts[3] += person_ms


def tally_deltas(rows: Iterable[Mapping], sign: int = 1, into: Deltas | None = None) -> Deltas:
    """Add (sign=1) or remove (sign=-1) rows' contributions; deleted rows contribute nothing."""
    deltas = into if into is not None else Deltas()
    for row in rows:
        if row["deleted"]:
            continue
        base = (row["organisation_id"], row["occurred_on"], row["mission_id"])
        people = sign * row["people"]
        for dimension, value in _dimension_values(row):
            deltas.add((*base, dimension, str(value)), sign, people)
    return deltas


def apply_deltas(deltas: Deltas) -> None:
    """Upsert the deltas into the daily tallies, and their months into the monthly ones.

    In key order, daily then monthly, so two concurrent writers never deadlock each other.
    """
    months = Deltas()
    for (organisation_id, day, mission_id, dimension, value), amounts in deltas.items():
        if dimension in MONTHLY_DIMENSIONS:
            months.add((organisation_id, day.replace(day=1), mission_id, dimension, value), *amounts)
    _upsert(DailyTally.__table__, "day", deltas)
    _upsert(MonthlyTally.__table__, "month", months)


def _upsert(table: Table, period: str, deltas: Deltas) -> None:
    rows = [
        {
            "organisation_id": key[0],
            period: key[1],
            "mission_id": key[2],
            "dimension": key[3],
            "value": key[4],
            **dict(zip(AMOUNTS, amounts, strict=True)),
        }
        for key, amounts in sorted(deltas.items())
        if any(amounts)
    ]
    if not rows:
        return
    db.session.execute(_upsert_statement(table, period, db.session.get_bind().dialect.name), rows)


@functools.cache
def _upsert_statement(table: Table, period: str, dialect_name: str):
    # Built once per table and dialect: building it (its `excluded` columns) cost more
    # than running it, on every write.
    statement = dialect_insert(table, dialect_name)
    return statement.on_conflict_do_update(
        index_elements=["organisation_id", period, "mission_id", "dimension", "value"],
        set_={name: table.c[name] + statement.excluded[name] for name in AMOUNTS},
    )


def move_site_tallies(shift_id, old_site_id: int | None, new_site_id: int | None, deltas: Deltas) -> None:
    """A shift's line changed: its interventions' site tallies move from the old to the new one."""
    row = Intervention
    query = (
        select(row.organisation_id, row.occurred_on, row.mission_id, func.count(), func.sum(row.people))
        .where(row.shift_id == shift_id, row.deleted.is_(False))
        .group_by(row.organisation_id, row.occurred_on, row.mission_id)
    )
    for organisation_id, day, mission_id, count, people in db.session.execute(query):
        for site_id, sign in ((old_site_id, -1), (new_site_id, 1)):
            if site_id is not None:
                deltas.add((organisation_id, day, mission_id, "site", str(site_id)), sign * count, sign * int(people))
