"""Deleting or restoring a shift, its interventions with it when the coordinator asks.

A shift logged by mistake (a test, a phone left running) takes its interventions with it in
one action; restoring it brings back exactly those, not one deleted on its own before. The
shift's entry lists them, so the restore reads them there; each intervention gets its own
entry too, and the tallies move in the same transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..extensions import db
from ..models import AuditEntry, Intervention, Shift, User
from .corrections import find_shift, mark_deleted, mark_intervention_deleted
from .shift_tallies import ShiftHoursWatch
from .tallies import Deltas, apply_deltas

# The key of a shift's delete or restore entry that lists the interventions changed with it.
ALONG = "interventions"


def set_shift_deleted(
    user: User, shift_id: uuid.UUID, deleted: bool, reason: str, with_interventions: bool = False
) -> Shift:
    """Delete or restore a shift (its hours leave or join the figures), and with
    `with_interventions` its interventions: on delete those still kept, on restore those
    deleted with it."""
    begin_write()
    shift = find_shift(user, shift_id, lock=True)
    rows = _along(user, shift, deleted) if with_interventions else []
    tallies = Deltas()
    # Its hours leave or join the figures, and a teammate's shift may count that teammate again.
    hours = ShiftHoursWatch(user.organisation_id, user.organisation.zone)
    hours.add(shift.id, shift.mediator_id, shift.started_at, shift.ended_at)
    hours.read()
    for row in rows:
        mark_intervention_deleted(user, row, deleted, reason, tallies)
    along = {ALONG: [None, [str(row.id) for row in rows]]} if rows else None
    mark_deleted(user, shift, "shift", deleted, reason, lambda: setattr(shift, "deleted", deleted), along)
    hours.settle(tallies)
    apply_deltas(tallies)
    db.session.commit()
    return shift


def deletable_along(user: User, shift: Shift) -> int:
    """How many interventions a delete (or a restore) of the shift would take along."""
    return len(_ids_along(user, shift, not shift.deleted))


def _along(user: User, shift: Shift, deleted: bool) -> list[Intervention]:
    ids = _ids_along(user, shift, deleted)
    if not ids:
        return []
    query = (
        select(Intervention)
        .where(Intervention.id.in_(ids), Intervention.deleted.is_(not deleted))
        .options(selectinload(Intervention.motifs))
        .order_by(Intervention.id)
        .with_for_update(of=Intervention)
    )
    return list(db.session.scalars(query))


def _ids_along(user: User, shift: Shift, deleted: bool) -> list[uuid.UUID]:
    if deleted:
        query = select(Intervention.id).where(Intervention.shift_id == shift.id, Intervention.deleted.is_(False))
        return list(db.session.scalars(query))
    entry = db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.organisation_id == user.organisation_id,
            AuditEntry.entity == "shift",
            AuditEntry.entity_id == str(shift.id),
            AuditEntry.action == "delete",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    listed = (entry.changes or {}).get(ALONG, [None, []])[1] if entry else []
    ids = [uuid.UUID(value) for value in listed]
    if not ids:
        return []
    # Only those still deleted: one restored on its own since is already back.
    query = select(Intervention.id).where(
        Intervention.id.in_(ids), Intervention.shift_id == shift.id, Intervention.deleted.is_(True)
    )
    return list(db.session.scalars(query))
