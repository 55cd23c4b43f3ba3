"""The yearly activity report page: /reports/annual?year=YYYY[&mission=code][&partner=name]."""

from flask import Blueprint
from flask_login import current_user

from ...forms.filters import AnnualReportForm
from ...services.annual_report import annual_report, organisation_missions, organisation_partners
from ...services.periods import today_of
from ..guards import page_for
from ..pages import form_page, print_style_sheet

bp = Blueprint("annual_report", __name__, url_prefix="/reports")


@bp.get("/annual")
@page_for("coordinator", "partner")
def annual():
    """The report of a year (this year unless asked), printable on A4 from the browser."""
    this_year = today_of(current_user).year
    form = AnnualReportForm(year=this_year)
    form.offer(organisation_missions(current_user), organisation_partners(current_user))
    # With errors, this year's report of the whole organisation is shown under the form.
    if form.validate():
        year, mission, partner = form.year.data or this_year, form.mission.data, form.partner.data
    else:
        year, mission, partner = this_year, None, None
    return form_page("desk/annual.html", form, report=annual_report(current_user, year, mission, partner))


@bp.get("/annual/print.css")
@page_for("coordinator", "partner")
def print_style():
    """The printed report's running header and footer (@page boxes want their text in CSS)."""
    return print_style_sheet(current_user.organisation.name, today_of(current_user))
