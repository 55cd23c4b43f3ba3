"""Forms of indicators: an admin's definition, and the desk's sheet of a year's values."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from ..services.indicators import indicator_label
from ..vocabulary import INDICATOR_PERIODICITIES, INDICATOR_UNITS
from .fields import code_field, optional_text, options, required_text, select_field

MONTHS = (
    _l("janvier"),
    _l("février"),
    _l("mars"),
    _l("avril"),
    _l("mai"),
    _l("juin"),
    _l("juillet"),
    _l("août"),
    _l("septembre"),
    _l("octobre"),
    _l("novembre"),
    _l("décembre"),
)
MONTHS_SHORT = (
    _l("janv."),
    _l("févr."),
    _l("mars"),
    _l("avr."),
    _l("mai"),
    _l("juin"),
    _l("juil."),
    _l("août"),
    _l("sept."),
    _l("oct."),
    _l("nov."),
    _l("déc."),
)
_NUMBER = re.compile(r"-?\d{1,15}(?:[.,]\d+)?")


class AmountField(StringField):
    """A number as people type it in France ("1 234,5") or in a spreadsheet ("1234.5"); empty is None.

    Which numbers an indicator or a baseline accepts (whole, positive...) is the service's rule.
    """

    def process_formdata(self, valuelist):
        self.data = None
        text = re.sub(r"[\s\u00a0\u202f]", "", valuelist[0] if valuelist else "")
        if not text:
            return
        if not _NUMBER.fullmatch(text):
            raise ValueError(_l("Un nombre, par exemple 1 234,5."))
        self.data = Decimal(text.replace(",", "."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        whole = self.data == self.data.to_integral_value()
        return str(int(self.data)) if whole else f"{self.data:.2f}".replace(".", ",")


class IndicatorForm(FlaskForm):
    label = required_text(_l("Libellé (français)"), 120, _l("Indiquez un libellé."))
    label_en = optional_text(_l("Libellé (anglais)"), 120)
    unit = select_field(_l("Unité"), INDICATOR_UNITS.choices())
    periodicity = select_field(
        _l("Saisie"),
        INDICATOR_PERIODICITIES.choices(),
        description=_l(
            "Chaque mois : le tableau de bord en montre la somme sur la période. "
            "Ne change plus une fois des valeurs saisies."
        ),
    )
    section = select_field(_l("Section du rapport"), description=_l("L’organisation (synthèse) ou une mission."))

    def __init__(self, missions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = options([("", _l("L’organisation")), *((str(m.id), m.label) for m in missions)])

    def values(self) -> dict:
        return {
            "label": self.label.data,
            "label_en": self.label_en.data,
            "unit": self.unit.data,
            "periodicity": self.periodicity.data,
            "mission_id": int(self.section.data) if self.section.data else None,
        }


class NewIndicatorForm(IndicatorForm):
    code = code_field()

    def values(self) -> dict:
        return {**super().values(), "code": self.code.data}


def cell_name(indicator, month: int | None) -> str:
    """The input of an indicator's month (None: its year) on the desk's sheet."""
    return f"i{indicator.id}_{month or 'year'}"


def indicator_sheet_form(indicators, year: int, **kwargs) -> FlaskForm:
    """One input per month of each monthly indicator, one per yearly indicator."""

    class SheetForm(FlaskForm):
        def values(self) -> list[dict]:
            """What set_indicator_values takes: every input, empty ones clearing their value."""
            return [
                {
                    "key": cell_name(indicator, month),
                    "indicator": indicator.code,
                    "year": year,
                    "month": month,
                    "value": self[cell_name(indicator, month)].data,
                }
                for indicator in indicators
                for month in _months(indicator)
            ]

    for indicator in indicators:
        for month in _months(indicator):
            when = f"{MONTHS[month - 1]} {year}" if month else str(year)
            setattr(SheetForm, cell_name(indicator, month), AmountField(f"{indicator_label(indicator)} — {when}"))
    return SheetForm(**kwargs)


def _months(indicator) -> list[int | None]:
    return list(range(1, 13)) if indicator.periodicity == "monthly" else [None]
