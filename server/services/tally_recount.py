"""The per-day tallies recounted from the raw rows, in SQL.

The tests compare `stored` with `recount` after every kind of write; `rebuild` replaces an
organisation's tallies after a bulk load (the demo, the benchmark), where a delta per row
would be wasted work.
"""

from __future__ import annotations

from sqlalchemy import String, cast, delete, func, literal_column, select, union_all

from ..extensions import db
from ..models import DailyTally, Intervention, InterventionMotif
from .tallies import Key


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


def recount(organisation_id: int) -> dict[Key, tuple[int, int]]:
    """The tallies as the raw rows give them now (for tests and checks)."""
    rows = db.session.execute(_recount_query(organisation_id)).all()
    return {tuple(row[:5]): (row[5], int(row[6])) for row in rows}


def stored(organisation_id: int) -> dict[Key, tuple[int, int]]:
    """The tallies as kept, without the rows that fell back to zero."""
    table = DailyTally
    query = select(
        table.organisation_id,
        table.day,
        table.mission_id,
        table.dimension,
        table.value,
        table.interventions,
        table.people,
    ).where(table.organisation_id == organisation_id, (table.interventions != 0) | (table.people != 0))
    return {tuple(row[:5]): (row[5], row[6]) for row in db.session.execute(query)}


def rebuild(organisation_id: int) -> None:
    """Recompute an organisation's tallies from its raw rows, in the caller's transaction."""
    db.session.execute(delete(DailyTally).where(DailyTally.organisation_id == organisation_id))
    columns = ["organisation_id", "day", "mission_id", "dimension", "value", "interventions", "people"]
    db.session.execute(DailyTally.__table__.insert().from_select(columns, _recount_query(organisation_id)))
