"""The audit trail in words, newest first: an organisation's for its admins, a network's for its accounts."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, Indicator, InterventionType, Mission, Network, Organisation, Site, User
from .audit_words import audit_lines, names_of

PAGE_SIZE = 100
# The audited rows shown by name ("Tram T1" rather than "site 12"); an entry's entity is its
# row's table name.
_NAMED = {
    model.__tablename__: model for model in (User, Mission, Site, InterventionType, Organisation, Indicator, Network)
}


def audit_page(actor: User, page: int) -> dict:
    """One page of the actor's trail (their organisation's, or a network account's network's),
    in words, with actor and subject names."""
    page = max(page, 1)
    if actor.role == "network":
        # Its creation, its accounts and its exports; a member joining or leaving is written in
        # the member's own trail (services/networks.py).
        trail = AuditEntry.network_id == actor.network_id
    else:
        trail = AuditEntry.organisation_id == actor.organisation_id
    rows = db.session.scalars(
        select(AuditEntry)
        .where(trail)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    subjects = {}
    for entity, model in _NAMED.items():
        ids = {int(row.entity_id) for row in rows if row.entity == entity and row.entity_id.isdigit()}
        names = names_of(model, ids)
        subjects.update({(entity, str(row_id)): name for row_id, name in names.items()})
    return {"entries": audit_lines(actor, rows, subjects), "page": page, "has_next": has_next}
