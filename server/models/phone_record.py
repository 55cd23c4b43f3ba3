from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .clock import utcnow


class PhoneRecord:
    """What every row a phone creates, and may send again, keeps (a shift, an intervention)."""

    device_id: Mapped[str] = mapped_column(String(64), default="")
    # The phone's own time of its last change: an older copy never overwrites a newer one.
    client_updated_at: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(default=False)
    # Set once a coordinator changes the row: the phone's copy may no longer overwrite it.
    corrected_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
