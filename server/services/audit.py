"""The audit trail: every change after a record's creation, with who, when and why."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ..extensions import db
from ..models import AuditEntry, User

# The reason of entries made at the command line, where nobody is signed in (actor None).
COMMAND_LINE = "cli"


def jsonable(value):
    """A value as it can be stored in the JSON `changes` column."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple):
        return [jsonable(item) for item in value]
    return value


def changes_between(before: dict, after: dict) -> dict:
    """{field: [before, after]} for each field of `after` whose value differs, as entries store it."""
    return {name: [jsonable(before[name]), jsonable(value)] for name, value in after.items() if before[name] != value}


def record_change(
    actor: User | None,
    entity: str,
    entity_id,
    action: str,
    changes: dict,
    reason: str = "",
    organisation_id: int | None = None,
    network_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (it commits with the change itself).

    `actor` None is the installation's superuser at the command line: the entry then names
    the organisation (or the network) it belongs to and, unless told otherwise, gives "cli" as
    its reason. A network account's entries go to its network's trail.
    """
    if actor is None and organisation_id is None and network_id is None:
        raise ValueError("An entry without an actor must name its organisation or network.")
    entry = AuditEntry(
        organisation_id=actor.organisation_id if actor is not None else organisation_id,
        network_id=actor.network_id if actor is not None else network_id,
        actor_id=actor.id if actor is not None else None,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        reason=reason or ("" if actor is not None else COMMAND_LINE),
        changes=changes,
    )
    db.session.add(entry)
    return entry
