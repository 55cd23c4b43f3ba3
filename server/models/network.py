from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .clock import utcnow

if TYPE_CHECKING:
    from .organisation import Organisation


class Network(db.Model):
    """A national network (the union nationale des PIMMS) that adds up its members' figures."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[NetworkMembership]] = relationship(back_populates="network")


class NetworkMembership(db.Model):
    """An organisation's figures reaching a network from `joined_at` until `left_at` (UTC).

    Rows are never deleted: a member that left keeps the row of its past membership, so the
    figures of the time it was a member stay reproducible; joining again adds a row.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]

    network: Mapped[Network] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()
