from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from .clock import utcnow


class Organisation(db.Model):
    """A local PIMMS: every other row belongs to exactly one organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not unique: an admin renaming their organisation must not learn another tenant's name by
    # a refusal. The command line, which sees every tenant, refuses names it could not tell apart.
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    note_retention_days: Mapped[int] = mapped_column(default=365)
    # Bumped by every catalogue-visible change so phones know to refetch their copy.
    catalogue_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The printed report's logo, kept in the database (small, backed up with the rest, never
    # a path on disk a user could influence); deferred so pages that do not show it skip it.
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_type: Mapped[str | None] = mapped_column(String(32))

    @property
    def zone(self) -> ZoneInfo:
        """Its clocks: the days its figures count in, the times its pages show."""
        return ZoneInfo(self.timezone)

    def bump_catalogue(self) -> None:
        self.catalogue_version = (self.catalogue_version or 0) + 1
