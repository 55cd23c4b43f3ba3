from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .phone_record import PhoneRecord

if TYPE_CHECKING:
    from .mission import InterventionType
    from .shift import Shift

NOTE_MAX_LENGTH = 280


class Intervention(PhoneRecord, db.Model):
    """One tap on the phone: a client helped, with the motif(s) and who they were."""

    __table_args__ = (
        Index("ix_intervention_org_day", "organisation_id", "occurred_on"),
        Index("ix_intervention_org_mission_day", "organisation_id", "mission_id", "occurred_on"),
        # The desk's table pages by (time, id) after the last row shown (services/intervention_search.py).
        Index("ix_intervention_org_moment", "organisation_id", "occurred_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shift.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Copied from the shift so reports group without a join.
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    occurred_at: Mapped[datetime]
    utc_offset_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Day and hour in the organisation's time zone, fixed at write time so reports can
    # GROUP BY them on either database without time-zone arithmetic in SQL.
    occurred_on: Mapped[date]
    occurred_hour: Mapped[int] = mapped_column(SmallInteger)
    # gender, age_band, place, duration, mask_outcome: codes of server/vocabulary.py.
    gender: Mapped[str] = mapped_column(String(8), default="unknown")
    age_band: Mapped[str] = mapped_column(String(8), default="unknown")
    place: Mapped[str | None] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(default=1)
    duration: Mapped[str | None] = mapped_column(String(8))
    mask_reminder: Mapped[bool] = mapped_column(default=False)
    mask_outcome: Mapped[str | None] = mapped_column(String(8))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX_LENGTH))

    shift: Mapped[Shift] = relationship()
    motifs: Mapped[list[InterventionMotif]] = relationship(
        cascade="all, delete-orphan", order_by="InterventionMotif.position"
    )

    @property
    def type_codes(self) -> list[str]:
        return [motif.type.code for motif in self.motifs]


class InterventionMotif(db.Model):
    """One motif of an intervention; a post-office contact often has several."""

    intervention_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), primary_key=True
    )
    type_id: Mapped[int] = mapped_column(ForeignKey("intervention_type.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)

    type: Mapped[InterventionType] = relationship(lazy="joined")
