"""Entered baselines: a mission's totals (interventions, people, motifs per type) for a year the
tool has no taps of, so that the first year of use compares with the year before.

The yearly report uses them only where the tallies have nothing for that year and mission,
and marks them as entered figures. Every change is audited on the mission.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import invalid
from ..extensions import db
from ..models import Baseline, BaselineMotif, Mission, User
from ..vocabulary import label_of
from .aggregates import Counts, counts_by_mission
from .audit import record_change
from .missions import list_missions

MAX_COUNT = 10**9
MEASURES = ("interventions", "people", "motifs")


def baseline_sheet(actor: User, year: int) -> list[dict]:
    """Each mission with its types, its entered figures for the year, and its taps that year."""
    organisation_id = actor.organisation_id
    entered = _baselines(organisation_id, year)
    tapped = counts_by_mission(organisation_id, date(year, 1, 1), date(year, 12, 31))
    return [
        {
            "mission": mission,
            "types": list(mission.types),
            "baseline": entered.get(mission.id),
            "motifs": {motif.type_id: motif.motifs for motif in entered[mission.id].motifs}
            if mission.id in entered
            else {},
            "tapped": tapped[mission.id].interventions if mission.id in tapped else 0,
        }
        for mission in list_missions(actor)
    ]


def set_baselines(actor: User, year: int, entries: list[dict]) -> int:
    """Store a year's entered figures: {"key", "mission_id", "measure", "type_id", "value"} each.

    `measure` is "interventions", "people" or "motifs" (with the type's id); a None value
    clears the figure. Checked whole first: nothing is stored from a refused request.
    Returns how many figures changed.
    """
    begin_write()
    missions = {mission.id: mission for mission in list_missions(actor)}
    errors, wanted = {}, {}
    for entry in entries:
        mission = missions.get(entry["mission_id"])
        types = {kind.id: kind for kind in mission.types} if mission else {}
        if mission is None or entry["measure"] not in MEASURES:
            errors[entry["key"]] = [_("Mission inconnue.")]
        elif entry["measure"] == "motifs" and entry.get("type_id") not in types:
            errors[entry["key"]] = [_("Type d’intervention inconnu pour cette mission.")]
        elif message := _count_problem(entry["value"]):
            errors[entry["key"]] = [message]
        else:
            measure = types[entry["type_id"]].code if entry["measure"] == "motifs" else entry["measure"]
            wanted.setdefault(mission.id, {})[measure] = (entry.get("type_id"), _count(entry["value"]))
    if not 2015 <= year <= 2100:
        errors["year"] = [_("Une année entre 2015 et 2100.")]
    if errors:
        raise invalid(fields=errors, summary=_("Certains chiffres ne sont pas valides : rien n’a été enregistré."))
    existing = _baselines(actor.organisation_id, year)
    changed = 0
    for mission_id, figures in wanted.items():
        changes = _apply(existing.get(mission_id) or _new(actor, mission_id, year), figures, year)
        if changes:
            record_change(actor, "mission", mission_id, "baseline", changes)
            changed += len(changes)
    db.session.commit()
    return changed


def _count_problem(value: Decimal | None) -> str | None:
    if value is None:
        return None
    if value < 0 or value != value.to_integral_value():
        return _("Un nombre entier, positif ou nul.")
    if value >= MAX_COUNT:
        return _("Valeur trop grande.")
    return None


def _count(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _new(actor: User, mission_id: int, year: int) -> Baseline:
    baseline = Baseline(organisation_id=actor.organisation_id, mission_id=mission_id, year=year, motifs=[])
    db.session.add(baseline)
    return baseline


def _apply(baseline: Baseline, figures: dict, year: int) -> dict:
    """Set the figures; {"2019:interventions": [before, after], "2019:<type code>": ...} of those changed."""
    motifs = {motif.type_id: motif for motif in baseline.motifs}
    changes = {}
    for measure, (type_id, value) in figures.items():
        if measure in ("interventions", "people"):
            before = getattr(baseline, measure)
            setattr(baseline, measure, value)
        else:
            row = motifs.get(type_id)
            before = row.motifs if row else None
            if row is not None and value is None:
                baseline.motifs.remove(row)
            elif row is not None:
                row.motifs = value
            elif value is not None:
                baseline.motifs.append(BaselineMotif(type_id=type_id, motifs=value))
        if before != value:
            changes[f"{year}:{measure}"] = [before, value]
    if baseline.interventions is None and baseline.people is None and not baseline.motifs:
        # Nothing left entered: no row that would mark the year as "entered figures".
        if baseline in db.session.new:
            db.session.expunge(baseline)
        else:
            db.session.delete(baseline)
    return changes


def _baselines(organisation_id: int, year: int) -> dict[int, Baseline]:
    query = select(Baseline).where(Baseline.organisation_id == organisation_id, Baseline.year == year)
    return {row.mission_id: row for row in db.session.scalars(query.options(selectinload(Baseline.motifs)))}


def entered_counts(baseline: Baseline) -> Counts:
    """Entered figures in the shape the tallies are read in (motifs under the "type" dimension)."""
    counts = Counts()
    counts.add("all", "", baseline.interventions or 0, baseline.people or 0)
    for motif in baseline.motifs:
        counts.add("type", str(motif.type_id), motif.motifs, 0)
    return counts


def fill_from_baselines(organisation_id: int, spans: dict[str, tuple[date, date]], counts: dict) -> dict[str, set]:
    """Put entered figures where the tallies have nothing for that year and mission.

    `counts` is {key: {mission id: Counts}} for each key of `spans` ("current", "previous"),
    changed in place; returns {key: ids of the missions whose figures are entered}. Entered
    totals are a whole year's: a span that is not one (a year in progress, and the same span
    of the year before) cannot be compared with them, and keeps its tapped figures.
    """
    entered: dict[str, set] = {}
    for key, (first, last) in spans.items():
        entered[key] = set()
        if (first.month, first.day, last.month, last.day) != (1, 1, 12, 31) or first.year != last.year:
            continue
        for mission_id, baseline in _baselines(organisation_id, first.year).items():
            tallied = counts[key].get(mission_id)
            if tallied is None or not tallied.interventions:
                counts[key][mission_id] = entered_counts(baseline)
                entered[key].add(mission_id)
    return entered


def has_baselines(organisation_id: int, year: int) -> bool:
    """Whether totals were entered for that year (for any mission)."""
    query = select(Baseline.id).where(Baseline.organisation_id == organisation_id, Baseline.year == year)
    return db.session.scalar(query.limit(1)) is not None


def mark_entered(report: dict, entered: dict[str, set]) -> None:
    """Say in the report which figures were entered rather than counted from taps: each
    mission's section, a partner's when one of its missions' are, and the synthesis's list."""
    labels: dict[str, list[str]] = {key: [] for key in entered}
    for group in report["partners"]:
        for section in group["missions"]:
            mission: Mission = section["mission"]
            section["entered"] = {key: mission.id in ids for key, ids in entered.items()}
            for key, ids in entered.items():
                if mission.id in ids:
                    labels[key].append(label_of(mission))
        if group["figures"] is not None:
            group["figures"]["entered"] = {
                key: any(section["entered"][key] for section in group["missions"]) for key in entered
            }
    report["entered"] = labels
