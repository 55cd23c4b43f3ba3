"""Indicators: figures that are not taps (training hours, euros of debt recovered, files handled,
flyers...), defined by admins for the organisation or one of its missions. Their values are
entered in indicator_values.py and read back as figures in indicator_figures.py.

A code is unique in the organisation and fixed at creation, so that a network of PIMMS can add
the same indicator up across its members. Once values exist an indicator is archived, never
deleted, and its unit and periodicity stay as they were entered under.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import conflict, invalid
from ..extensions import db
from ..models import Indicator, IndicatorValue, Mission, User
from ..vocabulary import in_current_language
from .audit import record_change
from .editing import add_created, audited_change, find_owned, labels, placed_last

EDITABLE = ("label", "label_en", "unit", "periodicity", "mission_id")


def list_indicators(actor: User, include_archived: bool = True) -> list[Indicator]:
    """The organisation's indicators: the organisation's own first, then each mission's."""
    return indicators_of(actor.organisation_id, None, include_archived=include_archived)


def indicator_label(indicator: Indicator) -> str:
    """The label in the user's language (the French one when no English was given)."""
    return in_current_language(indicator.label, indicator.label_en)


def find_indicator(actor: User, indicator_id: int) -> Indicator:
    """An indicator of the actor's organisation, or a 404 (never another organisation's)."""
    return find_owned(actor, Indicator, indicator_id)


def create_indicator(actor: User, values: dict) -> Indicator:
    """A new indicator, last in its section."""
    begin_write()
    taken = _("Un indicateur porte déjà ce code (peut-être archivé) : choisissez-en un autre.")
    placed = placed_last(actor, Indicator, values["code"], taken)
    indicator = Indicator(**placed, **_cleaned(actor, values))
    add_created(actor, "indicator", indicator)
    db.session.commit()
    return indicator


def update_indicator(actor: User, indicator: Indicator, values: dict) -> dict:
    """Rename an indicator or move it to another section; unit and periodicity while it has no value."""
    begin_write()
    cleaned = _cleaned(actor, values)
    if has_values(indicator):
        for name, message in (
            ("unit", _("Des valeurs ont été saisies dans cette unité : elle ne change plus.")),
            ("periodicity", _("Des valeurs ont été saisies ainsi : la saisie ne change plus.")),
        ):
            if cleaned[name] != getattr(indicator, name):
                raise invalid(name, message)
    return audited_change(actor, "indicator", indicator, "update", cleaned)


def set_indicator_archived(actor: User, indicator: Indicator, archived: bool) -> None:
    """Archive (no longer entered; kept in reports of the years it has values) or bring back."""
    begin_write()
    audited_change(actor, "indicator", indicator, "archive" if archived else "unarchive", {"archived": archived})


def delete_indicator(actor: User, indicator: Indicator) -> None:
    """Delete an indicator nothing was entered for (a mistake); one with values is archived."""
    begin_write()
    if has_values(indicator):
        raise conflict(_("Des valeurs ont été saisies pour cet indicateur : archivez-le plutôt."))
    record_change(actor, "indicator", indicator.id, "delete", {"code": [indicator.code, None]})
    db.session.delete(indicator)
    db.session.commit()


def has_values(indicator: Indicator) -> bool:
    query = select(IndicatorValue.id).where(IndicatorValue.indicator_id == indicator.id).limit(1)
    return db.session.scalar(query) is not None


def _cleaned(actor: User, values: dict) -> dict:
    cleaned = {name: values[name] for name in EDITABLE} | labels(values)
    mission_id = cleaned["mission_id"]
    if mission_id is not None:
        mission = db.session.get(Mission, mission_id)
        if mission is None or mission.organisation_id != actor.organisation_id:
            raise invalid("mission_id", _("Mission inconnue."))
    return cleaned


def _sort_key(indicator: Indicator) -> tuple:
    mission = indicator.mission
    return (
        mission is not None,
        (mission.position, mission.label) if mission else (0, ""),
        indicator.archived,
        indicator.position,
        indicator.label,
    )


def indicators_of(organisation_id: int, mission_ids, periodicity=None, include_archived=True) -> list[Indicator]:
    """The organisation's indicators in the report's order. Archived ones too unless told (their
    values count for the years they were entered); with missions chosen, only those missions'
    indicators, not the organisation's."""
    query = select(Indicator).where(Indicator.organisation_id == organisation_id)
    if mission_ids is not None:
        query = query.where(Indicator.mission_id.in_(mission_ids))
    if periodicity:
        query = query.where(Indicator.periodicity == periodicity)
    if not include_archived:
        query = query.where(Indicator.archived.is_(False))
    return sorted(db.session.scalars(query.options(selectinload(Indicator.mission))), key=_sort_key)
