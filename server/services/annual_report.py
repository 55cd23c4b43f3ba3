"""The yearly activity report a PIMMS publishes: the organisation's synthesis, then a section
per partner (its missions added up) and per mission.

All figures come from two GROUP BY queries over the per-day tallies (this year and the same
span of last year) and two over shifts (hours); the rest is arithmetic on a few hundred rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import not_found
from ..extensions import db
from ..models import InterventionType, Mission, Site, User
from ..vocabulary import AGE_BANDS, DURATIONS, GENDERS, MEDIATIONS, label_of
from .aggregates import Counts, Hours, change, counts_by_mission, shift_hours_by_mission, total, total_hours
from .baselines import fill_from_baselines, has_baselines, mark_entered
from .indicator_figures import report_indicators
from .periods import resolve_period, today_of
from .reports import most_frequent
from .satisfaction import satisfaction_summary

# Which mission setting says a field was asked: shares of a field count only those missions
# (the network's too, services/network_summary.py).
ASKED_BY = {"gender": "asks_gender", "age_band": "asks_age_band", "duration": "asks_duration"}


def organisation_missions(user: User) -> list[Mission]:
    """The organisation's missions, archived ones included (their past figures still count);
    a partner account's partner's missions only."""
    query = select(Mission).where(Mission.organisation_id == user.organisation_id)
    if user.role == "partner":
        query = query.where(Mission.partner == user.partner)
    return list(db.session.scalars(query.order_by(Mission.position, Mission.label)))


def organisation_partners(user: User) -> list[str]:
    """The partners named by the organisation's missions, in the missions' order."""
    return list(dict.fromkeys(mission.partner for mission in organisation_missions(user) if mission.partner))


@dataclass
class _Year:
    """What the report reads once and every section shares."""

    counts: dict[str, dict[int, Counts]]
    hours: dict[str, dict[int, Hours]]
    types: dict[int, InterventionType]
    sites: dict[int, Site]
    all_contacts: int


def annual_report(user: User, year: int, mission_code: str | None = None, partner: str | None = None) -> dict:
    """Every section of the yearly report; one mission's or one partner's only when asked.

    Shares of the organisation's contacts are always against the whole organisation, even
    when the report shows one partner's section alone.
    """
    organisation = user.organisation
    if user.role == "partner":
        # Its own section alone, whatever is asked: another partner's does not exist for it.
        if partner not in (None, user.partner):
            raise not_found(_("Partenaire inconnu."))
        partner = user.partner
    everything = organisation_missions(user)
    missions = everything
    if mission_code:
        missions = [mission for mission in everything if mission.code == mission_code]
    if partner:
        missions = [mission for mission in missions if mission.partner == partner]
    if (mission_code or partner) and not missions:
        raise not_found(_("Mission inconnue.") if mission_code else _("Partenaire inconnu."))
    period = resolve_period("year", date(year, 1, 1), today=today_of(user))
    spans = {"current": (period.first, period.last), "previous": (period.previous_first, period.previous_last)}
    counts = {key: counts_by_mission(organisation.id, *span) for key, span in spans.items()}
    # A whole year without taps (before the tool) may have totals entered by hand: the first
    # year of use compares with them.
    entered = fill_from_baselines(organisation.id, spans, counts)
    zone = organisation.zone
    hours = {key: shift_hours_by_mission(organisation.id, zone, *span) for key, span in spans.items()}
    ids = [mission.id for mission in everything]
    types = {
        kind.id: kind
        for kind in db.session.scalars(select(InterventionType).where(InterventionType.mission_id.in_(ids)))
    }
    sites = {site.id: site for site in db.session.scalars(select(Site).where(Site.mission_id.in_(ids)))}
    data = _Year(counts, hours, types, sites, total(counts["current"]).interventions)
    # Figures that are not taps: the organisation's in the synthesis, a mission's in its section.
    filtered = bool(mission_code or partner)
    indicators = report_indicators(organisation.id, year, [mission.id for mission in missions] if filtered else None)

    active = [mission for mission in missions if _has_activity(mission, data)]
    partners = []
    for name in dict.fromkeys(mission.partner for mission in active):
        own = [mission for mission in active if mission.partner == name]
        partners.append(
            {
                "partner": name,
                "figures": _section(own, data) if len(own) > 1 else None,
                "missions": [
                    {"mission": mission, **_section([mission], data), "indicators": indicators["missions"][mission.id]}
                    for mission in own
                ],
            }
        )
    whole = _section(active, data)
    report = {
        "year": year,
        "previous_year": year - 1,
        "period": period,
        "mission_filter": missions[0] if mission_code else None,
        "partner_filter": partner,
        "totals": whole,
        "profiles": [
            (group["partner"], (group["figures"] or group["missions"][0])["profile"])
            for group in partners
            if (group["figures"] or group["missions"][0])["profile"]
        ],
        "partner_shares": _shares([(group["partner"] or _("Sans partenaire"), _current(group)) for group in partners])
        if not partner and not mission_code
        else [],
        "mission_shares": _shares(
            [(label_of(section["mission"]), section["interventions"]["current"]) for section in _all_missions(partners)]
        ),
        "mediation_shares": _mediation_shares(_all_missions(partners)),
        "by_mission": [
            {
                "mission": section["mission"],
                "interventions": section["interventions"]["current"],
                "contact_share": section["contact_share"],
                "hours": section["hours"],
                "person_hours": section["person_hours"],
            }
            for section in _all_missions(partners)
        ],
        "partners": partners,
        "indicators": indicators["organisation"],
        # Last year's entered totals are a whole year's: they compare once this one is complete.
        "baselines_wait": period.year_to_date and has_baselines(organisation.id, year - 1),
        # Missions with entered figures and no tapped activity (a phoning campaign).
        "indicator_only_missions": [
            {"mission": mission, "indicators": indicators["missions"][mission.id]}
            for mission in missions
            if indicators["missions"].get(mission.id) and mission not in active
        ],
    }
    mark_entered(report, entered)
    return report


def _current(group: dict) -> int:
    return (group["figures"] or group["missions"][0])["interventions"]["current"]


def _all_missions(partners: list[dict]) -> list[dict]:
    return [section for group in partners for section in group["missions"]]


def _has_activity(mission: Mission, data: _Year) -> bool:
    return bool(
        data.counts["current"].get(mission.id, Counts()).interventions
        or data.counts["previous"].get(mission.id, Counts()).interventions
        or data.hours["current"].get(mission.id, Hours()).shift
    )


def compared(current: float, previous: float) -> dict:
    return {"current": current, "previous": previous, "change": change(current, previous)}


def _shares(items: list[tuple[str, int]]) -> list[dict]:
    whole = sum(count for _label, count in items)
    return [
        {"label": label, "count": count, "share": count * 100.0 / whole if whole else 0.0}
        for label, count in items
        if count
    ]


def _mediation_shares(sections: list[dict]) -> list[dict]:
    """Posted and outgoing mediation, as each mission is set up (a post office may be either)."""
    by_kind: dict[str, int] = {}
    for section in sections:
        kind = section["mission"].mediation
        by_kind[kind] = by_kind.get(kind, 0) + section["interventions"]["current"]
    return _shares([(MEDIATIONS.label(kind), count) for kind, count in sorted(by_kind.items())])


def _summed(missions: list[Mission], per_mission: dict[int, Counts]) -> Counts:
    return total({mission.id: per_mission[mission.id] for mission in missions if mission.id in per_mission})


def _by_label(missions: list[Mission], counts: Counts, types: dict[int, InterventionType]) -> dict[str, int]:
    """Motifs counted per type, then merged by label: tram and bus share "Information itinéraire"."""
    wanted = {mission.id for mission in missions}
    merged: dict[str, int] = {}
    for type_id, count in counts.counts("type").items():
        kind = types[int(type_id)]
        if kind.mission_id in wanted:
            label = label_of(kind)
            merged[label] = merged.get(label, 0) + count
    return merged


def _asked(missions: list[Mission], per_mission: dict[int, Counts], dimension: str) -> dict[str, int]:
    """A field's counts over the missions that ask it: La Poste never asks gender."""
    asking = [mission for mission in missions if getattr(mission, ASKED_BY[dimension])]
    return _summed(asking, per_mission).counts(dimension)


