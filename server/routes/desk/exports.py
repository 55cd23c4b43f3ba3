"""Exports: /exports/<dataset>?format=excel|csv|xlsx&period=...&mission=... (streamed)."""

from datetime import date

from flask import Blueprint, Response, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import invalid
from ...forms.filters import PeriodForm
from ...services.export_formats import FORMATS, Table
from ...services.exports import export_table
from ...services.periods import mission_ids, organisation_today, period_from_form
from ..guards import page_for

bp = Blueprint("exports", __name__, url_prefix="/exports")


def export_request(form) -> tuple[str, dict]:
    """The asked format and the form's values of an export link; what is wrong goes to the
    error page (a link, not a page with a form)."""
    fmt = request.args.get("format", "excel")
    if fmt not in FORMATS:
        raise invalid(message=_("Format inconnu : excel, csv ou xlsx."))
    if not form.validate():
        raise invalid(fields=form.errors)
    return fmt, form.values()


def streamed(table: Table, fmt: str, name: str, first: date, last: date) -> Response:
    """The table written in the format as it is read, as a download named for what and when."""
    writer, mimetype, extension = FORMATS[fmt]
    filename = f"mediatap-{name}-{first.isoformat()}-{last.isoformat()}.{extension}"
    return Response(
        stream_with_context(writer(table)),
        content_type=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<dataset>")
@page_for("coordinator")
def export(dataset: str):
    """One table of the organisation's figures, in the asked format; each export is audited."""
    fmt, values = export_request(PeriodForm())
    period = period_from_form(values, organisation_today(current_user))
    table = export_table(current_user, dataset, period, mission_ids(current_user, values["mission"]), fmt)
    return streamed(table, fmt, dataset, period.first, period.last)
