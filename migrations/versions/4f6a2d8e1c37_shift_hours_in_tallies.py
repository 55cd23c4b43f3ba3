"""Shift hours in the tallies: each day's shift presence on its mission's "all" row, daily and
monthly, so a network adds up its members' hours (issue 14). Created 2026-11-30.

The backfill reads every shift once per organisation and does in Python what the application
does (services/aggregates.py `shift_presence`, services/shift_tallies.py): a shift's hours count
on the local day it started, in its organisation's zone, which SQLite cannot compute in SQL.
"""
from collections import defaultdict
from datetime import timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from revision_helpers import table


revision = '4f6a2d8e1c37'
down_revision = '62be5caeff65'

_shift = table(
    "shift", id=sa.Uuid, organisation_id=sa.Integer, mediator_id=sa.Integer, mission_id=sa.Integer,
    started_at=sa.DateTime, ended_at=sa.DateTime, deleted=sa.Boolean,
)
_teammate = table("shift_teammate", shift_id=sa.Uuid, user_id=sa.Integer)
_organisation = table("organisation", id=sa.Integer, timezone=sa.String)


def upgrade():
    for tallies in ("daily_tally", "monthly_tally"):
        with op.batch_alter_table(tallies) as batch_op:
            batch_op.add_column(sa.Column('shift_ms', sa.BigInteger(), server_default='0', nullable=False))
            batch_op.add_column(sa.Column('person_ms', sa.BigInteger(), server_default='0', nullable=False))
    connection = op.get_bind()
    for organisation_id, zone in connection.execute(sa.select(_organisation.c.id, _organisation.c.timezone)).all():
        days = _presence(connection, organisation_id, ZoneInfo(zone))
        months = defaultdict(lambda: [0, 0])
        for (day, mission_id), (shift_ms, person_ms) in days.items():
            month = months[(day.replace(day=1), mission_id)]
            month[0] += shift_ms
            month[1] += person_ms
        _store(connection, "daily_tally", "day", organisation_id, days)
        _store(connection, "monthly_tally", "month", organisation_id, months)


def _presence(connection, organisation_id: int, zone: ZoneInfo) -> dict:
    """{(local day, mission id): [shift ms, person ms]} of the organisation's ended, kept shifts."""
    shifts = connection.execute(
        sa.select(
            _shift.c.id, _shift.c.mediator_id, _shift.c.mission_id, _shift.c.started_at, _shift.c.ended_at,
            _shift.c.deleted,
        ).where(_shift.c.organisation_id == organisation_id)
    ).all()
    own = defaultdict(list)  # mediator -> [(start, end or start)] of their kept shifts
    for shift in shifts:
        if not shift.deleted:
            own[shift.mediator_id].append((shift.started_at, shift.ended_at or shift.started_at))
    teammates = defaultdict(list)
    ids = [shift.id for shift in shifts]
    for start in range(0, len(ids), 500):
        rows = connection.execute(
            sa.select(_teammate.c.shift_id, _teammate.c.user_id).where(_teammate.c.shift_id.in_(ids[start:start + 500]))
        )
        for shift_id, user_id in rows:
            teammates[shift_id].append(user_id)
    days = defaultdict(lambda: [0, 0])
    for shift in shifts:
        if shift.deleted or shift.ended_at is None:
            continue
        # A teammate who logged a shift of their own at the same time counts there.
        present = 1 + sum(
            1
            for user_id in teammates[shift.id]
            if not any(start < shift.ended_at and end > shift.started_at for start, end in own[user_id])
        )
        shift_ms = round((shift.ended_at - shift.started_at).total_seconds() * 1000)
        day = shift.started_at.replace(tzinfo=timezone.utc).astimezone(zone).date()
        amounts = days[(day, shift.mission_id)]
        amounts[0] += shift_ms
        amounts[1] += shift_ms * present
    return days


def _store(connection, table_name: str, period: str, organisation_id: int, amounts: dict) -> None:
    """Onto the "all" row of each day (or month) and mission, a new row where it has none."""
    if not amounts:
        return
    tally = table(
        table_name, organisation_id=sa.Integer, **{period: sa.Date}, mission_id=sa.Integer, dimension=sa.String,
        value=sa.String, interventions=sa.Integer, people=sa.Integer, shift_ms=sa.BigInteger, person_ms=sa.BigInteger,
    )
    existing = {
        (row[0], row[1])
        for row in connection.execute(
            sa.select(tally.c[period], tally.c.mission_id).where(
                tally.c.organisation_id == organisation_id, tally.c.dimension == "all", tally.c.value == ""
            )
        )
    }
    updates = [
        {"p": when, "m": mission_id, "s": shift_ms, "pm": person_ms}
        for (when, mission_id), (shift_ms, person_ms) in amounts.items()
        if (when, mission_id) in existing
    ]
    inserts = [
        {
            "organisation_id": organisation_id, period: when, "mission_id": mission_id, "dimension": "all",
            "value": "", "interventions": 0, "people": 0, "shift_ms": shift_ms, "person_ms": person_ms,
        }
        for (when, mission_id), (shift_ms, person_ms) in amounts.items()
        if (when, mission_id) not in existing
    ]
    if updates:
        connection.execute(
            tally.update()
            .where(
                tally.c.organisation_id == organisation_id,
                tally.c[period] == sa.bindparam("p"),
                tally.c.mission_id == sa.bindparam("m"),
                tally.c.dimension == "all",
                tally.c.value == "",
            )
            .values(shift_ms=sa.bindparam("s"), person_ms=sa.bindparam("pm")),
            updates,
        )
    if inserts:
        connection.execute(tally.insert(), inserts)


def downgrade():
    for tallies in ("daily_tally", "monthly_tally"):
        # Rows that held only shift hours go with them.
        op.execute(f"DELETE FROM {tallies} WHERE interventions = 0 AND people = 0 AND shift_ms != 0")
        with op.batch_alter_table(tallies) as batch_op:
            batch_op.drop_column('person_ms')
            batch_op.drop_column('shift_ms')
