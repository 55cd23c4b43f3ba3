from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .clock import utcnow


class SyncBatch(db.Model):
    """One sync request from a phone: the device's clock and what became of its records."""

    __table_args__ = (Index("ix_sync_batch_org_user", "organisation_id", "user_id", "server_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    client_time: Mapped[datetime | None]
    server_time: Mapped[datetime] = mapped_column(default=utcnow)
    # Device clock minus server clock, in seconds, to flag phones whose clock is wrong.
    clock_skew_seconds: Mapped[int] = mapped_column(default=0)
    record_count: Mapped[int] = mapped_column(default=0)
    statuses: Mapped[dict] = mapped_column(JSON, default=dict)
