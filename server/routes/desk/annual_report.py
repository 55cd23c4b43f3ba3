"""The yearly activity report page: /reports/annual?year=YYYY[&mission=code][&partner=name]."""

from flask import Blueprint, Response, render_template, request
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


def _css_string(text: str) -> str:
    """A CSS string literal: anything but letters, digits and spaces as a hexadecimal escape."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


@bp.get("/annual/print.css")
@page_for("coordinator")
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
