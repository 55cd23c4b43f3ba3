"""The audit trail: every change after a record's creation, with who, when and why."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ..extensions import db
from ..models import AuditEntry, User


def jsonable(value):
    """A value as it can be stored in the JSON `changes` column."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple):
        return [jsonable(item) for item in value]
    return value


def record_change(actor: User, entity: str, entity_id, action: str, changes: dict, reason: str = "") -> AuditEntry:
    """Add an audit entry to the current transaction (it commits with the change itself)."""
    entry = AuditEntry(
        organisation_id=actor.organisation_id,
        actor_id=actor.id,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        reason=reason,
        changes=changes,
    )
    db.session.add(entry)
    return entry
