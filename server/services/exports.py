"""What can be exported: raw interventions and each aggregate table, for the chosen filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..database import begin_write
from ..errors import not_found
from ..extensions import db
from ..models import Intervention, InterventionMotif, InterventionType, Mission, Site, User
from ..vocabulary import AGE_BANDS, DURATIONS, EXPORT_DATASETS, GENDERS, MASK_OUTCOMES, PLACES
from .aggregates import counts_by_day, counts_by_mission, shift_hours_by_mission, total
from .audit import record_change
from .export_formats import DAY, DECIMAL, INTEGER, MOMENT, TEXT, Table
from .indicator_figures import export_rows
from .periods import Period

# The tables that can be exported, named in the audit trail by the same vocabulary.
DATASETS = EXPORT_DATASETS
_VOCABULARIES = {
    "by_gender": ("gender", GENDERS),
    "by_age_band": ("age_band", AGE_BANDS),
    "by_place": ("place", PLACES),
    "by_duration": ("duration", DURATIONS),
}


def export_table(user: User, dataset: str, period: Period, mission_ids: list[int] | None, fmt: str) -> Table:
    """The table to write, after leaving the export's audit entry (committed before streaming)."""
    if dataset not in DATASETS:
        raise not_found()
    begin_write()
    filters = {"from": period.first.isoformat(), "to": period.last.isoformat(), "missions": mission_ids, "format": fmt}
    record_change(user, "export", dataset, "export", filters)
    db.session.commit()
    # The rows are read while streaming, in a transaction of their own that takes no write lock.
    if dataset == "interventions":
        # The rows are read once the response streams: pass plain values, not the session's objects.
        zone = ZoneInfo(user.organisation.timezone)
        conditions = [
            Intervention.occurred_on >= period.first,
            Intervention.occurred_on <= period.last,
            Intervention.deleted.is_(False),
        ]
        if mission_ids is not None:
            conditions.append(Intervention.mission_id.in_(mission_ids))
        rows = intervention_rows(user.organisation_id, zone, conditions)
        return Table(_("Interventions"), _INTERVENTION_COLUMNS(), rows)
    if dataset == "indicators":
        return Table(_("Indicateurs"), _INDICATOR_COLUMNS(), export_rows(user.organisation_id, period, mission_ids))
    return _aggregate_table(user, dataset, period, mission_ids)


def _INDICATOR_COLUMNS() -> list[tuple[str, str, str]]:  # noqa: N802 - translated at call time
    """Figures that are not taps: one row per value (a month's, or a year's for yearly indicators)."""
    return [
        ("code", _("Code"), TEXT),
        ("indicator", _("Indicateur"), TEXT),
        ("mission", _("Mission"), TEXT),
        ("unit", _("Unité"), TEXT),
        ("year", _("Année"), INTEGER),
        ("month", _("Mois"), INTEGER),
        ("value", _("Valeur"), DECIMAL),
    ]


def _INTERVENTION_COLUMNS() -> list[tuple[str, str, str]]:  # noqa: N802 - translated at call time
    return [
        ("id", _("Identifiant"), TEXT),
        ("day", _("Date"), DAY),
        ("occurred_at", _("Date et heure"), MOMENT),
        ("mission", _("Mission"), TEXT),
        ("site", _("Ligne ou site"), TEXT),
        ("mediator", _("Médiateur"), TEXT),
        ("types", _("Motif(s)"), TEXT),
        ("gender", _("Genre"), TEXT),
        ("age_band", _("Tranche d’âge"), TEXT),
        ("place", _("Lieu"), TEXT),
        ("people", _("Personnes"), INTEGER),
        ("duration", _("Durée"), TEXT),
        ("mask_reminder", _("Rappel masque"), TEXT),
        ("mask_outcome", _("Résultat du rappel"), TEXT),
        ("rating", _("Satisfaction"), INTEGER),
        ("received_at", _("Reçue le"), MOMENT),
    ]


def filtered_interventions_table(user: User, conditions: list, filters: dict, fmt: str) -> Table:
    """The interventions a search kept (services/intervention_search.py), as an export: audited
    like every export, with the search's filters in the entry."""
    begin_write()
    record_change(user, "export", "interventions", "export", {**filters, "format": fmt})
    db.session.commit()
    zone = ZoneInfo(user.organisation.timezone)
    return Table(_("Interventions"), _INTERVENTION_COLUMNS(), intervention_rows(user.organisation_id, zone, conditions))


