"""A network's figures: its members' tallies added up, never a record, a shift or a name.

One GROUP BY over every member's days of membership (each member's days being its own time
zone's, as its tallies are): its whole months from `monthly_tally`, the days before and after
them from `daily_tally`; the sums then joined to `mission` for its code and partner, and to
`intervention_type` for the code of a type.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import BigInteger, String, and_, cast, false, func, or_, select, union_all

from ..errors import invalid
from ..extensions import db
from ..models import DailyTally, InterventionType, Mission, MonthlyTally, User
from ..models.tally import MONTHLY_DIMENSIONS
from .aggregates import Counts, Hours
from .annual_report import ASKED_BY
from .networks import MemberSpan, member_spans
from .reports import summary_figures


@dataclass
class NetworkFigures:
    """The members' tallies of a period added up: over the network, per member and per mission code."""

    counts: Counts
    # The fields some missions do not ask (gender, age band, duration), only from the missions
    # that ask them, as the organisation's yearly report counts shares: La Poste never asks gender.
    asked_fields: Counts
    # Member organisation id -> name, for each member whose figures reach the network in the period.
    members: dict[int, str]
    per_organisation: dict[int, Counts]
    by_mission: dict[str, Counts]
    by_partner: dict[str, int]
    # Member organisation id -> the hours of its shifts.
    hours_per_organisation: dict[int, Hours]

    def member(self, organisation_id: int) -> Counts:
        return self.per_organisation.get(organisation_id, Counts())

    @property
    def asked(self) -> Counts:
        """`counts`, with the asked fields' values from `asked_fields`."""
        merged = Counts()
        merged.by.update(self.counts.by)
        for dimension in ASKED_BY:
            merged.by[dimension] = self.asked_fields.by.get(dimension, {})
        return merged

    def member_hours(self, organisation_id: int) -> Hours:
        return self.hours_per_organisation.get(organisation_id, Hours())

    @property
    def hours(self) -> Hours:
        return sum(self.hours_per_organisation.values(), Hours())


