from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

if TYPE_CHECKING:
    from .mission import Mission

# `IndicatorValue.month` of a value entered once for the whole year.
WHOLE_YEAR = 0


class Indicator(db.Model):
    """A figure that is not a tap (training hours, euros of debt recovered, flyers...), defined
    by an admin for the organisation or for one mission, and entered by coordinators.

    Its code is unique in the organisation and never changes, so that a network of PIMMS can
    add up the same indicator across its members.
    """

    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # None: an organisation-wide figure (the report's synthesis); else the mission's section.
    mission_id: Mapped[int | None] = mapped_column(ForeignKey("mission.id"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120), default="")
    unit: Mapped[str] = mapped_column(String(16), default="count")
    # "monthly": a value per month, the year is their sum; "yearly": one value for the year.
    periodicity: Mapped[str] = mapped_column(String(16), default="monthly")
    position: Mapped[int] = mapped_column(default=0)
    # Kept, with its values, once anything was entered: reports of past years still show it.
    archived: Mapped[bool] = mapped_column(default=False)

    mission: Mapped[Mission | None] = relationship()


class IndicatorValue(db.Model):
    """One month's value of an indicator (or the year's, month 0), in hundredths: exact sums."""

    __table_args__ = (UniqueConstraint("indicator_id", "year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    hundredths: Mapped[int] = mapped_column(BigInteger)
