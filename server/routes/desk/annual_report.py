"""The yearly activity report page: /reports/annual?year=YYYY[&mission=code][&partner=name]."""

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.filters import AnnualReportForm
from ...services.annual_report import annual_report, organisation_missions, organisation_partners
from ...services.periods import organisation_today
from ..guards import page_for
from ..pages import form_page

bp = Blueprint("annual_report", __name__, url_prefix="/reports")


@bp.get("/annual")
@page_for("coordinator", "partner")
def annual():
    """The report of a year (this year unless asked), printable on A4 from the browser."""
    this_year = organisation_today(current_user).year
    form = AnnualReportForm(year=this_year)
    form.offer(organisation_missions(current_user), organisation_partners(current_user))
    # With errors, this year's report of the whole organisation is shown under the form.
    if form.validate():
        year, mission, partner = form.year.data or this_year, form.mission.data, form.partner.data
    else:
        year, mission, partner = this_year, None, None
    return form_page("desk/annual.html", form, report=annual_report(current_user, year, mission, partner))


def _css_string(text: str) -> str:
    """A CSS string literal: anything but letters, digits and spaces as a hexadecimal escape."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


@bp.get("/annual/print.css")
@page_for("coordinator", "partner")
def print_style():
    """The printed report's running header and footer (@page boxes want their text in CSS)."""
    title = request.args.get("title", "")[:200]
    organisation = current_user.organisation.name
    today = organisation_today(current_user).strftime("%d/%m/%Y")
    css = render_template(
        "desk/annual_print.css",
        header=_css_string(f"{organisation} — {title}" if title else organisation),
        printed=_css_string(_("Imprimé le %(day)s", day=today)),
        page=_css_string(_("Page ")),
    )
    return Response(css, mimetype="text/css", headers={"Cache-Control": "private, no-store"})
