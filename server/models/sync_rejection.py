from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .sync_log import SyncBatch


class SyncRejection(db.Model):
    """A record of a sync batch the server did not apply (invalid, conflict, gone).

    Kept so the coordinator sees, on the shift concerned, that something sent from the phone
    is not in the figures. `shift_id` is the shift named by the record, as text: an invalid
    record may name no real shift at all.
    """

    __table_args__ = (Index("ix_sync_rejection_org_shift", "organisation_id", "shift_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("sync_batch.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str | None] = mapped_column(String(64))
    shift_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    errors: Mapped[dict] = mapped_column(JSON, default=dict)

    batch: Mapped[SyncBatch] = relationship()

    @property
    def received_at(self) -> datetime:
        return self.batch.server_time
