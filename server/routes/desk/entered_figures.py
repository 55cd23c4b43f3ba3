"""The desk's entered figures: indicator values of a year, and a year's totals per mission."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...errors import Refusal
from ...forms.baselines import baseline_name, baseline_sheet_form
from ...forms.filters import YearForm
from ...forms.indicators import MONTHS, MONTHS_SHORT, cell_name, indicator_sheet_form
from ...services.baselines import baseline_sheet, set_baselines
from ...services.indicator_values import indicator_sheet, set_indicator_values
from ...services.periods import today_of
from ..guards import page_for
from ..pages import saved
from . import bp


@bp.route("/indicators", methods=["GET", "POST"])
@page_for("coordinator")
def indicators():
    """A year's indicators, an input per month (or one for the year), saved all at once."""
    year_form = YearForm(today_of(current_user).year)
    year = year_form.chosen()
    sheet = indicator_sheet(current_user, year)
    data = {cell_name(row["indicator"], month): value for row in sheet for month, value in row["values"].items()}
    form = indicator_sheet_form([row["indicator"] for row in sheet], year, data=data)
    # A sheet posted under a year that is not one is not saved: which year was meant is unknown.
    if not year_form.errors and (stored := saved(form, _store_values)):
        changed = stored[0]["changed"]
        flash(ngettext("%(num)d valeur enregistrée.", "%(num)d valeurs enregistrées.", changed), "success")
        return redirect(url_for("desk.indicators", year=year))
    months = list(zip(MONTHS, MONTHS_SHORT, strict=True))
    context = {"sheet": sheet, "year": year, "months": months, "cell_name": cell_name}
    return _page("desk/indicators.html", form, year_form, **context)


@bp.route("/baselines", methods=["GET", "POST"])
@page_for("coordinator")
def baselines():
    """A year's totals per mission, for a year before the tool (last year, unless asked)."""
    year_form = YearForm(today_of(current_user).year - 1)
    year = year_form.chosen()
    sheet = baseline_sheet(current_user, year)
    form = baseline_sheet_form(sheet)
    if not year_form.errors and (stored := saved(form, lambda entries: set_baselines(current_user, year, entries))):
        flash(_("%(count)d chiffre(s) enregistré(s).", count=stored[0]), "success")
        return redirect(url_for("desk.baselines", year=year))
    return _page("desk/baselines.html", form, year_form, sheet=sheet, year=year, baseline_name=baseline_name)


def _store_values(entries: list[dict]) -> dict:
    try:
        return set_indicator_values(current_user, entries)
    except Refusal as refusal:
        # The service names each entry's faulty part (value, month...); the sheet shows them under its input.
        fields = {
            key: [message for messages in errors.values() for message in messages]
            if isinstance(errors, dict)
            else errors
            for key, errors in refusal.fields.items()
        }
        raise Refusal(refusal.code, refusal.message, fields) from refusal


def _page(template: str, form, year_form, **context):
    """A sheet page: 400 when the sheet or the year comes back with errors."""
    status = 400 if form.errors or year_form.errors else 200
    return render_template(template, form=form, year_form=year_form, **context), status
