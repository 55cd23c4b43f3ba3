"""The admins' view of the audit trail: every change in the organisation, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, Indicator, InterventionType, Mission, Organisation, Site, User

PAGE_SIZE = 100
# entity -> (model, attribute that names a row): shows "Tram T1" rather than "site 12".
_NAMED = {
    "user": (User, "name"),
    "mission": (Mission, "label"),
    "site": (Site, "label"),
    "intervention_type": (InterventionType, "label"),
    "organisation": (Organisation, "name"),
    "indicator": (Indicator, "label"),
}


@dataclass
class AuditLine:
    at: datetime
    actor_name: str
    entity: str
    entity_id: str
    subject: str
    action: str
    reason: str
    changes: dict


def audit_page(actor: User, page: int) -> dict:
    """One page of the organisation's audit entries, with actor and subject names."""
    page = max(page, 1)
    rows = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.organisation_id == actor.organisation_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    actors = _names(User, "name", {row.actor_id for row in rows if row.actor_id})
    subjects = {
        entity: _names(model, attribute, {int(row.entity_id) for row in rows if row.entity == entity})
        for entity, (model, attribute) in _NAMED.items()
    }
    lines = [
        AuditLine(
            at=row.at,
            actor_name=actors.get(row.actor_id, "—"),
            entity=row.entity,
            entity_id=row.entity_id,
            subject=subjects.get(row.entity, {}).get(_int(row.entity_id), row.entity_id),
            action=row.action,
            reason=row.reason,
            changes=row.changes or {},
        )
        for row in rows
    ]
    return {"entries": lines, "page": page, "has_next": has_next}


def _names(model, attribute: str, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(model.id, getattr(model, attribute)).where(model.id.in_(ids))
    return {row_id: name for row_id, name in db.session.execute(query)}


def _int(value: str):
    return int(value) if value.isdigit() else value