def intervention_rows(organisation_id: int, zone: ZoneInfo, conditions: list) -> Iterator[tuple]:
    """One export row per intervention of the organisation meeting `conditions`, oldest first."""
    # Free-text notes stay out of exports: they may name people, and a file leaves the system.
    motif_labels = (
        select(_joined_labels())
        .select_from(InterventionMotif)
        .join(InterventionType, InterventionType.id == InterventionMotif.type_id)
        .where(InterventionMotif.intervention_id == Intervention.id)
        .scalar_subquery()
    )
    query = (
        select(Intervention, Mission.label, Site.label, User.name, motif_labels)
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(User, User.id == Intervention.mediator_id)
        .outerjoin(Site, Site.id == Intervention.site_id)
        .where(Intervention.organisation_id == organisation_id, *conditions)
        .order_by(Intervention.occurred_at, Intervention.id)
        .execution_options(yield_per=2000)
    )
    yes, no = _("oui"), _("non")
    for row, mission, site, mediator, types in db.session.execute(query):
        local = row.occurred_at.replace(tzinfo=timezone.utc).astimezone(zone).replace(tzinfo=None)
        received = row.received_at.replace(tzinfo=timezone.utc).astimezone(zone).replace(tzinfo=None)
        yield (
            str(row.id),
            row.occurred_on,
            local,
            mission,
            site,
            mediator,
            types,
            GENDERS.label(row.gender),
            AGE_BANDS.label(row.age_band),
            PLACES.label(row.place),
            row.people,
            DURATIONS.label(row.duration),
            yes if row.mask_reminder else no,
            MASK_OUTCOMES.label(row.mask_outcome),
            row.rating,
            received,
        )
        db.session.expunge(row)


def _joined_labels():
    if db.session.get_bind().dialect.name == "postgresql":
        return func.string_agg(InterventionType.label, " + ")
    return func.group_concat(InterventionType.label, " + ")


def _aggregate_table(user: User, dataset: str, period: Period, mission_ids) -> Table:
    organisation_id = user.organisation_id
    missions = {m.id: m for m in db.session.scalars(select(Mission).where(Mission.organisation_id == organisation_id))}
    count_columns = [("interventions", _("Interventions"), INTEGER), ("people", _("Personnes"), INTEGER)]
    if dataset == "by_day":
        rows = counts_by_day(organisation_id, period.first, period.last, "all", mission_ids)
        return Table(_("Par jour"), [("day", _("Date"), DAY), count_columns[0]], [(day, n) for day, _v, n in rows])
    if dataset == "hours":
        zone = ZoneInfo(user.organisation.timezone)
        hours = shift_hours_by_mission(organisation_id, zone, period.first, period.last)
        rows = [
            (missions[m].label, value.shift, value.person)
            for m, value in hours.items()
            if mission_ids is None or m in mission_ids
        ]
        columns = [
            ("mission", _("Mission"), TEXT),
            ("hours", _("Heures de vacation"), DECIMAL),
            ("person_hours", _("Heures de présence"), DECIMAL),
        ]
        return Table(_("Heures"), columns, rows)
    per_mission = counts_by_mission(organisation_id, period.first, period.last, mission_ids)
    if dataset == "by_mission":
        rows = [(missions[m].label, c.interventions, c.people, c.motifs) for m, c in sorted(per_mission.items())]
        columns = [("mission", _("Mission"), TEXT), *count_columns, ("motifs", _("Motifs"), INTEGER)]
        return Table(_("Par mission"), columns, rows)
    if dataset in ("by_type", "by_site"):
        dimension = dataset.removeprefix("by_")
        model = InterventionType if dataset == "by_type" else Site
        names = dict(db.session.execute(select(model.id, model.label).where(model.mission_id.in_(missions))).all())
        rows = [
            (missions[m].label, names[int(value)], pair[0], pair[1])
            for m, counts in sorted(per_mission.items())
            for value, pair in counts.by.get(dimension, {}).items()
            if pair[0]
        ]
        title = _("Motif") if dataset == "by_type" else _("Ligne ou site")
        return Table(dataset, [("mission", _("Mission"), TEXT), (dimension, title, TEXT), *count_columns], rows)
    summed = total(per_mission)
    if dataset == "by_mediator":
        names = dict(
            db.session.execute(select(User.id, User.name).where(User.organisation_id == organisation_id)).all()
        )
        rows = [(names[int(v)], p[0], p[1]) for v, p in summed.by.get("mediator", {}).items() if p[0]]
        return Table(_("Par médiateur"), [("mediator", _("Médiateur"), TEXT), *count_columns], sorted(rows))
    dimension, vocabulary = _VOCABULARIES[dataset]
    rows = [(vocabulary.label(v), p[0], p[1]) for v, p in summed.by.get(dimension, {}).items() if p[0]]
    return Table(dataset, [(dimension, dimension, TEXT), *count_columns], rows)
