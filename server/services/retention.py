"""Data retention: free-text notes go after each organisation's period; records stay.

A note can name or describe a person, so it is the one field that does not outlive its use.
The audit trail copies notes too (corrections and phone updates record before and after), so
those copies go with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from ..database import begin_write
from ..extensions import db
from ..models import AuditEntry, Intervention, Organisation
from ..models.clock import utcnow

PURGED = "[supprimé : durée de conservation]"


@dataclass
class PurgeResult:
    organisation: str
    retention_days: int
    cutoff: datetime
    notes: int
    audit_entries: int


def purge_notes(now: datetime | None = None, dry_run: bool = False) -> list[PurgeResult]:
    """Delete notes of interventions older than their organisation's retention period."""
    now = now or utcnow()
    if not dry_run:
        begin_write()
    results = []
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        cutoff = now - timedelta(days=organisation.note_retention_days)
        old_notes = (
            Intervention.organisation_id == organisation.id,
            Intervention.note.is_not(None),
            Intervention.occurred_at < cutoff,
        )
        notes = db.session.scalar(select(func.count()).select_from(Intervention).where(*old_notes))
        if notes and not dry_run:
            # updated_at is kept: the record did not change for anyone reviewing it.
            db.session.execute(
                update(Intervention)
                .where(*old_notes)
                .values(note=None, updated_at=Intervention.updated_at)
                .execution_options(synchronize_session=False)
            )
        audit_entries = _scrub_audit_notes(organisation, cutoff, dry_run)
        results.append(PurgeResult(organisation.name, organisation.note_retention_days, cutoff, notes, audit_entries))
    if not dry_run:
        db.session.commit()
    return results


def _scrub_audit_notes(organisation: Organisation, cutoff: datetime, dry_run: bool) -> int:
    """Blank the note in audit entries about interventions older than the cutoff, whatever
    the entry's own age: a recent correction of an old record still holds the old note."""
    # The JSON column is searched in Python: the same code on both databases, once a night.
    entries = [
        entry
        for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.organisation_id == organisation.id, AuditEntry.entity == "intervention")
        )
        if any(value not in (None, PURGED) for value in (entry.changes or {}).get("note") or ())
    ]
    if not entries:
        return 0
    ids = {uuid.UUID(entry.entity_id) for entry in entries}
    old = set(
        db.session.scalars(select(Intervention.id).where(Intervention.id.in_(ids), Intervention.occurred_at < cutoff))
    )
    scrubbed = [entry for entry in entries if uuid.UUID(entry.entity_id) in old]
    if not dry_run:
        for entry in scrubbed:
            before, after = entry.changes["note"]
            entry.changes = {**entry.changes, "note": [_purged(before), _purged(after)]}
    return len(scrubbed)


def _purged(value):
    return None if value is None else PURGED
