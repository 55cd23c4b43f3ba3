"""The yearly activity report page: /reports/annual?year=YYYY[&mission=code]."""

from flask import Blueprint
from flask_login import current_user

from ...forms.filters import AnnualReportForm
from ...services.annual_report import annual_report, organisation_missions
from ...services.periods import organisation_today
from ..guards import page_for
from ..pages import form_page

bp = Blueprint("annual_report", __name__, url_prefix="/reports")


@bp.get("/annual")
@page_for("coordinator")
def annual():
    """The report of a year (this year unless asked), printable on A4 from the browser."""
    this_year = organisation_today(current_user).year
    form = AnnualReportForm(year=this_year)
    form.offer(organisation_missions(current_user))
    # With errors, this year's report of the whole organisation is shown under the form.
    year, mission = (form.year.data or this_year, form.mission.data) if form.validate() else (this_year, None)
    return form_page("desk/annual.html", form, report=annual_report(current_user, year, mission))
