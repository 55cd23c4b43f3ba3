"""The desk's table of interventions: filter by anything a record holds, page by keyset.

Keyset paging (after the last row shown, by time then id) costs the same on the last page of a
million rows as on the first, where an offset would read every row before it; the index
ix_intervention_org_moment serves it. The same conditions feed the table's export.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Intervention, InterventionMotif, InterventionType, Mission, Shift, Site, User
from ..models.clock import utcnow
from .aggregates import tallied_interventions
from .record_filters import EARLIEST, LATEST, coded, in_period
from .shift_flags import flag_conditions

PAGE_SIZES = (50, 100, 200)
COUNT_LIMIT = 10_000


def intervention_conditions(
    user: User,
    first: date | None = None,
    last: date | None = None,
    mission: str | None = None,
    site: str | None = None,
    mediator: int | None = None,
    kind: str | None = None,
    gender: str | None = None,
    age_band: str | None = None,
    place: str | None = None,
    flag: str | None = None,
    state: str | None = None,
    **_ignored,
) -> list:
    """Conditions on Intervention (the organisation's own added by the callers): local days,
    mission, line or site, mediator, a motif (`kind`), the client, a flag of its shift, and
    kept (the default), corrected, deleted or all."""
    # The local days as UTC bounds on the moment (not on occurred_on): the index that orders
    # the pages then serves the period too, instead of a sort of the whole period.
    conditions = in_period(user, Intervention.occurred_at, first, last)
    if mission:
        conditions.append(Intervention.mission_id.in_(coded(user, Mission, mission)))
    if site:
        conditions.append(Intervention.site_id.in_(coded(user, Site, site)))
    if mediator:
        conditions.append(Intervention.mediator_id == mediator)
    if kind:
        conditions.append(
            exists()
            .where(InterventionMotif.intervention_id == Intervention.id)
            .where(InterventionType.id == InterventionMotif.type_id, InterventionType.code == kind)
        )
    for column, value in (
        (Intervention.gender, gender),
        (Intervention.age_band, age_band),
        (Intervention.place, place),
    ):
        if value:
            conditions.append(column == value)
    if flag:
        # An unknown flag keeps nothing, as an unknown mission does.
        condition = flag_conditions(utcnow()).get(flag, false())
        conditions.append(
            Intervention.shift_id.in_(select(Shift.id).where(Shift.organisation_id == user.organisation_id, condition))
        )
    if state == "corrected":
        conditions.append(Intervention.corrected_at.is_not(None))
    elif state == "deleted":
        conditions.append(Intervention.deleted.is_(True))
    elif state != "all":
        conditions.append(Intervention.deleted.is_(False))
    return conditions


def tallied_total(user: User, values: dict) -> int | None:
    """How many interventions the filters keep, read from the per-day tallies when they can say
    it exactly (kept records, whole local days, a mission and at most one other filter); None
    otherwise. A selective filter's count from the rows reads the whole period to find them."""
    if values.get("flag") or values.get("state") not in (None, "", "kept"):
        return None
    dimensions = {name: values.get(name) for name in _TALLIED if values.get(name)}
    if len(dimensions) > 1:
        return None
    organisation_id = user.organisation_id
    mission_ids = coded(user, Mission, values["mission"]) if values.get("mission") else None
    first, last = values.get("first") or EARLIEST, values.get("last") or LATEST
    if not dimensions:
        return tallied_interventions(organisation_id, first, last, mission_ids)
    name, value = next(iter(dimensions.items()))
    dimension, tallied = _TALLIED[name], [value]
    if name in ("site", "kind"):
        tallied = db.session.scalars(coded(user, Site if name == "site" else InterventionType, value)).all()
    return tallied_interventions(organisation_id, first, last, mission_ids, dimension, tallied) if tallied else 0


# The table's filters the tallies count by, with their dimension (services/tallies.py).
_TALLIED = {
    "site": "site",
    "mediator": "mediator",
    "kind": "type",
    "gender": "gender",
    "age_band": "age_band",
    "place": "place",
}


def search_interventions(
    user: User,
    conditions: list,
    after: str | None,
    size: int,
    oldest_first: bool,
    tallied: int | None = None,
    count: bool = False,
) -> dict:
    """One page of interventions after the `after` cursor, with names to show, how many the
    conditions keep and the cursor of the next page (None on the last).

    The total is `tallied` when the tallies gave it, else counted from the rows (up to
    COUNT_LIMIT, `more` beyond) only when `count` asks, or when the first page holds them all;
    otherwise None (not counted: the page says so and offers to count)."""
    where = [Intervention.organisation_id == user.organisation_id, *conditions]
    total = tallied
    if total is None and count:
        # Counted up to a bound: an exact count of a year of a large organisation reads every
        # row, which the page itself never does.
        counted = select(Intervention.id).where(*where).limit(COUNT_LIMIT + 1).subquery()
        total = db.session.scalar(select(func.count()).select_from(counted))
    order = (Intervention.occurred_at, Intervention.id)
    query = (
        select(Intervention, Mission.label, Site.label, User.name)
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(User, User.id == Intervention.mediator_id)
        .outerjoin(Site, Site.id == Intervention.site_id)
        .where(*where)
        .options(selectinload(Intervention.motifs).joinedload(InterventionMotif.type))
        .order_by(*(column if oldest_first else column.desc() for column in order))
        .limit(size + 1)
    )
    cursor = parse_cursor(after)
    if cursor is not None:
        moment, row_id = cursor
        beyond = (lambda a, b: a > b) if oldest_first else (lambda a, b: a < b)
        # The plain bound on the moment lets the index start at the cursor; the OR alone
        # would have it walk every row before it.
        start = Intervention.occurred_at >= moment if oldest_first else Intervention.occurred_at <= moment
        query = query.where(
            start,
            or_(
                beyond(Intervention.occurred_at, moment),
                and_(Intervention.occurred_at == moment, beyond(Intervention.id, row_id)),
            ),
        )
    rows = db.session.execute(query).all()
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1][0] if rows and more else None
    if total is None and cursor is None and not more:
        total = len(rows)
    return {
        "rows": [
            {"intervention": row, "mission": mission, "site": site, "mediator": name}
            for row, mission, site, name in rows
        ],
        "total": None if total is None else min(total, COUNT_LIMIT) if tallied is None else total,
        "more": tallied is None and total is not None and total > COUNT_LIMIT,
        "next": f"{last.occurred_at.isoformat()}~{last.id}" if last is not None else None,
    }


def parse_cursor(text: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The (time, id) a cursor names; None for none or a malformed one (the first page)."""
    if not text or "~" not in text:
        return None
    moment, _, row_id = text.partition("~")
    try:
        return datetime.fromisoformat(moment), uuid.UUID(row_id)
    except ValueError:
        return None
