"""Values of the indicators (indicators.py), entered by coordinators at the desk or with
PUT /api/indicators, and read back as PUT takes them.

A monthly indicator's year is the sum of its months; a yearly one has a single value (month 0).
Values are stored in hundredths, so sums are exact; they become numbers only when shown.
A request is checked whole before anything is written: one bad row and nothing is stored.
Storing the same values again changes nothing and leaves no audit entry; each change leaves
one entry per indicator and year, with every month's value before and after.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import begin_write
from ..errors import invalid, too_many_records
from ..extensions import db
from ..models import Indicator, IndicatorValue, User
from ..models.indicator import WHOLE_YEAR
from .audit import record_change
from .indicators import indicator_label, list_indicators
from .periods import today_of

MAX_ROWS = 5000
MAX_VALUE = Decimal(10) ** 12
FIRST_YEAR, LAST_YEAR = 2015, 2100


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
    year = year or today_of(actor).year
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
