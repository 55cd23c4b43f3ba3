from datetime import date

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

# The dimensions a day's interventions are counted by; `value` holds the code (or the id of
# the site, mediator or type, or the hour) as text so one narrow table serves every breakdown.
DIMENSIONS = (
    "all",
    "site",
    "mediator",
    "type",
    "gender",
    "age_band",
    "place",
    "duration",
    "hour",
    "mask",
    "rating",
)


class TallyCounts:
    """What a daily and a monthly tally hold besides their period: an organisation's mission, a
    dimension value, and its interventions and people (and on the "all" row, shift hours)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id"))
    dimension: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(40))
    interventions: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
    # Presence of the shifts started that day (or month), on the "all" row only (0 elsewhere):
    # the summary's `hours` (a team counts once) and `person_hours`. Milliseconds, so that adding
    # shifts up rounds as the organisation's sum over its shifts does.
    shift_ms: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    person_ms: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class DailyTally(TallyCounts, db.Model):
    """Interventions and people of one local day, mission and dimension value.

    Kept up to date in the same transaction as every write to an intervention (sync,
    correction, demo load), so reports read a few hundred rows a day instead of every tap.
    For the "type" dimension `interventions` counts motifs (one intervention, several motifs).
    The "all" row also holds the day's shift hours (services/shift_tallies.py).
    """

    __table_args__ = (
        # Also the index every report query ranges over: organisation, then days.
        UniqueConstraint("organisation_id", "day", "mission_id", "dimension", "value", name="uq_daily_tally_key"),
        # One value of one dimension over a period (the desk's table's total): its days alone,
        # not every value of every day.
        Index("ix_daily_tally_value_day", "organisation_id", "dimension", "value", "day"),
    )

    day: Mapped[date]


# What a network adds up (services/network_summary.py): never "mediator" (a person), nor the
# sites, hours of the day or ratings that only the organisation's own reports break down.
MONTHLY_DIMENSIONS = ("all", "type", "gender", "age_band", "place", "duration", "mask")


class MonthlyTally(TallyCounts, db.Model):
    """The per-day tallies of one local month added up, for the dimensions a network reads.

    Kept in step by the same writes as the daily tallies (services/tallies.py), so a year of
    80 members is read as 12 months each rather than 300 days: the roll-up reads whole months
    here and only the days at the edges of a period or a membership from `daily_tally`.
    """

    __table_args__ = (
        UniqueConstraint("organisation_id", "month", "mission_id", "dimension", "value", name="uq_monthly_tally_key"),
    )

    # The month's first day.
    month: Mapped[date]
