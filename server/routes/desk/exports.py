"""Exports: POST /exports/<dataset>?format=excel|csv|xlsx&period=...&mission=... (streamed)."""

from flask import Blueprint
from flask_login import current_user

from ...errors import invalid
from ...forms.filters import PeriodForm
from ...services.exports import export_table
from ...services.periods import mission_ids, period_from_form, today_of
from ..guards import page_for
from ..pages import asked_format, download

bp = Blueprint("exports", __name__, url_prefix="/exports")


@bp.post("/<dataset>")
@page_for("coordinator")
def export(dataset: str):
    """One table of the organisation's figures, in the asked format; each export is audited, so
    it is a POST with the page's CSRF token (templates/_export.html), never a link."""
    fmt = asked_format()
    form = PeriodForm()
    # Asked from a button, not a page of its own: what is wrong goes to the error page.
    if not form.validate():
        raise invalid(fields=form.errors)
    values = form.values()
    period = period_from_form(values, today_of(current_user))
    table = export_table(current_user, dataset, period, mission_ids(current_user, values["mission"]), fmt)
    return download(table, fmt, f"mediatap-{dataset}-{period.first.isoformat()}-{period.last.isoformat()}")
