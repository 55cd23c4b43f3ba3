"""A network's figures: its members' per-day tallies added up, never a record, a shift or a name.

One GROUP BY over `daily_tally` (joined to `mission` for its code and partner, and to
`intervention_type` for the code of a type) covering every member's days of membership, each
member's days being its own time zone's, as its tallies are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import String, and_, cast, false, func, or_, select

from ..errors import invalid
from ..extensions import db
from ..models import DailyTally, InterventionType, Mission, User
from .aggregates import Counts
from .networks import member_spans
from .reports import summary_figures

# Everything the summary's keys need; never "mediator" (a person), nor sites or hours.
_DIMENSIONS = ("all", "type", "gender", "age_band", "place", "duration", "mask")


@dataclass
class NetworkFigures:
    """The members' tallies of a period added up: over the network, per member and per mission code."""

    counts: Counts
    # Member organisation id -> name, for each member whose figures reach the network in the period.
    members: dict[int, str]
    per_organisation: dict[int, Counts]
    by_mission: dict[str, Counts]
    by_partner: dict[str, int]

    def member(self, organisation_id: int) -> Counts:
        return self.per_organisation.get(organisation_id, Counts())


def network_summary(user: User, first: date, last: date, partner: str | None = None) -> dict:
    """The organisation summary's keys over the network's members for [first, last], plus
    `by_organisation`; types added by code, missions by code. Shift hours are not tallied, so
    `hours` and `person_hours` are None."""
    figures = network_figures(user, first, last, partner)
    counts = figures.counts
    # Shift hours are not tallied and the roll-up reads tallies only: unknown, not zero.
    return summary_figures(
        first,
        last,
        counts,
        counts.counts("type"),
        by_mission={
            code: mission.interventions for code, mission in figures.by_mission.items() if mission.interventions
        },
        by_partner=figures.by_partner,
        hours=None,
        person_hours=None,
    ) | {
        "by_organisation": {
            name: {
                "interventions": figures.member(organisation_id).interventions,
                "people": figures.member(organisation_id).people,
                "motifs": figures.member(organisation_id).motifs,
            }
            for organisation_id, name in figures.members.items()
        },
    }


def network_figures(user: User, first: date, last: date, partner: str | None = None) -> NetworkFigures:
    """The network's members' tallies for [first, last] (each member's days of membership only),
    `partner=` keeping that partner's missions; one GROUP BY over `daily_tally`."""
    if last < first:
        message = _("La période se termine avant de commencer.")
        raise invalid("to", _("Ne peut pas précéder la date de début."), summary=message)
    spans = member_spans(user.network_id, first, last)
    names = _member_names(spans)
    days = [
        and_(
            DailyTally.organisation_id == span.organisation_id,
            DailyTally.day >= span.first,
            DailyTally.day <= span.last,
        )
        for span in spans
    ]
    # A type's tally holds its id: the network adds types up by their code.
    value = func.coalesce(InterventionType.code, DailyTally.value)
    query = (
        select(
            DailyTally.organisation_id,
            Mission.code,
            Mission.partner,
            DailyTally.dimension,
            value,
            func.sum(DailyTally.interventions),
            func.sum(DailyTally.people),
        )
        .join(Mission, Mission.id == DailyTally.mission_id)
        .outerjoin(
            InterventionType,
            and_(DailyTally.dimension == "type", cast(InterventionType.id, String) == DailyTally.value),
        )
        .where(or_(*days) if days else false(), DailyTally.dimension.in_(_DIMENSIONS))
        .group_by(DailyTally.organisation_id, Mission.code, Mission.partner, DailyTally.dimension, value)
    )
    if partner:
        query = query.where(Mission.partner == partner)

    counts = Counts()
    per_organisation: dict[int, Counts] = defaultdict(Counts)
    by_mission: dict[str, Counts] = defaultdict(Counts)
    by_partner: dict[str, int] = {}
    for organisation_id, mission_code, mission_partner, dimension, code, interventions, people in db.session.execute(
        query
    ):
        interventions, people = int(interventions), int(people)
        counts.add(dimension, code, interventions, people)
        per_organisation[organisation_id].add(dimension, code, interventions, people)
        by_mission[mission_code].add(dimension, code, interventions, people)
        if dimension == "all" and interventions:
            by_partner[mission_partner] = by_partner.get(mission_partner, 0) + interventions
    return NetworkFigures(
        counts=counts,
        members=dict(sorted(names.items(), key=lambda item: item[1])),
        per_organisation=dict(per_organisation),
        by_mission=dict(by_mission),
        by_partner=by_partner,
    )


def _member_names(spans) -> dict[int, str]:
    """Each member's name, with its number when members share a name (names need not be unique:
    an admin renaming their organisation is not told another uses the name), so none hides another."""
    names = {span.organisation_id: span.name for span in spans}
    shared = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {member: f"{name} (n° {member})" if name in shared else name for member, name in names.items()}
