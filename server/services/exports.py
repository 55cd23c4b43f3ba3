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
from ..vocabulary import (
    AGE_BANDS,
    DURATIONS,
    EXPORT_DATASETS,
    GENDERS,
    MASK_OUTCOMES,
    PLACES,
    reads_english,
)
from .audit import record_change
from .export_aggregates import aggregate_table
from .export_formats import DAY, DECIMAL, INTEGER, MOMENT, TEXT, Table
from .indicator_figures import export_rows
from .periods import Period

# The tables that can be exported, named in the audit trail by the same vocabulary.
DATASETS = EXPORT_DATASETS


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
        zone = user.organisation.zone
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
    return aggregate_table(user, dataset, period, mission_ids)


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
    zone = user.organisation.zone
    return Table(_("Interventions"), _INTERVENTION_COLUMNS(), intervention_rows(user.organisation_id, zone, conditions))


def intervention_rows(organisation_id: int, zone: ZoneInfo, conditions: list) -> Iterator[tuple]:
    """One export row per intervention of the organisation meeting `conditions`, oldest first."""
    # Free-text notes stay out of exports: they may name people, and a file leaves the system.
    motif_labels = (
        select(_joined_labels(_label(InterventionType)))
        .select_from(InterventionMotif)
        .join(InterventionType, InterventionType.id == InterventionMotif.type_id)
        .where(InterventionMotif.intervention_id == Intervention.id)
        .scalar_subquery()
    )
    # Plain columns, not ORM objects: a year is a hundred thousand rows and more.
    query = (
        select(
            Intervention.id,
            Intervention.occurred_on,
            Intervention.occurred_at,
            _label(Mission),
            _label(Site),
            User.name,
            motif_labels,
            Intervention.gender,
            Intervention.age_band,
            Intervention.place,
            Intervention.people,
            Intervention.duration,
            Intervention.mask_reminder,
            Intervention.mask_outcome,
            Intervention.rating,
            Intervention.received_at,
        )
        .join(Mission, Mission.id == Intervention.mission_id)
        .join(User, User.id == Intervention.mediator_id)
        .outerjoin(Site, Site.id == Intervention.site_id)
        .where(Intervention.organisation_id == organisation_id, *conditions)
        .order_by(Intervention.occurred_at, Intervention.id)
        .execution_options(yield_per=2000)
    )
    # Translated once, not once a cell.
    genders, ages, places = GENDERS.labels(), AGE_BANDS.labels(), PLACES.labels()
    durations, outcomes = DURATIONS.labels(), MASK_OUTCOMES.labels()
    yes, no = _("oui"), _("non")
    utc = timezone.utc
    for row in db.session.execute(query):
        (row_id, day, occurred, mission, site, mediator, types, gender, age_band, place, people) = row[:11]
        duration, mask_reminder, mask_outcome, rating, received = row[11:]
        yield (
            str(row_id),
            day,
            occurred.replace(tzinfo=utc).astimezone(zone).replace(tzinfo=None),
            mission,
            site,
            mediator,
            types,
            genders.get(gender, gender or ""),
            ages.get(age_band, age_band or ""),
            places.get(place, place or ""),
            people,
            durations.get(duration, duration or ""),
            yes if mask_reminder else no,
            outcomes.get(mask_outcome, mask_outcome or ""),
            rating,
            received.replace(tzinfo=utc).astimezone(zone).replace(tzinfo=None),
        )


def _joined_labels(label):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.string_agg(label, " + ")
    return func.group_concat(label, " + ")


def _label(model):
    """A mission's, line's or type's label as the database reads it in the reader's language
    (label_of in SQL, for the export's one query)."""
    if reads_english():
        return func.coalesce(func.nullif(model.label_en, ""), model.label)
    return model.label
