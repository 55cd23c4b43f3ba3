"""Indicators: figures that are not taps (training hours, euros of debt recovered, files handled,
flyers...), defined by admins for the organisation or one of its missions, their values entered
by coordinators at the desk or with PUT /api/indicators, and shown by the yearly report, the
dashboard and the exports.

A code is unique in the organisation and fixed at creation, so that a network of PIMMS can add
the same indicator up across its members. Once values exist an indicator is archived, never
deleted, and its unit and periodicity stay as they were entered under. A monthly indicator's
year is the sum of its months; a yearly one has a single value (month 0). Values are stored in
hundredths, so sums are exact; they become numbers only when shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..database import begin_write
from ..errors import conflict, invalid, not_found, too_many_records
from ..extensions import db
from ..models import Indicator, IndicatorValue, Mission, User
from ..models.indicator import WHOLE_YEAR
from ..vocabulary import INDICATOR_UNITS, in_current_language
from .aggregates import change
from .audit import record_change
from .editing import apply_changes
from .periods import Period, organisation_today

EDITABLE = ("label", "label_en", "unit", "periodicity", "mission_id")
MAX_ROWS = 5000
MAX_VALUE = Decimal(10) ** 12
FIRST_YEAR, LAST_YEAR = 2015, 2100


# Definitions (the admin pages).


def list_indicators(actor: User, include_archived: bool = True) -> list[Indicator]:
    """The organisation's indicators: the organisation's own first, then each mission's."""
    return _indicators(actor.organisation_id, None, include_archived=include_archived)


def indicator_label(indicator: Indicator) -> str:
    """The label in the user's language (the French one when no English was given)."""
    return in_current_language(indicator.label, indicator.label_en)


def find_indicator(actor: User, indicator_id: int) -> Indicator:
    """An indicator of the actor's organisation, or a 404 (never another organisation's)."""
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.organisation_id != actor.organisation_id:
        raise not_found()
    return indicator


def create_indicator(actor: User, values: dict) -> Indicator:
    """A new indicator, last in its section."""
    begin_write()
    code = values["code"]
    taken = select(Indicator.id).where(Indicator.organisation_id == actor.organisation_id, Indicator.code == code)
    if db.session.scalar(taken) is not None:
        raise invalid("code", _("Un indicateur porte déjà ce code (peut-être archivé) : choisissez-en un autre."))
    cleaned = _cleaned(actor, values)
    last = db.session.scalar(
        select(func.max(Indicator.position)).where(Indicator.organisation_id == actor.organisation_id)
    )
    indicator = Indicator(organisation_id=actor.organisation_id, code=code, position=(last or 0) + 1, **cleaned)
    db.session.add(indicator)
    db.session.flush()
    record_change(actor, "indicator", indicator.id, "create", {"code": [None, code], "label": [None, indicator.label]})
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
    changes = apply_changes(indicator, cleaned)
    if changes:
        record_change(actor, "indicator", indicator.id, "update", changes)
        db.session.commit()
    return changes


def set_indicator_archived(actor: User, indicator: Indicator, archived: bool) -> None:
    """Archive (no longer entered; kept in reports of the years it has values) or bring back."""
    begin_write()
    changes = apply_changes(indicator, {"archived": archived})
    if changes:
        record_change(actor, "indicator", indicator.id, "archive" if archived else "unarchive", changes)
        db.session.commit()


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
    cleaned = {name: values[name] for name in EDITABLE}
    cleaned["label"] = cleaned["label"].strip()
    cleaned["label_en"] = (cleaned["label_en"] or "").strip()
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


def _indicators(organisation_id: int, mission_ids, periodicity=None, include_archived=True) -> list[Indicator]:
    """Archived ones too unless told (their values count for the years they were entered);
    with missions chosen, only those missions' indicators, not the organisation's."""
    query = select(Indicator).where(Indicator.organisation_id == organisation_id)
    if mission_ids is not None:
        query = query.where(Indicator.mission_id.in_(mission_ids))
    if periodicity:
        query = query.where(Indicator.periodicity == periodicity)
    if not include_archived:
        query = query.where(Indicator.archived.is_(False))
    return sorted(db.session.scalars(query.options(selectinload(Indicator.mission))), key=_sort_key)


# Values (the desk's sheet and the API). A request is checked whole before anything is
# written: one bad row and nothing is stored. Storing the same values again changes nothing
# and leaves no audit entry; each change leaves one entry per indicator and year, with every
# month's value before and after.


