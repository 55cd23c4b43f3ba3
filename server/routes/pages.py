"""What every HTML page shares: form rendering and refusals, safe redirects, template helpers
(local times, how long ago, durations, numbers in the reader's language, vocabularies)."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask, Response, flash, redirect, render_template, request, stream_with_context
from flask_babel import format_timedelta, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import vocabulary
from ..errors import Refusal, invalid
from ..models.clock import as_local, utcnow
from ..services.export_formats import FORMATS, Table, neutralise
from ..services.periods import zone_of


def form_page(template: str, form, **context):
    """Render a form page: 400 when it comes back with errors, so tests and tools can tell."""
    return render_template(template, form=form, **context), 400 if form.errors else 200


def saved(form, save) -> tuple | None:
    """`(what save(values) returned,)` once a posted form was valid and the service accepted it;
    None otherwise, a service's refusal of some field then shown beside it (the page comes
    back with a 400)."""
    if not form.validate_on_submit():
        return None
    try:
        return (save(form.values()),)
    except Refusal as refusal:
        show_refusal(form, refusal)
        return None


def once_saved(form, save, message: str, target) -> Response | None:
    """The redirect to `target` (a URL, or a function of what save returned), `message` flashed,
    once `saved(form, save)`; None while the form is not posted or came back with errors."""
    if result := saved(form, save):
        flash(message, "success")
        return redirect(target(*result) if callable(target) else target)
    return None


def show_refusal(form, refusal: Refusal) -> None:
    """Put a service's field errors next to their inputs; other refusals go to the error page."""
    if refusal.status != 400:
        raise refusal
    for name, messages in refusal.fields.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


def safe_next(target: str | None) -> str | None:
    # Only same-site paths: an open redirect after sign-in is a phishing aid.
    if not target:
        return None
    if any(character < " " or character == "\x7f" for character in target):
        # urlsplit drops CR and LF before parsing, so check the text itself: in a Location
        # header they would start a header of the sender's choosing.
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def page_number(text: str | None, last: int = 10**6) -> int:
    """A `?page=` parameter as a page number: 1 unless plain ASCII digits within reach."""
    # str.isdigit() accepts "²", which int() refuses; and a huge page is an OFFSET no
    # database takes.
    if not text or not text.isascii() or not text.isdigit():
        return 1
    return max(1, min(int(text), last))


def local_time(value: datetime | None) -> datetime | None:
    """A stored naive-UTC time as the organisation's clocks showed it (naive), as forms take it."""
    if value is None:
        return None
    return as_local(value, zone_of(current_user)).replace(tzinfo=None)


def local(value: datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored naive-UTC time in the organisation's zone."""
    return "" if value is None else local_time(value).strftime(pattern)


def ago(value: datetime | None) -> str:
    """How long ago a stored naive-UTC time was, in the page's language ("il y a 3 heures")."""
    if value is None:
        return ""
    return format_timedelta(value - utcnow(), add_direction=True)


def hours(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes = int(round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02d}"


def number(value, decimals: int = 0) -> str:
    """A number as the page's reader writes it: French "1\u202f234,5", English "1,234.5".
    Halves round up as a reader expects (8,5 hours print as 9, not as Python's banker's 8)."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    locale = get_locale() or "fr"
    text = f"{rounded:,.{decimals}f}"
    return text.translate(str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)}))


def percent(value, decimals: int = 1) -> str:
    """A share in percent: "31,5\u00a0%" in French, "31.5%" in English; a dash for none."""
    if value is None:
        return "—"
    return number(value, decimals) + _percent_sign()


def points(value, decimals: int = 1) -> str:
    """A signed difference of two shares, in percentage points ("+1,5 points")."""
    if value is None:
        return "—"
    return _("%(change)s points", change=_signed(value, decimals))


def change(value: float | None) -> str:
    """A change in percent, signed ("+12,5 %"), or a dash when there was nothing before."""
    if value is None:
        return "—"
    return _signed(value, 1) + _percent_sign()


def _signed(value: float, decimals: int) -> str:
    return ("+" if value >= 0 else "−") + number(abs(value), decimals)


def _percent_sign() -> str:
    # French (and the typographic rule of most languages here) sets a no-break space before
    # the sign; English does not.
    return "%" if str(get_locale() or "fr").startswith("en") else "\u00a0%"


def csv_cell(value) -> str:
    """One cell of a semicolon CSV as a French Excel reads it, formulas neutralised."""
    text = neutralise(str(value))
    if any(character in text for character in ';"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def asked_format() -> str:
    """The export format of the query string (`excel` unless asked); an unknown one is a 400."""
    fmt = request.args.get("format", "excel")
    if fmt not in FORMATS:
        raise invalid(message=_("Format inconnu : excel, csv ou xlsx."))
    return fmt


def download(table: Table, fmt: str, name: str) -> Response:
    """A table streamed as a file to save, written as it is read; `name` without its extension."""
    writer, mimetype, extension = FORMATS[fmt]
    return Response(
        stream_with_context(writer(table)),
        content_type=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )


def _css_string(text: str) -> str:
    """A CSS string literal: anything but letters, digits and spaces as a hexadecimal escape."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def print_style_sheet(owner: str, today: date) -> Response:
    """A printed report's running header (whose report, `?title=`) and footer (the day printed,
    the page): @page boxes want their text in CSS."""
    title = request.args.get("title", "")[:200]
    css = render_template(
        "desk/annual_print.css",
        header=_css_string(f"{owner} — {title}" if title else owner),
        printed=_css_string(_("Imprimé le %(day)s", day=today.strftime("%d/%m/%Y"))),
        page=_css_string(_("Page ")),
    )
    return Response(css, mimetype="text/css", headers={"Cache-Control": "private, no-store"})


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(
        local=local,
        ago=ago,
        hours=hours,
        number=number,
        percent=percent,
        points=points,
        change=change,
        csv_cell=csv_cell,
        label_of=vocabulary.label_of,
    )
    app.jinja_env.globals.update(vocab=vocabulary)