def _section(missions: list[Mission], data: _Year) -> dict:
    """The figures of a mission, a partner's missions or the whole organisation."""
    now = _summed(missions, data.counts["current"])
    before = _summed(missions, data.counts["previous"])
    by_label = _by_label(missions, now, data.types)
    ids = {mission.id for mission in missions}
    hours_now = total_hours(data.hours["current"], ids)
    hours_before = total_hours(data.hours["previous"], ids)
    networks: dict[str, int] = {}
    for site_id, count in now.counts("site").items():
        site = data.sites[int(site_id)]
        network = site.network or label_of(site)
        networks[network] = networks.get(network, 0) + count
    mask = now.counts("mask")
    reminders = sum(mask.values())
    genders = _asked(missions, data.counts["current"], "gender")
    ages = _asked(missions, data.counts["current"], "age_band")
    durations = _asked(missions, data.counts["current"], "duration")
    return {
        "interventions": compared(now.interventions, before.interventions),
        "people": compared(now.people, before.people),
        "motifs": compared(now.motifs, before.motifs),
        "motifs_per_person": now.motifs / now.people if now.people else None,
        "contact_share": now.interventions * 100.0 / data.all_contacts if data.all_contacts else 0.0,
        "motif_table": _shares(sorted(by_label.items(), key=lambda pair: (-pair[1], pair[0]))),
        "networks": _shares(sorted(networks.items(), key=lambda pair: -pair[1])),
        "genders": _vocabulary_shares(GENDERS, genders),
        "age_bands": _vocabulary_shares(AGE_BANDS, ages),
        "profile": profile_sentence(by_label, durations, genders, ages),
        "hours": compared(hours_now.shift, hours_before.shift),
        "person_hours": compared(hours_now.person, hours_before.person),
        "satisfaction": _satisfaction(missions, data.counts["current"]),
        "mask": {
            "reminders": reminders,
            "complied": mask.get("complied", 0),
            "share": mask.get("complied", 0) * 100.0 / reminders if reminders else None,
        },
    }


