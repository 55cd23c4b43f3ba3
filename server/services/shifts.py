"""Reading shifts and their interventions, scoped to what the user may see: the one shift query
behind the API's list and the desk's review."""

import uuid
from datetime import date

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import selectinload

from ..errors import not_found
from ..extensions import db
from ..models import Intervention, InterventionMotif, Mission, Shift, Site, User
from .record_filters import coded, in_period

LIST_LIMIT = 500


def shift_filters(
    user: User,
    first: date | None = None,
    last: date | None = None,
    mediator: int | None = None,
    mission: str | None = None,
    site: str | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions on Shift of what the user may see (a mediator their own), started in
    [first, last] (the organisation's local days), of a mediator, mission or site: plain
    conditions, so a list, its count and its counts per flag share them."""
    conditions = [Shift.organisation_id == user.organisation_id, *in_period(user, Shift.started_at, first, last)]
    if not user.is_coordinator:
        conditions.append(Shift.mediator_id == user.id)
    if mediator:
        conditions.append(Shift.mediator_id == mediator)
    if mission:
        conditions.append(Shift.mission_id.in_(coded(user, Mission, mission)))
    if site:
        conditions.append(Shift.site_id.in_(coded(user, Site, site)))
    return conditions


def shift_query(user: User, **filters) -> Select:
    """Shifts of shift_filters (same keywords), newest first (the id breaks ties, so pages never
    overlap), with what a list of them shows loaded."""
    return (
        select(Shift)
        .where(*shift_filters(user, **filters))
        .options(selectinload(Shift.teammates), selectinload(Shift.mission), selectinload(Shift.site))
        .options(selectinload(Shift.mediator))
        .order_by(Shift.started_at.desc(), Shift.id)
    )


def shift_interventions(shift: Shift) -> list[Intervention]:
    """A shift's interventions in the order they happened, deleted ones included, with their motifs."""
    query = (
        select(Intervention)
        .where(Intervention.shift_id == shift.id)
        .options(selectinload(Intervention.motifs).joinedload(InterventionMotif.type))
        .order_by(Intervention.occurred_at)
    )
    return list(db.session.scalars(query))


def list_shifts(
    user: User, first: date | None = None, last: date | None = None, mediator: int | None = None, mission=None
) -> list[Shift]:
    """Shifts started in [first, last] (local days), newest first, with their intervention counts."""
    query = shift_query(user, first=first, last=last, mediator=mediator, mission=mission)
    shifts = list(db.session.scalars(query.limit(LIST_LIMIT)))
    counts = dict(
        db.session.execute(
            select(Intervention.shift_id, func.count())
            .where(Intervention.shift_id.in_([shift.id for shift in shifts]), Intervention.deleted.is_(False))
            .group_by(Intervention.shift_id)
        ).all()
    )
    for shift in shifts:
        # Not a column: read by the shift's schema beside the row's own fields.
        shift.intervention_count = counts.get(shift.id, 0)
    return shifts


def get_shift(user: User, shift_id: uuid.UUID) -> Shift:
    """One shift with all its interventions, or 404 when the user may not see it."""
    shift = db.session.scalar(shift_query(user).where(Shift.id == shift_id))
    if shift is None:
        raise not_found()
    shift.interventions = shift_interventions(shift)
    shift.intervention_count = sum(1 for row in shift.interventions if not row.deleted)
    return shift
