from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .clock import utcnow

if TYPE_CHECKING:
    from .mission import Mission
    from .network import Network
    from .organisation import Organisation

# OWASP Password Storage Cheat Sheet (2024+): argon2id, 19 MiB, 2 iterations, 1 lane.
password_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class User(db.Model):
    """A person who signs in: a mediator, a coordinator, an admin or a partner of one organisation,
    or a network account, which belongs to a network and to no organisation."""

    # An address is unique within an organisation only: an admin adding a person must not learn
    # that another organisation has the address. Sign-in tells the accounts apart by their
    # password (services/auth.py); network accounts (no organisation) stay unique among themselves.
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a network account only (then `network_id` is set).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # role, pole: codes of server/vocabulary.py (ROLES, POLES).
    role: Mapped[str] = mapped_column(String(16))
    pole: Mapped[str | None] = mapped_column(String(16))
    # A partner account's partner name (Mission.partner): the only missions it may read.
    partner: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the password was last set (None: before this was kept, then `created_at` stands in).
    # Sign-in opens the account whose password was set last when several at one address match.
    password_set_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship()
    network: Mapped[Network | None] = relationship()
    missions: Mapped[list[Mission]] = relationship(secondary="user_mission")

    def set_password(self, password: str) -> None:
        self.password_hash = password_hasher.hash(password)
        self.password_set_at = utcnow()

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        try:
            return password_hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def is_coordinator(self) -> bool:
        return self.role in ("coordinator", "admin")

    # Flask-Login protocol: the login identity is the server-side session, not the user.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)


class UserSession(db.Model):
    """A signed-in browser or phone; deleting the row is what signs it out everywhere."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=lambda: secrets.token_urlsafe(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class SignInBudget(db.Model):
    """What is left of one sign-in budget (per address and account, per device, per account).

    Keyed by a keyed hash of the address, device and e-mail typed: an address nobody has an
    account for is counted like any other, and the table holds no e-mail in clear.
    """

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The same keyed hash of the e-mail alone: an admin's password reset empties them all.
    account: Mapped[str] = mapped_column(String(64), index=True)
    # Attempts counted, draining continuously since `updated_at` (Unix time).
    level: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float, index=True)
