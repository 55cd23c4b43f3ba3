"""The coordinator's review of shift logs: who was where, how much, and what looks wrong."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import AuditEntry, Intervention, Shift, SyncBatch, SyncRejection, User
from ..models.clock import utcnow
from .aggregates import seconds_between
from .audit_words import AuditLine, audit_lines, moment_words
from .corrections import find_shift
from .shift_flags import CLOCK_SKEW_SECONDS, LATE_SYNC, flag_conditions, flags_of
from .shifts import shift_filters, shift_interventions, shift_query
from .sync.rejections import PER_SHIFT as REJECTIONS_PER_SHIFT

PAGE_SIZES = (50, 100, 200, 500)


def review_shifts(
    user: User,
    first: date,
    last: date,
    flag: str | None = None,
    page: int | None = None,
    size: int | None = None,
    **criteria,
) -> dict:
    """One page of the shifts started in [first, last] (local days) that shift_filters keeps
    (`criteria`: its mediator, mission, site), newest first, with their counts and flags; the
    number of shifts the filters keep, and of each flag in the period (the flag filter apart,
    so the legend still tells what the other flags hold)."""
    criteria = {"first": first, "last": last, **criteria}
    filters = shift_filters(user, **criteria)
    conditions = flag_conditions(utcnow())
    counted = db.session.execute(
        select(func.count(), *(func.count().filter(condition) for condition in conditions.values()))
        .select_from(Shift)
        .where(*filters)
    ).one()
    flag_counts = dict(zip(conditions, counted[1:], strict=True))
    total = flag_counts.get(flag, 0) if flag else counted[0]
    size = size or PAGE_SIZES[1]
    pages = max(1, -(-total // size))
    page = min(max(page or 1, 1), pages)
    query = shift_query(user, **criteria)
    if flag:
        # An unknown flag keeps nothing, as an unknown mission does.
        query = query.where(conditions.get(flag, false()))
    shifts = list(db.session.scalars(query.offset((page - 1) * size).limit(size)))
    rows = [{"shift": shift, **stats} for shift, stats in zip(shifts, _stats(user, shifts), strict=True)]
    return {"rows": rows, "total": total, "flag_counts": flag_counts, "page": page, "pages": pages, "size": size}


def _stats(user: User, shifts: list[Shift]) -> list[dict]:
    ids = [shift.id for shift in shifts]
    late = seconds_between(Intervention.occurred_at, Intervention.received_at) > LATE_SYNC.total_seconds()
    per_shift = {
        shift_id: (count, late_count)
        for shift_id, count, late_count in db.session.execute(
            select(
                Intervention.shift_id,
                func.count().filter(Intervention.deleted.is_(False)),
                func.count().filter(late),
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
    flags = flags_of(ids, utcnow())
    results = []
    for shift in shifts:
        count, late_count = per_shift.get(shift.id, (0, 0))
        late_count += int(shift.received_at - shift.started_at > LATE_SYNC)
        results.append(
            {
                "interventions": count,
                "late": late_count,
                "rejected": rejected.get(str(shift.id), 0),
                "flags": flags.get(shift.id, []),
            }
        )
    return results


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
        # Rows stored before the sync bounded them per shift: the page stays readable.
        .limit(REJECTIONS_PER_SHIFT)
    ).all()
    # On the shift's page an intervention's entry says which one: the time it happened.
    zone = user.organisation.zone
    subjects = {("intervention", str(row.id)): moment_words(row.occurred_at.isoformat(), zone) for row in interventions}
    return {
        "shift": shift,
        **stats,
        "timeline": interventions,
        "batches": batches,
        "rejections": rejections,
        "history": history(user, ["shift", "intervention"], [shift.id, *(row.id for row in interventions)], subjects),
        "late_sync": LATE_SYNC,
        "clock_skew_seconds": CLOCK_SKEW_SECONDS,
    }


def history(user: User, entities: list[str], ids: list, subjects: dict | None = None) -> list[AuditLine]:
    """Audit entries of some records, oldest first, in words (`subjects` as audit_lines takes them)."""
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
    return audit_lines(user, list(db.session.scalars(query)), subjects)