def _satisfaction(missions: list[Mission], per_mission: dict[int, Counts]) -> list[dict]:
    """A summary per rating scale among the missions: a rating is read on its mission's scale,
    so a partner's star and three-level missions are never added together."""
    summaries = []
    for scale in dict.fromkeys(mission.rating_scale for mission in missions):
        same = [mission for mission in missions if mission.rating_scale == scale]
        ratings = {int(value): count for value, count in _summed(same, per_mission).counts("rating").items()}
        summary = satisfaction_summary(scale, ratings)
        if summary["rated"]:
            summaries.append(summary)
    return summaries


def _vocabulary_shares(vocabulary: dict, counts: dict[str, int]) -> list[dict]:
    """A demographic table in the vocabulary's order, "Non renseigné" included as asked."""
    return _shares([(vocabulary.label(code), counts.get(code, 0)) for code in vocabulary])


def profile_sentence(by_label: dict[str, int], durations: dict, genders: dict, ages: dict) -> str | None:
    """The "profil type" as the sentence a PIMMS report prints, or None without data."""
    kind = most_frequent(by_label)
    parts = [kind[0].lower() + kind[1:]] if kind else []
    for vocabulary, counts in ((DURATIONS, durations), (GENDERS, genders), (AGE_BANDS, ages)):
        phrase = vocabulary.phrase(most_frequent(counts))
        parts += [phrase] if phrase else []
    return ", ".join(parts) if parts else None