def set_indicator_values(actor: User, entries: list[dict]) -> dict:
    """Store each entry's value (None clears it): {"indicator" (code), "year", "month", "value"}.

    Errors are keyed by the entry's "key" if it has one (a form's input), else by its index
    in the list (a spreadsheet's row); `month` is
    None for an indicator entered once a year. Returns how many values changed and how many
    were already as asked.
    """
    if len(entries) > MAX_ROWS:
        raise too_many_records(_("Au plus %(limit)d valeurs par requête.", limit=MAX_ROWS))
    begin_write()
    query = select(Indicator).where(Indicator.organisation_id == actor.organisation_id)
    indicators = {indicator.code: indicator for indicator in db.session.scalars(query)}
    errors: dict[str, dict] = {}
    wanted: dict[tuple[int, int, int], int | None] = {}
    for index, entry in enumerate(entries):
        problems = _problems(entry, indicators.get(entry["indicator"]))
        if not problems:
            key = (indicators[entry["indicator"]].id, entry["year"], entry["month"] or WHOLE_YEAR)
            if key in wanted:
                problems = {"_schema": [_("Cette valeur est déjà donnée dans la même requête.")]}
            else:
                wanted[key] = None if entry["value"] is None else int(entry["value"] * 100)
        if problems:
            errors[str(entry.get("key", index))] = problems
    if errors:
        raise invalid(fields=errors, summary=_("Certaines valeurs ne sont pas valides : rien n’a été enregistré."))
    try:
        return _store(actor, wanted)
    except IntegrityError:
        # Another request inserted one of these values meanwhile (PostgreSQL): read it, compare again.
        db.session.rollback()
        begin_write()
        return _store(actor, wanted)


def values_document(actor: User, year: int | None = None) -> dict:
    """A year's indicators and values (this year's unless asked), rows shaped as PUT /api/indicators takes them."""
    year = year or organisation_today(actor).year
    indicators = list_indicators(actor)
    stored = values_by_indicator([indicator.id for indicator in indicators], [year])
    listed, rows = [], []
    for indicator in indicators:
        months = stored.get((indicator.id, year), {})
        listed.append(
            {
                "code": indicator.code,
                "label": indicator.label,
                "label_en": indicator.label_en,
                "unit": indicator.unit,
                "periodicity": indicator.periodicity,
                "mission": indicator.mission.code if indicator.mission else None,
                "archived": indicator.archived,
                "total": amount(sum(months.values())) if months else None,
            }
        )
        rows.extend(
            {"indicator": indicator.code, "year": year, "month": month or None, "value": amount(value)}
            for month, value in sorted(months.items())
        )
    return {"year": year, "indicators": listed, "values": rows}


def indicator_sheet(actor: User, year: int) -> list[dict]:
    """The desk's sheet: each active indicator with its stored values of the year and their total."""
    indicators = list_indicators(actor, include_archived=False)
    stored = values_by_indicator([indicator.id for indicator in indicators], [year])
    rows = []
    for indicator in indicators:
        months = stored.get((indicator.id, year), {})
        values = {month or None: Decimal(hundredths) / 100 for month, hundredths in months.items()}
        total = amount(sum(months.values())) if months else None
        rows.append({"indicator": indicator, "label": indicator_label(indicator), "values": values, "total": total})
    return rows


def _problems(entry: dict, indicator: Indicator | None) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if indicator is None:
        return {"indicator": [_("Indicateur inconnu : %(code)s.", code=entry["indicator"])]}
    if indicator.archived:
        problems["indicator"] = [_("Cet indicateur est archivé : rétablissez-le pour y saisir des valeurs.")]
    if not FIRST_YEAR <= entry["year"] <= LAST_YEAR:
        problems["year"] = [_("Une année entre 2015 et 2100.")]
    month = entry["month"]
    if indicator.periodicity == "monthly" and month is None:
        problems["month"] = [_("Cet indicateur se saisit chaque mois : indiquez le mois (1 à 12).")]
    elif indicator.periodicity == "yearly" and month is not None:
        problems["month"] = [_("Cet indicateur se saisit une fois par an : sans mois.")]
    elif month is not None and not 1 <= month <= 12:
        problems["month"] = [_("Un mois de 1 à 12.")]
    message = _value_problem(entry["value"], indicator.unit)
    if message:
        problems["value"] = [message]
    return problems


def _value_problem(value: Decimal | None, unit: str) -> str | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        return _("Une valeur positive ou nulle.")
    if value >= MAX_VALUE:
        return _("Valeur trop grande.")
    if unit == "count" and value != value.to_integral_value():
        return _("Un nombre entier.")
    if value * 100 != (value * 100).to_integral_value():
        return _("Deux décimales au plus.")
    return None


