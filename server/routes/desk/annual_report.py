"""The yearly activity report page: /reports/annual?year=YYYY[&mission=code][&partner=name]."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import invalid
from ...services.annual_report import annual_report, organisation_missions, organisation_partners
from ...services.periods import organisation_today
from ..guards import page_for

bp = Blueprint("annual_report", __name__, url_prefix="/reports")


@bp.get("/annual")
@page_for("coordinator")
def annual():
    """The report of a year (this year unless asked), printable on A4 from the browser."""
    raw = request.args.get("year", "")
    # isascii: "²" is a digit to Python but not a year.
    if raw and not (raw.isascii() and raw.isdigit() and 2015 <= int(raw) <= 2100):
        raise invalid(message=_("Année non valide : indiquez une année entre 2015 et 2100."))
    year = int(raw) if raw else organisation_today(current_user).year
    report = annual_report(current_user, year, request.args.get("mission") or None, request.args.get("partner") or None)
    return render_template(
        "desk/annual.html",
        report=report,
        missions=organisation_missions(current_user),
        partners=organisation_partners(current_user),
    )
