"""The aggregate exports in words: a line per mission, motif, line, mediator or answer, with its
share of the interventions and its figure over the period the report compares with."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import InterventionType, Mission, Site, User
from ..vocabulary import AGE_BANDS, AUDITED_FIELDS, DURATIONS, EXPORT_DATASETS, GENDERS, PLACES, label_of
from .aggregates import Counts, Hours, change, counts_by_day, counts_by_mission, shift_hours_by_mission, total
from .export_formats import DAY, HOURS, INTEGER, SHARE, TEXT, Table
from .periods import Period

_VOCABULARIES = {
    "by_gender": ("gender", GENDERS),
    "by_age_band": ("age_band", AGE_BANDS),
    "by_place": ("place", PLACES),
    "by_duration": ("duration", DURATIONS),
}


def aggregate_table(user: User, dataset: str, period: Period, mission_ids) -> Table:
    """An aggregate table in words: each line's share of the interventions, and the same figure
    over the period the report compares with (the same span of last year, for a year)."""
    organisation_id = user.organisation_id
    missions = {
        m.id: label_of(m) for m in db.session.scalars(select(Mission).where(Mission.organisation_id == organisation_id))
    }
    sheet = str(EXPORT_DATASETS.label(dataset))
    if dataset == "by_day":
        rows = counts_by_day(organisation_id, period.first, period.last, "all", mission_ids)
        columns = [("day", _("Date"), DAY), ("interventions", _("Interventions"), INTEGER)]
        return Table(sheet, columns, [(day, n) for day, _v, n in rows])
    if dataset == "hours":
        return Table(sheet, _hours_columns(period), _hours_rows(user, period, mission_ids, missions))
    spans = ((period.first, period.last), (period.previous_first, period.previous_last))
    now, before = (counts_by_mission(organisation_id, *span, mission_ids) for span in spans)
    if dataset == "by_mission":
        lines = {
            (m,): (c.interventions, c.people, c.motifs, _counts(before, m).interventions)
            for m, c in sorted(now.items())
        }
        labels = [("mission", _("Mission"), TEXT)]
        extra = [("motifs", _("Motifs"), INTEGER)]
        return Table(sheet, _compared_columns(labels, period, extra), _compared_rows(lines, missions))
    if dataset in ("by_type", "by_site"):
        dimension = dataset.removeprefix("by_")
        model = InterventionType if dataset == "by_type" else Site
        query = select(model.id, model.label, model.label_en).where(model.mission_id.in_(missions))
        names = {row.id: label_of(row) for row in db.session.execute(query)}
        lines = {
            (m, int(value)): (pair[0], pair[1], _counts(before, m).by.get(dimension, {}).get(value, [0, 0])[0])
            for m, counts in sorted(now.items())
            for value, pair in counts.by.get(dimension, {}).items()
            if pair[0]
        }
        title = _("Motif") if dataset == "by_type" else _("Ligne ou site")
        labels = [("mission", _("Mission"), TEXT), (dimension, title, TEXT)]
        rows = _compared_rows(lines, missions, names)
        return Table(sheet, _compared_columns(labels, period), rows)
    summed, summed_before = total(now), total(before)
    if dataset == "by_mediator":
        dimension = "mediator"
        query = select(User.id, User.name).where(User.organisation_id == organisation_id)
        names = {str(user_id): name for user_id, name in db.session.execute(query)}
        label = _("Médiateur")
    else:
        dimension, vocabulary = _VOCABULARIES[dataset]
        names = {code: vocabulary.label(code) for code in vocabulary}
        # The field's name as the audit trail and the intervention export say it.
        label = AUDITED_FIELDS.label(dimension)
    lines = {
        (value,): (pair[0], pair[1], summed_before.by.get(dimension, {}).get(value, [0, 0])[0])
        for value, pair in summed.by.get(dimension, {}).items()
        if pair[0]
    }
    rows = [(names.get(value, value), *figures) for (value,), figures in lines.items()]
    rows = _with_shares(sorted(rows) if dataset == "by_mediator" else rows, 1)
    return Table(sheet, _compared_columns([(dimension, label, TEXT)], period), rows)


def _counts(per_mission: dict[int, Counts], mission_id: int) -> Counts:
    return per_mission.get(mission_id) or Counts()


def _compared_columns(labels: list, period: Period, extra: list | None = None) -> list[tuple[str, str, str]]:
    """The label columns, then the counts, the share, and the comparison period's count."""
    return [
        *labels,
        ("interventions", _("Interventions"), INTEGER),
        ("people", _("Personnes"), INTEGER),
        *(extra or []),
        ("share", _("Part des interventions (%)"), SHARE),
        ("previous_interventions", _previous_title(_("Interventions"), period), INTEGER),
        ("change", _("Évolution des interventions (%)"), SHARE),
    ]


def _compared_rows(lines: dict[tuple, tuple], missions: dict[int, str], names: dict | None = None) -> list[tuple]:
    """Rows of (mission[, name], interventions, people[, motifs], previous) with the share and
    change columns; lines keyed by (mission id[, value id])."""
    rows = []
    for key, figures in lines.items():
        label = (missions[key[0]],) if names is None else (missions[key[0]], names[key[1]])
        rows.append((*label, *figures))
    return _with_shares(rows, 1 if names is None else 2)


def _with_shares(rows: list[tuple], labels: int) -> list[tuple]:
    """Each row (`labels` labels, interventions, people, [motifs,] previous) as the compared
    columns want it: the share of all interventions before the previous count, the change after."""
    whole = sum(row[labels] for row in rows)
    return [
        (
            *row[:-1],
            round(row[labels] * 100.0 / whole, 1) if whole else None,
            row[-1],
            _rounded(change(row[labels], row[-1])),
        )
        for row in rows
    ]


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)


def _previous_title(what: str, period: Period) -> str:
    return _(
        "%(what)s du %(first)s au %(last)s",
        what=what,
        first=period.previous_first.strftime("%d/%m/%Y"),
        last=period.previous_last.strftime("%d/%m/%Y"),
    )


def _hours_columns(period: Period) -> list[tuple[str, str, str]]:
    return [
        ("mission", _("Mission"), TEXT),
        ("hours", _("Heures de vacation"), HOURS),
        ("person_hours", _("Heures de présence"), HOURS),
        ("share", _("Part des heures de présence (%)"), SHARE),
        ("previous_hours", _previous_title(_("Heures de vacation"), period), HOURS),
        ("previous_person_hours", _previous_title(_("Heures de présence"), period), HOURS),
        ("change", _("Évolution des heures de présence (%)"), SHARE),
    ]


def _hours_rows(user: User, period: Period, mission_ids, missions: dict[int, str]) -> list[tuple]:
    zone = user.organisation.zone
    now = shift_hours_by_mission(user.organisation_id, zone, period.first, period.last)
    before = shift_hours_by_mission(user.organisation_id, zone, period.previous_first, period.previous_last)
    kept = [m for m in missions if (m in now or m in before) and (mission_ids is None or m in mission_ids)]
    whole = sum(now.get(m, Hours()).person for m in kept)
    rows = []
    for m in kept:
        current, previous = now.get(m, Hours()), before.get(m, Hours())
        rows.append(
            (
                missions[m],
                round(current.shift, 2),
                round(current.person, 2),
                round(current.person * 100.0 / whole, 1) if whole else None,
                round(previous.shift, 2),
                round(previous.person, 2),
                _rounded(change(current.person, previous.person)),
            )
        )
    return rows
