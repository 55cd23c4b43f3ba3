from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .clock import utcnow


class AuditEntry(db.Model):
    """Who changed what, when and why: every change after a record's creation leaves one."""

    __table_args__ = (Index("ix_audit_entity", "organisation_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The trail an entry belongs to: an organisation's, or (organisation None) a network's: its
    # creation, its accounts, its exports, none of them any organisation's.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(500), default="")
    # {"field": [before, after], ...}
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
