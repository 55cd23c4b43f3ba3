"""What a network's pages and export show: its members side by side, a period against the one
before, the national yearly report of a partner.

Every figure comes from `network_figures` (the members' per-day tallies, each member's days of
membership only): never a record, a shift, a note or a person's name. Types and missions are
named by their codes, shared by the members (their labels are each organisation's own).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..database import begin_write
from ..errors import not_found
from ..extensions import db
from ..models import Mission, NetworkMembership, User
from .aggregates import Counts
from .annual_report import compared, profile_sentence
from .audit import record_change
from .dashboard import breakdown, vocabulary_names
from .export_formats import DAY, HOURS, INTEGER, TEXT, Table
from .network_summary import NetworkFigures, network_figures
from .networks import member_spans
from .periods import Period

EXPORT_TABLES = ("members", "types")


def network_partners(user: User) -> list[str]:
    """The partners of the missions of every organisation that is or was a member."""
    members = select(NetworkMembership.organisation_id).where(NetworkMembership.network_id == user.network_id)
    return list(
        db.session.scalars(
            select(Mission.partner)
            .where(Mission.organisation_id.in_(members), Mission.partner.is_not(None), Mission.partner != "")
            .distinct()
            .order_by(Mission.partner)
        )
    )


def network_view(user: User, period: Period, partner: str | None = None) -> dict:
    """The network's figures for a period (and one partner's missions if asked), each compared
    with the period before: the dashboard's and the national report's."""
    now = network_figures(user, period.first, period.last, partner)
    before = network_figures(user, period.previous_first, period.previous_last, partner)
    names = vocabulary_names()
    current, previous = now.counts, before.counts
    mask_now, mask_before = current.counts("mask"), before.counts.counts("mask")
    # A field's shares from the missions that ask it, as in the organisation's yearly report.
    asked, asked_before = now.asked, before.asked
    counted = {dimension: asked.counts(dimension) for dimension in ("type", "duration", "gender", "age_band")}
    return {
        "period": period,
        "partner": partner,
        "figures": {
            "interventions": compared(current.interventions, previous.interventions),
            "people": compared(current.people, previous.people),
            "motifs": compared(current.motifs, previous.motifs),
            "mask_reminders": compared(sum(mask_now.values()), sum(mask_before.values())),
            "hours": compared(round(now.hours.shift, 2), round(before.hours.shift, 2)),
            "person_hours": compared(round(now.hours.person, 2), round(before.hours.person, 2)),
        },
        "motifs_per_person": current.motifs / current.people if current.people else None,
        "members": _members(now, before, counted_days(user.network_id, period.first, period.last), period.days),
        "by_mission": breakdown(_by_mission(now), _by_mission(before), "mission", {}),
        "breakdowns": [
            (code, title, breakdown(asked, asked_before, code, names.get(code, {})))
            for code, title in (
                ("type", _("Motifs traités, par code")),
                ("gender", _("Genre")),
                ("age_band", _("Tranche d’âge")),
                ("place", _("Lieu")),
                ("duration", _("Durée")),
            )
            # A field no member's mission asks holds only "unknown": nothing to show.
            if code == "type" or set(asked.counts(code)) - {"unknown"}
        ],
        "profile": profile_sentence(counted["type"], counted["duration"], counted["gender"], counted["age_band"]),
    }


def counted_days(network_id: int, first: date, last: date) -> dict[int, tuple[date, date, int]]:
    """Per member of the period: the first and last day its figures count, and how many days
    (a member that left and came back counts twice, days between not counted)."""
    days: dict[int, tuple[date, date, int]] = {}
    for span in member_spans(network_id, first, last):
        start, end, count = days.get(span.organisation_id, (span.first, span.last, 0))
        days[span.organisation_id] = (
            min(start, span.first),
            max(end, span.last),
            count + (span.last - span.first).days + 1,
        )
    return days


def _members(now: NetworkFigures, before: NetworkFigures, days: dict, period_days: int) -> list[dict]:
    """Each member of either period, by name: its figures, the previous period's and its share,
    and the days its figures count when that is not the whole period (it joined or left within)."""
    whole = now.counts.interventions
    members = before.members | now.members
    rows = []
    for organisation_id, name in sorted(members.items(), key=lambda item: item[1]):
        current, previous = now.member(organisation_id), before.member(organisation_id)
        first, last, count = days.get(organisation_id, (None, None, 0))
        rows.append(
            {
                "name": name,
                "member": organisation_id in now.members,
                "counted": (first, last) if 0 < count < period_days else None,
                "interventions": compared(current.interventions, previous.interventions),
                "people": compared(current.people, previous.people),
                "motifs": compared(current.motifs, previous.motifs),
                "person_hours": compared(
                    round(now.member_hours(organisation_id).person, 2),
                    round(before.member_hours(organisation_id).person, 2),
                ),
                "share": current.interventions * 100.0 / whole if whole else 0.0,
            }
        )
    return rows


def _by_mission(figures: NetworkFigures) -> Counts:
    counts = Counts()
    for code, mission in figures.by_mission.items():
        counts.add("mission", code, mission.interventions, mission.people)
    return counts


def network_export_table(user: User, table: str, period: Period, partner: str | None, fmt: str) -> Table:
    """A network's figures for a period as a table to download, so that a published report
    can be rebuilt from it: per member (with the days its figures count) or per motif code.
    Audited in the network's trail, as an organisation's exports are in its own."""
    if table not in EXPORT_TABLES:
        raise not_found()
    begin_write()
    filters = {"from": period.first.isoformat(), "to": period.last.isoformat(), "partner": partner, "format": fmt}
    record_change(user, "export", f"network_{table}", "export", filters)
    db.session.commit()
    figures = network_figures(user, period.first, period.last, partner)
    scope = partner or _("Tous les partenaires")
    if table == "members":
        days = counted_days(user.network_id, period.first, period.last)
        columns = [
            ("organisation", _("Organisation"), TEXT),
            ("partner", _("Partenaire"), TEXT),
            ("first_day", _("Premier jour compté"), DAY),
            ("last_day", _("Dernier jour compté"), DAY),
            ("days", _("Jours comptés"), INTEGER),
            ("interventions", _("Interventions"), INTEGER),
            ("people", _("Personnes"), INTEGER),
            ("motifs", _("Motifs"), INTEGER),
            ("hours", _("Heures de vacation"), HOURS),
            ("person_hours", _("Heures de présence"), HOURS),
        ]
        rows = [
            (
                name,
                scope,
                *days[organisation_id],
                *_three(figures.member(organisation_id)),
                round(figures.member_hours(organisation_id).shift, 2),
                round(figures.member_hours(organisation_id).person, 2),
            )
            for organisation_id, name in figures.members.items()
        ]
        return Table(_("Membres"), columns, rows)
    members = figures.members
    columns = [
        ("type", _("Motif (code)"), TEXT),
        ("partner", _("Partenaire"), TEXT),
        ("network", _("Réseau"), INTEGER),
        *((name, name, INTEGER) for name in members.values()),
    ]
    by_type = figures.counts.counts("type")
    rows = [
        (
            code,
            scope,
            count,
            *(figures.member(organisation_id).counts("type").get(code, 0) for organisation_id in members),
        )
        for code, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Table(_("Motifs"), columns, rows)


def _three(counts: Counts) -> tuple[int, int, int]:
    return counts.interventions, counts.people, counts.motifs
