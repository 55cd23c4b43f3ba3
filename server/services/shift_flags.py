"""Each review flag of SHIFT_FLAGS as a condition on Shift, computed by the database.

Written once as SQL so the review can filter by a flag and count each flag over a whole
period before paging (a month of a large organisation holds thousands of shifts), and so the
list, its counts and a shift's own page can never disagree about what a flag means.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, String, and_, case, cast, exists, func, not_, or_, select

from ..extensions import db
from ..models import Intervention, Shift, SyncBatch, SyncRejection
from ..vocabulary import SHIFT_FLAGS
from .aggregates import seconds_between

LATE_SYNC = timedelta(hours=24)
CLOCK_SKEW_SECONDS = 5 * 60
# A shift still open this long after its start was forgotten, not worked: flag it.
OPEN_SHIFT_LIMIT = timedelta(hours=12)
# A sync counts for a shift from an hour before its start to a minute after its last record
# arrived: the phone's clock then was the one that timed its records.
_CLOCK_BEFORE, _CLOCK_AFTER = 3600, 60


def flag_conditions(now: datetime) -> dict[str, ColumnElement[bool]]:
    """{flag code: condition on Shift}, in SHIFT_FLAGS' order, as of `now` (naive UTC)."""
    late = LATE_SYNC.total_seconds()
    never_ended = and_(Shift.ended_at.is_(None), Shift.started_at < now - OPEN_SHIFT_LIMIT)
    of_shift = Intervention.shift_id == Shift.id
    received_late = or_(
        seconds_between(Shift.started_at, Shift.received_at) > late,
        exists().where(of_shift, seconds_between(Intervention.occurred_at, Intervention.received_at) > late),
    )
    # The window ends with the last record received: the shift's own, or one of its interventions'.
    within_window = and_(
        seconds_between(SyncBatch.server_time, Shift.started_at) <= _CLOCK_BEFORE,
        or_(
            seconds_between(Shift.received_at, SyncBatch.server_time) <= _CLOCK_AFTER,
            exists().where(of_shift, seconds_between(Intervention.received_at, SyncBatch.server_time) <= _CLOCK_AFTER),
        ),
    )
    clock_off = exists().where(
        SyncBatch.organisation_id == Shift.organisation_id,
        SyncBatch.user_id == Shift.mediator_id,
        SyncBatch.device_id == Shift.device_id,
        or_(SyncBatch.clock_skew_seconds > CLOCK_SKEW_SECONDS, SyncBatch.clock_skew_seconds < -CLOCK_SKEW_SECONDS),
        within_window,
    )
    empty = and_(
        not_(exists().where(of_shift, Intervention.deleted.is_(False))),
        or_(Shift.ended_at.is_not(None), never_ended),
    )
    rejected = exists().where(
        SyncRejection.organisation_id == Shift.organisation_id, SyncRejection.shift_id == _shift_id_text()
    )
    conditions = {
        "never_ended": never_ended,
        "late_sync": received_late,
        "clock_off": clock_off,
        "no_intervention": empty,
        "rejected": rejected,
    }
    return {code: conditions[code] for code in SHIFT_FLAGS}


def _shift_id_text() -> ColumnElement[str]:
    # A rejection names its shift as the phone wrote it (text with dashes): SQLite stores the
    # shift's id as 32 hex digits, PostgreSQL as a uuid.
    if db.session.get_bind().dialect.name == "sqlite":
        parts = [func.substr(Shift.id, start, length) for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
        text = parts[0]
        for part in parts[1:]:
            text = text + "-" + part
        return func.lower(text)
    return cast(Shift.id, String)


def flags_of(shift_ids: list, now: datetime) -> dict:
    """{shift id: [its flag codes]} for some shifts."""
    if not shift_ids:
        return {}
    conditions = flag_conditions(now)
    query = select(Shift.id, *(case((condition, 1), else_=0) for condition in conditions.values()))
    return {
        row[0]: [code for code, flagged in zip(conditions, row[1:], strict=True) if flagged]
        for row in db.session.execute(query.where(Shift.id.in_(shift_ids)))
    }
