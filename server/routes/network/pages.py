"""The network's dashboard, national report and export: forms read, a service called, a page or a
file written. Only a `network` account opens them, and it reads its own network's figures."""

from flask import render_template, request
from flask_login import current_user

from ...errors import invalid
from ...forms.filters import NationalReportForm, NetworkPeriodForm
from ...services.audit_trail import audit_page
from ...services.network_pages import network_export_table, network_partners, network_view
from ...services.periods import period_from_form, resolve_period, today_of
from ..guards import page_for
from ..pages import asked_format, download, form_page, page_number, print_style_sheet
from . import bp


@bp.get("/dashboard")
@page_for("network")
def dashboard():
    """The members side by side over a period (this month unless asked), against the period before."""
    today = today_of(current_user)
    form = NetworkPeriodForm(date=today)
    form.offer(network_partners(current_user))
    # With errors, the default month of every partner is shown under the form.
    values = form.values() if form.validate() else {}
    period = period_from_form(values, today)
    return form_page("network/dashboard.html", form, **network_view(current_user, period, values.get("partner")))


@bp.get("/report")
@page_for("network")
def report():
    """The national report of a year (this year unless asked) for one partner or all, printable on A4."""
    today = today_of(current_user)
    form = NationalReportForm(year=today.year)
    form.offer(network_partners(current_user))
    year, partner = (form.year.data or today.year, form.partner.data) if form.validate() else (today.year, None)
    period = resolve_period("year", today.replace(year=year, month=1, day=1), today=today)
    return form_page("network/report.html", form, **network_view(current_user, period, partner))


@bp.get("/report/print.css")
@page_for("network")
def print_style():
    """The printed national report's running header and footer."""
    return print_style_sheet(current_user.network.name, today_of(current_user))


@bp.post("/export/<any(members, types):table>")
@page_for("network")
def export(table: str):
    """The figures of a period per member or per motif code, as CSV (French Excel or plain) or XLSX;
    audited in the network's trail, so a POST with the page's CSRF token (templates/_export.html)."""
    fmt = asked_format()
    form = NetworkPeriodForm()
    form.offer(network_partners(current_user))
    # Asked from a button, not a page of its own: what is wrong goes to the error page.
    if not form.validate():
        raise invalid(fields=form.errors)
    values = form.values()
    period = period_from_form(values, today_of(current_user))
    rows = network_export_table(current_user, table, period, values["partner"], fmt)
    return download(rows, fmt, f"mediatap-reseau-{table}-{period.first.isoformat()}-{period.last.isoformat()}")


@bp.get("/audit")
@page_for("network")
def audit():
    """The network's trail: its accounts and its exports, newest first."""
    page = page_number(request.args.get("page"))
    return render_template("admin/audit.html", **audit_page(current_user, page))
