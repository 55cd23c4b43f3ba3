"""Periods of the dashboard and the exports, and the period each is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import not_found
from ..extensions import db
from ..models import Mission, User


@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date
    previous_first: date
    previous_last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def year_to_date(self) -> bool:
        """A year still in progress, compared with the same span of the year before."""
        return self.kind == "year" and (self.last.month, self.last.day) != (12, 31)


def resolve_period(
    kind: str, anchor: date, first: date | None = None, last: date | None = None, today: date | None = None
) -> Period:
    """The day, ISO week, month or year around `anchor`, or [first, last] for "custom".

    A year that contains `today` stops there: a year in progress compared with a whole year
    would show a fall every month until December.
    """
    if kind == "day":
        first = last = anchor
    elif kind == "week":
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=6)
    elif kind == "month":
        first = anchor.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif kind == "year":
        first, last = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
        if today is not None and first <= today < last:
            last = today
    if kind == "month":
        # The previous calendar month, whatever its length.
        previous_last = first - timedelta(days=1)
        previous_first = previous_last.replace(day=1)
    elif kind == "year":
        previous_first, previous_last = date(first.year - 1, 1, 1), same_day_of(first.year - 1, last)
    else:
        length = (last - first).days + 1
        previous_first, previous_last = first - timedelta(days=length), first - timedelta(days=1)
    return Period(kind, first, last, previous_first, previous_last)


def same_day_of(year: int, day: date) -> date:
    """The same month and day in another year (29 February becomes the 28th)."""
    if (day.month, day.day) == (2, 29):
        return date(year, 2, 28)
    return day.replace(year=year)


def zone_of(user: User) -> ZoneInfo:
    """The clocks a person's pages follow: their organisation's; a network account's, the
    installation's default zone (MEDIATAP_TIMEZONE), as a network spans members in several zones
    and has none of its own (each member's figures stay counted in its own zone's days)."""
    if user.organisation_id is None:
        return ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    return user.organisation.zone


def today_of(user: User) -> date:
    """Today by the person's clocks (zone_of), not where the server runs (often UTC)."""
    return datetime.now(zone_of(user)).date()


def period_from_form(values: dict, today: date) -> Period:
    """The period a validated PeriodForm asks for: by default the month of `today`."""
    return resolve_period(
        values.get("period") or "month", values.get("date") or today, values.get("first"), values.get("last"), today
    )


def mission_ids(user: User, codes: list[str]) -> list[int] | None:
    """The ids of the chosen missions of the user's organisation (None: all); unknown codes are a 404.

    A partner account reads its partner's missions only: all of them when none is chosen, and
    another partner's mission does not exist for it.
    """
    query = select(Mission.id).where(Mission.organisation_id == user.organisation_id)
    if user.role == "partner":
        query = query.where(Mission.partner == user.partner)
        if not codes:
            return list(db.session.scalars(query))
    if not codes:
        return None
    query = query.where(Mission.code.in_(codes))
    ids = list(db.session.scalars(query))
    if len(ids) != len(set(codes)):
        raise not_found(_("Mission inconnue."))
    return ids
