"""What the server did not apply, kept for the coordinator's shift review, within bounds.

A phone's errors are the sender's words as much as the server's (a refused key is named as
sent): they are cut to size before they are answered or stored, a rejection is tied only to
a shift of the sender's own, and a batch or a shift keeps a bounded number of them. The
batch log counts every result, stored or not, so nothing goes unseen.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select

from ...extensions import db
from ...models import Shift, SyncRejection
from .batch import Batch

# What the server did not apply.
REJECTED = ("invalid", "conflict", "gone")
# A real phone's batch has a handful of refusals, a shift a few dozen over its life.
PER_BATCH = 20
PER_SHIFT = 100
# An error names at most a record's fields (about 15), each with one or two messages.
ERROR_KEYS = 20
MESSAGES = 3
KEY_LENGTH = 40
MESSAGE_LENGTH = 300
ID_LENGTH = 64


def storable(text: str, limit: int) -> str:
    """`text` cut to `limit` characters that UTF-8 and both databases accept."""
    text = text[:limit]
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text[:limit]


def bounded_errors(errors, depth: int = 0):
    """A record's errors with at most ERROR_KEYS names and MESSAGES messages each, cut to size."""
    if isinstance(errors, dict):
        items = list(errors.items())
        bounded = {
            storable(str(name), KEY_LENGTH): bounded_errors(value, depth + 1) for name, value in items[:ERROR_KEYS]
        }
        if len(items) > ERROR_KEYS:
            bounded["_more"] = [f"+{len(items) - ERROR_KEYS}"]
        return bounded
    if isinstance(errors, list | tuple):
        return [bounded_errors(value, depth + 1) for value in errors[:MESSAGES]]
    if isinstance(errors, str):
        return storable(errors, MESSAGE_LENGTH)
    return errors if isinstance(errors, int | float | bool) or errors is None else storable(str(errors), MESSAGE_LENGTH)


def log_rejections(batch: Batch, envelope: dict, log_id: int) -> None:
    """Keep the batch's refused records (a bounded number) beside the shift they name."""
    rejected = [result for result in batch.results if result["status"] in REJECTED][:PER_BATCH]
    if not rejected:
        return
    # The raw records say which shift each one names, even when it failed validation.
    origin: dict[str, tuple[str, object]] = {}
    for record in envelope["shifts"]:
        origin[str(record.get("id"))] = ("shift", record.get("id"))
    for record in envelope["interventions"]:
        origin[str(record.get("id"))] = ("intervention", record.get("shift_id"))
    named = {result_id: _as_uuid(origin.get(str(result_id), ("unknown", None))[1]) for result_id in _ids(rejected)}
    own = _own_shifts(batch, {shift_id for shift_id in named.values() if shift_id is not None})
    room = _room_per_shift(batch, own)
    kept: list[dict] = []
    for result in rejected:
        kind = origin.get(str(result["id"]), ("unknown", None))[0]
        shift_id = named.get(result["id"])
        if shift_id not in own:
            # Another person's shift, or none: the rejection stays in the sender's batch log only.
            shift_id = None
        elif room[shift_id] <= 0:
            continue
        else:
            room[shift_id] -= 1
        kept.append(
            {
                "organisation_id": batch.user.organisation_id,
                "batch_id": log_id,
                "kind": kind,
                "record_id": storable(result["id"], ID_LENGTH) if isinstance(result["id"], str) else None,
                "shift_id": str(shift_id) if shift_id is not None else None,
                "status": result["status"],
                "errors": result.get("errors") or {},
            }
        )
    if kept:
        db.session.execute(insert(SyncRejection), kept)


def _ids(results: list[dict]) -> list:
    return [result["id"] for result in results]


def _as_uuid(value) -> uuid.UUID | None:
    if not isinstance(value, str) or len(value) > 45:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _own_shifts(batch: Batch, shift_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `shift_ids` that are the sender's own shifts."""
    user_id = batch.user.id
    # A teammate logs into the shift too: it is theirs as much as its mediator's.
    known = {
        shift_id
        for shift_id, shift in batch.shifts.items()
        if shift_id in shift_ids and (shift.mediator_id == user_id or user_id in {mate.id for mate in shift.teammates})
    }
    unknown = shift_ids - batch.shifts.keys()
    if unknown:
        query = select(Shift.id).where(Shift.id.in_(unknown), Shift.mediator_id == batch.user.id)
        known |= set(db.session.scalars(query))
    return shift_ids & known


def _room_per_shift(batch: Batch, shift_ids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not shift_ids:
        return {}
    stored = dict(
        db.session.execute(
            select(SyncRejection.shift_id, func.count())
            .where(
                SyncRejection.organisation_id == batch.user.organisation_id,
                SyncRejection.shift_id.in_([str(shift_id) for shift_id in shift_ids]),
            )
            .group_by(SyncRejection.shift_id)
        ).all()
    )
    return {shift_id: PER_SHIFT - stored.get(str(shift_id), 0) for shift_id in shift_ids}
