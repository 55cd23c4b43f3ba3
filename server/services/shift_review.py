"""The coordinator's review of shift logs: who was where, how much, and what looks wrong."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AuditEntry, Intervention, Shift, SyncBatch, SyncRejection, User
from ..models.clock import utcnow
from ..vocabulary import SHIFT_FLAGS
from .aggregates import seconds_between
from .corrections import find_shift
from .shifts import LIST_LIMIT, shift_interventions, shift_query

LATE_SYNC = timedelta(hours=24)
CLOCK_SKEW_SECONDS = 5 * 60
# A shift still open this long after its start was forgotten, not worked: flag it.
OPEN_SHIFT_LIMIT = timedelta(hours=12)


def review_shifts(
    user: User,
    first: date,
    last: date,
    mediator: int | None = None,
    mission: str | None = None,
    site: str | None = None,
    flag: str | None = None,
) -> list[dict]:
    """Shifts started in [first, last] (local days) with their counts and flags, newest first."""
    shifts = list(db.session.scalars(shift_query(user, first, last, mediator, mission, site).limit(LIST_LIMIT)))
    rows = [{"shift": shift, **stats} for shift, stats in zip(shifts, _stats(user, shifts), strict=True)]
    if flag:
        rows = [row for row in rows if flag in row["flags"]]
    return rows


def _stats(user: User, shifts: list[Shift]) -> list[dict]:
    ids = [shift.id for shift in shifts]
    late = seconds_between(Intervention.occurred_at, Intervention.received_at) > LATE_SYNC.total_seconds()
    per_shift = {
        shift_id: (count, late_count, last)
        for shift_id, count, late_count, last in db.session.execute(
            select(
                Intervention.shift_id,
                func.count().filter(Intervention.deleted.is_(False)),
                func.count().filter(late),
                func.max(Intervention.received_at),
            )
            .where(Intervention.shift_id.in_(ids))
            .group_by(Intervention.shift_id)
        )
    }
    rejected = dict(
        db.session.execute(
            select(SyncRejection.shift_id, func.count())
            .where(
                SyncRejection.organisation_id == user.organisation_id,
                SyncRejection.shift_id.in_([str(shift_id) for shift_id in ids]),
            )
            .group_by(SyncRejection.shift_id)
        ).all()
    )
    skewed = _skewed_batches(user, shifts)
    now = utcnow()
    results = []
    for shift in shifts:
        count, late_count, last = per_shift.get(shift.id, (0, 0, None))
        last_received = max(shift.received_at, last or shift.received_at)
        late_count += int(shift.received_at - shift.started_at > LATE_SYNC)
        open_too_long = shift.ended_at is None and now - shift.started_at > OPEN_SHIFT_LIMIT
        window = (shift.started_at - timedelta(hours=1), last_received + timedelta(minutes=1))
        # One entry per code of SHIFT_FLAGS (their labels say what each rule means).
        flags = {
            "never_ended": open_too_long,
            "late_sync": late_count > 0,
            "clock_off": any(
                user_id == shift.mediator_id and device == shift.device_id and window[0] <= at <= window[1]
                for user_id, device, at in skewed
            ),
            "no_intervention": count == 0 and (shift.ended_at is not None or open_too_long),
            "rejected": rejected.get(str(shift.id), 0) > 0,
        }
        results.append(
            {
                "interventions": count,
                "late": late_count,
                "rejected": rejected.get(str(shift.id), 0),
                "flags": [name for name in SHIFT_FLAGS if flags[name]],
            }
        )
    return results


def _skewed_batches(user: User, shifts: list[Shift]) -> list[tuple[int, str, datetime]]:
    if not shifts:
        return []
    query = select(SyncBatch.user_id, SyncBatch.device_id, SyncBatch.server_time).where(
        SyncBatch.organisation_id == user.organisation_id,
        SyncBatch.user_id.in_({shift.mediator_id for shift in shifts}),
        SyncBatch.server_time >= min(shift.started_at for shift in shifts) - timedelta(hours=1),
        or_(SyncBatch.clock_skew_seconds > CLOCK_SKEW_SECONDS, SyncBatch.clock_skew_seconds < -CLOCK_SKEW_SECONDS),
    )
    return [tuple(row) for row in db.session.execute(query)]


def shift_detail(user: User, shift_id: uuid.UUID) -> dict:
    """A shift's timeline of interventions, its audit trail and its device's sync history."""
    shift = find_shift(user, shift_id)
    stats = _stats(user, [shift])[0]
    interventions = shift_interventions(shift)
    last = max([shift.received_at] + [row.received_at for row in interventions])
    batches = db.session.scalars(
        select(SyncBatch)
        .where(
            SyncBatch.organisation_id == user.organisation_id,
            SyncBatch.user_id == shift.mediator_id,
            SyncBatch.device_id == shift.device_id,
            SyncBatch.server_time >= shift.started_at - timedelta(days=1),
            SyncBatch.server_time <= last + timedelta(days=1),
        )
        .order_by(SyncBatch.server_time)
        .limit(100)
    ).all()
    rejections = db.session.scalars(
        select(SyncRejection)
        .where(SyncRejection.organisation_id == user.organisation_id, SyncRejection.shift_id == str(shift.id))
        .options(selectinload(SyncRejection.batch))
        .order_by(SyncRejection.id)
    ).all()
    return {
        "shift": shift,
        **stats,
        "timeline": interventions,
        "batches": batches,
        "rejections": rejections,
        "history": history(user, ["shift"], [shift.id])
        + history(user, ["intervention"], [r.id for r in interventions]),
        "late_sync": LATE_SYNC,
        "clock_skew_seconds": CLOCK_SKEW_SECONDS,
    }


def history(user: User, entities: list[str], ids: list) -> list[AuditEntry]:
    """Audit entries of some records, oldest first, with who made them."""
    if not ids:
        return []
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.organisation_id == user.organisation_id,
            AuditEntry.entity.in_(entities),
            AuditEntry.entity_id.in_([str(value) for value in ids]),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    entries = list(db.session.scalars(query))
    names = dict(
        db.session.execute(select(User.id, User.name).where(User.organisation_id == user.organisation_id)).all()
    )
    for entry in entries:
        entry.actor_name = names.get(entry.actor_id, "")
    return entries
