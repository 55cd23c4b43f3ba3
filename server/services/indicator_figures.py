"""Indicator figures for the yearly report, the dashboard and the exports: the values of
indicator_values.py summed over a year or the months a period touches."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..vocabulary import INDICATOR_UNITS
from .aggregates import change
from .indicator_values import amount, values_by_indicator
from .indicators import indicator_label, indicators_of
from .periods import Period


def report_indicators(organisation_id: int, year: int, mission_ids=None) -> dict:
    """Rows of the yearly report: {"organisation": [...], "missions": {mission id: [...]}}.

    Each row has the year's value, the previous year's and the change. A monthly indicator
    whose year is not complete is compared over the same months of the previous year.
    """
    indicators = indicators_of(organisation_id, mission_ids)
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
    indicators = indicators_of(organisation_id, mission_ids, "monthly")
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
    indicators = indicators_of(organisation_id, mission_ids)
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