def _store(actor: User, wanted: dict[tuple[int, int, int], int | None]) -> dict:
    existing = {}
    if wanted:
        query = select(IndicatorValue).where(
            IndicatorValue.indicator_id.in_({key[0] for key in wanted}),
            IndicatorValue.year.in_({key[1] for key in wanted}),
        )
        existing = {(row.indicator_id, row.year, row.month): row for row in db.session.scalars(query)}
    changes: dict[tuple[int, int], dict] = defaultdict(dict)
    for key, hundredths in wanted.items():
        row = existing.get(key)
        before = row.hundredths if row is not None else None
        if before == hundredths:
            continue
        indicator_id, year, month = key
        if hundredths is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(IndicatorValue(indicator_id=indicator_id, year=year, month=month, hundredths=hundredths))
        else:
            row.hundredths = hundredths
        period = f"{year}-{month:02d}" if month else str(year)
        changes[(indicator_id, year)][period] = [amount(before), amount(hundredths)]
    for (indicator_id, _year), diff in sorted(changes.items()):
        record_change(actor, "indicator", indicator_id, "values", diff)
    db.session.commit()
    changed = sum(len(diff) for diff in changes.values())
    return {"changed": changed, "unchanged": len(wanted) - changed}


# Figures (the yearly report, the dashboard, the exports).


def amount(hundredths: int | None) -> int | float | None:
    """A stored value as a number: whole values stay integers (no "12.0" in JSON or audit)."""
    if hundredths is None:
        return None
    return hundredths // 100 if hundredths % 100 == 0 else hundredths / 100


def values_by_indicator(indicator_ids, years) -> dict[tuple[int, int], dict[int, int]]:
    """{(indicator id, year): {month (0: the whole year): hundredths}} in one query."""
    if not indicator_ids:
        return {}
    query = select(IndicatorValue.indicator_id, IndicatorValue.year, IndicatorValue.month, IndicatorValue.hundredths)
    query = query.where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.year.in_(list(years)))
    found: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for indicator_id, year, month, hundredths in db.session.execute(query):
        found[(indicator_id, year)][month] = hundredths
    return found


def report_indicators(organisation_id: int, year: int, mission_ids=None) -> dict:
    """Rows of the yearly report: {"organisation": [...], "missions": {mission id: [...]}}.

    Each row has the year's value, the previous year's and the change. A monthly indicator
    whose year is not complete is compared over the same months of the previous year.
    """
    indicators = _indicators(organisation_id, mission_ids)
    stored = values_by_indicator([indicator.id for indicator in indicators], [year, year - 1])
    result: dict = {"organisation": [], "missions": defaultdict(list)}
    for indicator in indicators:
        now, before = stored.get((indicator.id, year), {}), stored.get((indicator.id, year - 1), {})
        if not now and not before:
            continue
        months = None
        if indicator.periodicity == "monthly" and 0 < len(now) < 12:
            months = len(now)
            before = {month: value for month, value in before.items() if month in now}
        current, previous = amount(sum(now.values())) if now else None, amount(sum(before.values())) if before else None
        row = {
            "indicator": indicator,
            "label": indicator_label(indicator),
            "unit": indicator.unit,
            "current": current,
            "previous": previous,
            "change": change(current, previous) if current is not None and previous else None,
            "months": months,
        }
        if indicator.mission_id is None:
            result["organisation"].append(row)
        else:
            result["missions"][indicator.mission_id].append(row)
    return result


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """The (year, month) pairs a period touches."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def period_sums(organisation_id: int, period: Period, mission_ids) -> dict:
    """The dashboard's block: monthly indicators summed over the months the period touches."""
    months = months_between(period.first, period.last)
    previous_months = months_between(period.previous_first, period.previous_last)
    indicators = _indicators(organisation_id, mission_ids, "monthly")
    years = {year for year, _month in months + previous_months}
    stored = values_by_indicator([indicator.id for indicator in indicators], years)
    rows = []
    for indicator in indicators:
        now = [stored.get((indicator.id, y), {}).get(m) for y, m in months]
        before = [stored.get((indicator.id, y), {}).get(m) for y, m in previous_months]
        if all(value is None for value in now + before):
            continue
        current = amount(sum(value or 0 for value in now))
        previous = amount(sum(value or 0 for value in before))
        rows.append(
            {
                "label": indicator_label(indicator),
                "unit": indicator.unit,
                "current": current,
                "previous": previous,
                # A week within one month touches the same month as the week before: no change to tell.
                "change": change(current, previous) if months != previous_months else None,
            }
        )
    return {"months": months, "previous_months": previous_months, "rows": rows}


def export_rows(organisation_id: int, period: Period, mission_ids) -> list[tuple]:
    """Every value of the months the period touches (and of the years, for yearly indicators)."""
    months = set(months_between(period.first, period.last))
    years = {year for year, _month in months}
    indicators = _indicators(organisation_id, mission_ids)
    stored = values_by_indicator([indicator.id for indicator in indicators], years)
    rows = []
    for indicator in indicators:
        for year in sorted(years):
            for month, hundredths in sorted(stored.get((indicator.id, year), {}).items()):
                if month and (year, month) not in months:
                    continue
                rows.append(
                    (
                        indicator.code,
                        indicator_label(indicator),
                        indicator.mission.label if indicator.mission else "",
                        INDICATOR_UNITS.label(indicator.unit),
                        year,
                        month or None,
                        hundredths / 100,
                    )
                )
    return rows
