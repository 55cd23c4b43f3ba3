"""Times are stored as naive UTC in the database so SQLite and PostgreSQL agree."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

# The times a record may carry: none before the tool existed (2015), none more than a day
# ahead of the server (a phone's clock a little ahead is tolerated, and flagged). The phone's
# sync and the coordinator's corrections refuse what lies outside, each in its own words.
EARLIEST = datetime(2015, 1, 1, tzinfo=timezone.utc)
FUTURE_MARGIN = timedelta(hours=24)


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp column holds."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_naive_utc(value: datetime) -> datetime:
    """Convert an aware datetime to naive UTC; naive input is taken as UTC already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def iso_utc(value: datetime | None) -> str | None:
    """Serialise a stored naive-UTC time as ISO 8601 with an explicit offset, `+00:00`.

    The one time format of every API answer, as `/api/sync` requires it of the phone.
    """
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.replace(tzinfo=timezone.utc).isoformat()


def as_local(utc_naive: datetime, zone: ZoneInfo) -> datetime:
    """A stored naive-UTC time as the zone's clocks showed it."""
    return utc_naive.replace(tzinfo=timezone.utc).astimezone(zone)


def local_day(utc_naive: datetime, zone: ZoneInfo) -> date:
    """The zone's calendar day of a stored UTC time (a shift counts on the day it started)."""
    return as_local(utc_naive, zone).date()


def local_day_and_hour(utc_naive: datetime, zone: ZoneInfo) -> tuple[date, int]:
    """The organisation-local calendar day and hour of a stored UTC time."""
    local = as_local(utc_naive, zone)
    return local.date(), local.hour


def local_day_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Naive-UTC [start, end) covering the local days first..last inclusive."""
    # Time-zone arithmetic overflows next to years 1 and 9999; no record lies out there.
    first = min(max(first, date(1900, 1, 1)), date(9000, 12, 31))
    last = min(max(last, date(1900, 1, 1)), date(9000, 12, 31))
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return to_naive_utc(start), to_naive_utc(end)
