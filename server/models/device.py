from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

if TYPE_CHECKING:
    from .user import User


class Device(db.Model):
    """A phone of the organisation as its last sync left it: one row per device id.

    What the phone says of itself (records waiting, the oldest of them, its app version) covers
    every account signed in on it, so a coordinator sees a phone that holds someone's records
    before they are lost. Null where the phone did not say (an app older than the report).
    """

    __table_args__ = (UniqueConstraint("organisation_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint's index (organisation first) serves the organisation's list too.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    # The server's clock, never the phone's.
    last_sync_at: Mapped[datetime]
    last_user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    pending: Mapped[int | None]
    oldest_pending_at: Mapped[datetime | None]
    app_version: Mapped[str | None] = mapped_column(String(32))

    last_user: Mapped[User] = relationship()
