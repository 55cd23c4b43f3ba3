"""What the lists of shifts and the table of interventions filter by alike: a period of the
organisation's local days, and a mission, line or site or type named by its code (an unknown
code keeps nothing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, select

from ..models import Mission, User
from ..models.clock import local_day_bounds

# The bounds of a period left open on one side: no record lies beyond them.
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def in_period(user: User, moment, first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    """Conditions keeping a stored naive-UTC `moment` column within [first, last], the
    organisation's local days, either side open; none when both are."""
    if not (first or last):
        return []
    start, end = local_day_bounds(first or EARLIEST, last or LATEST, user.organisation.zone)
    return [moment >= start, moment < end]


def coded(user: User, model, code: str) -> Select:
    """The ids of the organisation's missions, sites or intervention types (`model`) of that code."""
    query = select(model.id)
    if model is not Mission:
        query = query.join(Mission)
    return query.where(Mission.organisation_id == user.organisation_id, model.code == code)
