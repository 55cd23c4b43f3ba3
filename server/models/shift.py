from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Index, Table, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .phone_record import PhoneRecord

if TYPE_CHECKING:
    from .mission import Mission, Site
    from .user import User

shift_teammate = Table(
    "shift_teammate",
    db.metadata,
    Column("shift_id", ForeignKey("shift.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id"), primary_key=True),
)


class Shift(PhoneRecord, db.Model):
    """A mediator's vacation: a mission, a line or site, a start and (once closed) an end."""

    __table_args__ = (Index("ix_shift_org_started", "organisation_id", "started_at"),)

    # Generated on the phone, so a replayed record always names the same row.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    mediator_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

    mediator: Mapped[User] = relationship(foreign_keys=[mediator_id])
    mission: Mapped[Mission] = relationship()
    site: Mapped[Site | None] = relationship()
    teammates: Mapped[list[User]] = relationship(secondary=shift_teammate)

    @property
    def duration_seconds(self) -> int | None:
        if self.ended_at is None:
            return None
        return max(0, int((self.ended_at - self.started_at).total_seconds()))
