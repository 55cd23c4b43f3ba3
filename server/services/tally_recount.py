"""The per-day tallies recounted from the raw rows, and the monthly ones from the daily, in SQL
(the shifts' hours read per shift, their local days found here: services/shift_tallies.py).

The tests compare `stored` with `recount` after every kind of write; `rebuild` replaces an
organisation's tallies after a bulk load (the demo, the benchmark), where a delta per row
would be wasted work.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, cast, delete, func, literal_column, or_, select, union_all

from ..database import begin_write
from ..extensions import db
from ..models import DailyTally, Intervention, InterventionMotif, MonthlyTally, Organisation
from ..models.tally import MONTHLY_DIMENSIONS
from .shift_tallies import organisation_presence, presence_deltas, take_turns
from .tallies import AMOUNTS, Deltas, Key, apply_deltas

Amounts = tuple[int, int, int, int]  # interventions, people, shift_ms, person_ms


def _recount_query(organisation_id: int):
    row = Intervention
    expressions = {
        "all": literal_column("''"),
        "site": row.site_id,
        "mediator": row.mediator_id,
        "gender": row.gender,
        "age_band": row.age_band,
        "place": row.place,
        "duration": row.duration,
        "hour": row.occurred_hour,
        "mask": func.coalesce(row.mask_outcome, "none"),
        "rating": row.rating,
        "type": InterventionMotif.type_id,
    }
    selects = []
    for dimension, expression in expressions.items():
        query = select(
            row.organisation_id,
            row.occurred_on.label("day"),
            row.mission_id,
            literal_column(f"'{dimension}'").label("dimension"),
            cast(expression, String).label("value"),
            func.count().label("interventions"),
            func.sum(row.people).label("people"),
        ).where(row.organisation_id == organisation_id, row.deleted.is_(False))
        if dimension == "type":
            query = query.join(InterventionMotif, InterventionMotif.intervention_id == row.id)
        elif dimension == "mask":
            query = query.where(row.mask_reminder.is_(True))
        elif dimension != "all":
            query = query.where(expression.is_not(None))
        group = [row.organisation_id, row.occurred_on, row.mission_id]
        selects.append(query.group_by(*group, expression) if dimension != "all" else query.group_by(*group))
    return union_all(*selects)


def _shift_hours(organisation_id: int) -> Deltas:
    zone = db.session.get(Organisation, organisation_id).zone
    return presence_deltas(organisation_presence(organisation_id, zone))


def recount(organisation_id: int) -> dict[Key, Amounts]:
    """The tallies as the raw rows give them now (for tests and checks)."""
    counted = Deltas()
    for row in db.session.execute(_recount_query(organisation_id)):
        counted.add(tuple(row[:5]), row[5], int(row[6]))
    for key, amounts in _shift_hours(organisation_id).items():
        counted.add(key, *amounts)
    return {key: tuple(amounts) for key, amounts in counted.items() if any(amounts)}


def stored(organisation_id: int) -> dict[Key, Amounts]:
    """The tallies as kept, without the rows that fell back to zero."""
    return _kept(DailyTally, DailyTally.day, organisation_id)


def _kept(table, period, organisation_id: int) -> dict[Key, Amounts]:
    amounts = [table.__table__.c[name] for name in AMOUNTS]
    query = select(table.organisation_id, period, table.mission_id, table.dimension, table.value, *amounts).where(
        table.organisation_id == organisation_id, or_(*(amount != 0 for amount in amounts))
    )
    return {tuple(row[:5]): tuple(row[5:]) for row in db.session.execute(query)}


def rebuild(organisation_id: int) -> None:
    """Recompute an organisation's tallies from its raw rows, in the caller's transaction."""
    db.session.execute(delete(DailyTally).where(DailyTally.organisation_id == organisation_id))
    columns = ["organisation_id", "day", "mission_id", "dimension", "value", "interventions", "people"]
    # The shift columns take their server default, 0: the shift hours are added next.
    query = _recount_query(organisation_id)
    db.session.execute(DailyTally.__table__.insert().from_select(columns, query, include_defaults=False))
    # Shift hours onto the "all" rows just written (or new ones); the months are redone below.
    apply_deltas(_shift_hours(organisation_id))
    rebuild_months(organisation_id)


def month_of(day):
    """The first day of a date column's month, in SQL, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


def _months_query(organisation_id: int):
    """The daily tallies added up by month, for the dimensions the monthly tallies keep."""
    table = DailyTally
    month = month_of(table.day)
    return (
        select(
            table.organisation_id,
            month.label("month"),
            table.mission_id,
            table.dimension,
            table.value,
            *(func.sum(table.__table__.c[name]).label(name) for name in AMOUNTS),
        )
        .where(table.organisation_id == organisation_id, table.dimension.in_(MONTHLY_DIMENSIONS))
        .group_by(table.organisation_id, month, table.mission_id, table.dimension, table.value)
    )


def rebuild_months(organisation_id: int) -> None:
    """Recompute an organisation's monthly tallies from its daily ones."""
    db.session.execute(delete(MonthlyTally).where(MonthlyTally.organisation_id == organisation_id))
    columns = ["organisation_id", "month", "mission_id", "dimension", "value", *AMOUNTS]
    db.session.execute(MonthlyTally.__table__.insert().from_select(columns, _months_query(organisation_id)))


def months_recounted(organisation_id: int) -> dict[Key, Amounts]:
    """The monthly tallies as the daily ones add up now (for tests and checks)."""
    rows = db.session.execute(_months_query(organisation_id)).all()
    return {_key(row): tuple(int(amount) for amount in row[5:]) for row in rows if any(row[5:])}


def months_stored(organisation_id: int) -> dict[Key, Amounts]:
    """The monthly tallies as kept, without the rows that fell back to zero."""
    return _kept(MonthlyTally, MonthlyTally.month, organisation_id)


def _key(row) -> Key:
    # SQLite's date() gives text: the month as a date on both databases.
    month = row[1] if isinstance(row[1], date) else date.fromisoformat(row[1])
    return (row[0], month, row[2], row[3], row[4])


def differences(organisation_id: int) -> int:
    """How many daily and monthly tally rows differ from a recount (0: in step)."""
    count = 0
    for kept, counted in ((stored, recount), (months_stored, months_recounted)):
        ours, theirs = kept(organisation_id), counted(organisation_id)
        count += sum(1 for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key))
    return count


def recount_organisation(organisation_id: int) -> None:
    """Rebuild an organisation's tallies from its records and shifts, committed (a repair, the
    superuser's command): the writes of its shift hours wait meanwhile."""
    begin_write()
    take_turns(organisation_id)
    rebuild(organisation_id)
    db.session.commit()
