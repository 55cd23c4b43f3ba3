from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateLimitCounter(db.Model):
    """A fixed-window hit counter (e.g. sign-in attempts from one address)."""

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    # Unix time at which the window closes and the count starts again from zero.
    expires_at: Mapped[float] = mapped_column(Float)
