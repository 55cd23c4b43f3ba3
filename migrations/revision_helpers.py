"""What the revision files (migrations/versions/) share: a table's definition in a few lines.

Frozen. A database in the field may sit at any revision, and the revisions it has still to run
call today's copy of this module: a function here must keep doing exactly what it does, or an
old revision would build another schema than the one it built everywhere else. A later need
gets a new function; none of these changes, not even a default.

Revisions import it by name: migrations/alembic.ini puts this folder on the import path for
every Alembic command (`flask db upgrade`, the test suite, `flask db history`).
"""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

_NONE: Mapping = MappingProxyType({})


class nullable(NamedTuple):
    """A column that may be empty: `{"ended_at": nullable(sa.DateTime())}`."""

    type: sa.types.TypeEngine


class named_key(NamedTuple):
    """A unique constraint with a name of its own instead of the convention's."""

    name: str
    columns: Sequence[str]


def create_table(
    name: str,
    columns: Mapping[str, sa.types.TypeEngine | nullable],
    *,
    references: Mapping[str, str] = _NONE,
    ondelete: Mapping[str, str] = _NONE,
    primary_key: Sequence[str] = ("id",),
    unique: Sequence[Sequence[str] | named_key] = (),
    indexes: Mapping[str, Sequence[str]] = _NONE,
    named: bool = False,
) -> None:
    """The table as `op.create_table` builds it from autogenerate's listing, then its indexes.

    `columns`: name -> type, NOT NULL unless `nullable`. `references`: column -> "table.column",
    one foreign key each, in the order given (SQLite keeps that order in its schema), `ondelete`
    per column. `unique`: column tuples. `indexes`: name -> columns. `named`: the constraints get
    written-out names (pk_table, fk_table_column_referred, uq_table_columns), so a later change
    of the models' naming convention changes nothing; otherwise they are left for the
    convention of the day to name, as the revisions written before it did.
    """

    def called(conventional: str) -> dict:
        return {"name": op.f(conventional)} if named else {}

    def key(columns: Sequence[str] | named_key) -> sa.UniqueConstraint:
        if isinstance(columns, named_key):
            return sa.UniqueConstraint(*columns.columns, name=columns.name)
        return sa.UniqueConstraint(*columns, **called(f"uq_{name}_{'_'.join(columns)}"))

    # Built in the order autogenerate lists them: SQLAlchemy writes constraints in the order
    # they were made, and SQLite keeps the text it was given.
    foreign_keys = [
        sa.ForeignKeyConstraint(
            [column], [target], ondelete=ondelete.get(column), **called(f"fk_{name}_{column}_{target.split('.')[0]}")
        )
        for column, target in references.items()
    ]
    keys = [sa.PrimaryKeyConstraint(*primary_key, **called(f"pk_{name}"))] + [key(columns) for columns in unique]
    op.create_table(name, *(_column(column, kind) for column, kind in columns.items()), *foreign_keys, *keys)
    for index, indexed in indexes.items():
        op.create_index(op.f(index), name, list(indexed), unique=False)


def create_tally_table(name: str, period: str, *, named: bool) -> None:
    """A tally table (one count per period, mission, dimension and value) as daily_tally
    (710409fce9f8, unnamed) and monthly_tally (62be5caeff65, named) were created; `period`
    names the date column ("day", "month")."""
    tallied = ("organisation_id", period, "mission_id", "dimension", "value")
    create_table(
        name,
        {
            "id": sa.Integer(),
            "organisation_id": sa.Integer(),
            period: sa.Date(),
            "mission_id": sa.Integer(),
            "dimension": sa.String(length=16),
            "value": sa.String(length=40),
            "interventions": sa.Integer(),
            "people": sa.Integer(),
        },
        references={"mission_id": "mission.id", "organisation_id": "organisation.id"},
        unique=[named_key(f"uq_{name}_key", tallied)],
        named=named,
    )


def table(name: str, **columns: type[sa.types.TypeEngine]) -> sa.TableClause:
    """A lightweight table for a step that reads or writes rows: the columns the step uses, as
    they were then (the models may have moved on)."""
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns.items()))


def _column(name: str, kind: sa.types.TypeEngine | nullable) -> sa.Column:
    if isinstance(kind, nullable):
        return sa.Column(name, kind.type, nullable=True)
    return sa.Column(name, kind, nullable=False)
