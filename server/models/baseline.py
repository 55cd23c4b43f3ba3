from __future__ import annotations

from sqlalchemy import ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class Baseline(db.Model):
    """A year's totals of a mission entered by a coordinator, for a year the tool has no taps
    of (its first year of use compares with the year before). The report uses them only
    where the tallies have nothing for that year and mission, and says so."""

    __table_args__ = (UniqueConstraint("mission_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    interventions: Mapped[int | None]
    people: Mapped[int | None]

    motifs: Mapped[list[BaselineMotif]] = relationship(cascade="all, delete-orphan")


class BaselineMotif(db.Model):
    """Motifs of one intervention type in a mission's entered year."""

    baseline_id: Mapped[int] = mapped_column(ForeignKey("baseline.id", ondelete="CASCADE"), primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("intervention_type.id"), primary_key=True)
    motifs: Mapped[int]