def _split(first: date, last: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """[first, last] as its whole months (first days of the first and last of them), if any,
    and the days before and after them."""
    start = first if first.day == 1 else _next_month(first)
    end = _next_month(last) if _next_month(last) == last + timedelta(days=1) else last.replace(day=1)
    if start >= end:
        return None, [(first, last)]
    days = [(first, start - timedelta(days=1))] if first < start else []
    if end <= last:
        days.append((end, last))
    return (start, _previous_month(end)), days


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _ranges(table, column, spans: dict[tuple[date, date], list[int]]):
    # Members sharing the same range (all of them, for a period none joined or left in) are
    # one IN list: one range condition instead of one per member.
    conditions = [
        and_(table.organisation_id.in_(ids), column >= first, column <= last) for (first, last), ids in spans.items()
    ]
    return or_(*conditions) if conditions else false()


def _tallied(spans: list[MemberSpan], partner: str | None):
    """Each member's tallies summed per mission, dimension and value over its days (whole
    months from the monthly tallies, the days around them from the daily ones), then named by
    mission code and type code: the joins meet a few thousand sums, not every day's rows."""
    months: dict[tuple[date, date], list[int]] = defaultdict(list)
    days: dict[tuple[date, date], list[int]] = defaultdict(list)
    for span in spans:
        whole, edges = _split(span.first, span.last)
        if whole is not None:
            months[whole].append(span.organisation_id)
        for edge in edges:
            days[edge].append(span.organisation_id)
    parts = []
    for table, column, ranges in (
        (MonthlyTally, MonthlyTally.month, months),
        (DailyTally, DailyTally.day, days),
    ):
        part = select(
            table.organisation_id,
            table.mission_id,
            table.dimension,
            table.value,
            table.interventions,
            table.people,
            table.shift_ms,
            table.person_ms,
        ).where(_ranges(table, column, ranges), table.dimension.in_(MONTHLY_DIMENSIONS))
        if partner:
            part = part.where(table.mission_id.in_(select(Mission.id).where(Mission.partner == partner)))
        parts.append(part)
    tallies = union_all(*parts).subquery()
    summed = (
        select(
            tallies.c.organisation_id,
            tallies.c.mission_id,
            tallies.c.dimension,
            tallies.c.value,
            func.sum(tallies.c.interventions).label("interventions"),
            func.sum(tallies.c.people).label("people"),
            # PostgreSQL sums a bigint as a numeric, which the driver turns into a Decimal a row.
            cast(func.sum(tallies.c.shift_ms), BigInteger).label("shift_ms"),
            cast(func.sum(tallies.c.person_ms), BigInteger).label("person_ms"),
        )
        .group_by(tallies.c.organisation_id, tallies.c.mission_id, tallies.c.dimension, tallies.c.value)
        .subquery()
    )
    # A type's tally holds its id: the network adds types up by their code.
    return (
        select(
            summed.c.organisation_id,
            Mission.code,
            Mission.partner,
            summed.c.dimension,
            func.coalesce(InterventionType.code, summed.c.value),
            summed.c.interventions,
            summed.c.people,
            summed.c.shift_ms,
            summed.c.person_ms,
            *(getattr(Mission, setting) for setting in ASKED_BY.values()),
        )
        .join(Mission, Mission.id == summed.c.mission_id)
        .outerjoin(
            InterventionType,
            and_(summed.c.dimension == "type", cast(InterventionType.id, String) == summed.c.value),
        )
    )


def network_summary(user: User, first: date, last: date, partner: str | None = None) -> dict:
    """The organisation summary's keys over the network's members for [first, last], plus
    `by_organisation`; types added by code, missions by code."""
    figures = network_figures(user, first, last, partner)
    counts = figures.counts
    hours = figures.hours
    return summary_figures(
        first,
        last,
        counts,
        counts.counts("type"),
        by_mission={
            code: mission.interventions for code, mission in figures.by_mission.items() if mission.interventions
        },
        by_partner=figures.by_partner,
        hours=round(hours.shift, 2),
        person_hours=round(hours.person, 2),
    ) | {
        "by_organisation": {
            name: {
                "interventions": figures.member(organisation_id).interventions,
                "people": figures.member(organisation_id).people,
                "motifs": figures.member(organisation_id).motifs,
                "hours": round(figures.member_hours(organisation_id).shift, 2),
                "person_hours": round(figures.member_hours(organisation_id).person, 2),
            }
            for organisation_id, name in figures.members.items()
        },
    }


def network_figures(user: User, first: date, last: date, partner: str | None = None) -> NetworkFigures:
    """The network's members' tallies for [first, last] (each member's days of membership only),
    `partner=` keeping that partner's missions; one GROUP BY over the tallies (`_tallied`)."""
    if last < first:
        message = _("La période se termine avant de commencer.")
        raise invalid("to", _("Ne peut pas précéder la date de début."), summary=message)
    spans = member_spans(user.network_id, first, last)
    names = _member_names(spans)
    counts, asked = Counts(), Counts()
    per_organisation: dict[int, Counts] = defaultdict(Counts)
    by_mission: dict[str, Counts] = defaultdict(Counts)
    by_partner: dict[str, int] = {}
    hours: dict[int, Hours] = defaultdict(Hours)
    # A mission's settings -> the dimensions it does not ask (a few kinds of mission, many rows).
    unasked_by: dict[tuple, set[str]] = {}
    # Core rows, not the ORM's: thousands of rows of plain values, read once.
    for row in db.session.connection().execute(_tallied(spans, partner)):
        organisation_id, mission_code, mission_partner, dimension, code, interventions, people = row[:7]
        interventions, people = int(interventions), int(people)
        if dimension == "all":
            # Rounded to the second per mission, as the organisation's own figures are.
            shift_ms, person_ms = row[7:9]
            hours[organisation_id] += Hours(round(shift_ms / 1000) / 3600.0, round(person_ms / 1000) / 3600.0)
        counts.add(dimension, code, interventions, people)
        settings = tuple(row[9:])
        unasked = unasked_by.get(settings)
        if unasked is None:
            unasked = unasked_by[settings] = {name for name, asks in zip(ASKED_BY, settings, strict=True) if not asks}
        if dimension in ASKED_BY and dimension not in unasked:
            asked.add(dimension, code, interventions, people)
        per_organisation[organisation_id].add(dimension, code, interventions, people)
        by_mission[mission_code].add(dimension, code, interventions, people)
        if dimension == "all" and interventions:
            by_partner[mission_partner] = by_partner.get(mission_partner, 0) + interventions
    return NetworkFigures(
        counts=counts,
        asked_fields=asked,
        members=dict(sorted(names.items(), key=lambda item: item[1])),
        per_organisation=dict(per_organisation),
        by_mission=dict(by_mission),
        by_partner=by_partner,
        hours_per_organisation=dict(hours),
    )


def _member_names(spans) -> dict[int, str]:
    """Each member's name, with its number when members share a name (names need not be unique:
    an admin renaming their organisation is not told another uses the name), so none hides another."""
    names = {span.organisation_id: span.name for span in spans}
    uses = Counter(names.values())
    return {member: f"{name} (n° {member})" if uses[name] > 1 else name for member, name in names.items()}
