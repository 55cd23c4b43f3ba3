"""What every HTML page shares: form rendering and refusals, safe redirects, template helpers
(local times, durations, French numbers, vocabularies)."""

from datetime import datetime, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import labels
from ..errors import Refusal

FLAG_LABELS = {
    "never_ended": (_l("Jamais terminée"), _l("Vacation ouverte depuis plus de 12 heures.")),
    "late_sync": (_l("Synchro tardive"), _l("Des saisies sont arrivées plus de 24 heures après les faits.")),
    "clock_off": (_l("Horloge décalée"), _l("L’horloge du téléphone différait de plus de 5 minutes.")),
    "no_intervention": (_l("Aucune intervention"), _l("Vacation sans intervention.")),
    "rejected": (_l("Saisies refusées"), _l("Le serveur a refusé des saisies de cette vacation.")),
}


def form_page(template: str, form, **context):
    """Render a form page: 400 when it comes back with errors, so tests and tools can tell."""
    return render_template(template, form=form, **context), 400 if form.errors else 200


def saved(form, save) -> bool:
    """Whether a posted form was valid and `save(values)` accepted it; a service's refusal of
    some field is shown beside it instead (the page then comes back with a 400)."""
    if not form.validate_on_submit():
        return False
    try:
        save(form.values())
    except Refusal as refusal:
        show_refusal(form, refusal)
        return False
    return True


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
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def local_time(value: datetime | None) -> datetime | None:
    """A stored naive-UTC time as the organisation's clocks showed it (naive), as forms take it."""
    if value is None:
        return None
    zone = ZoneInfo(current_user.organisation.timezone)
    return value.replace(tzinfo=timezone.utc).astimezone(zone).replace(tzinfo=None)


def local(value: datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored naive-UTC time in the organisation's zone."""
    return "" if value is None else local_time(value).strftime(pattern)


def hours(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes = int(round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02d}"


def number(value, decimals: int = 0) -> str:
    """French: a narrow no-break space between thousands, a decimal comma."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def change(value: float | None) -> str:
    """A change in percent, signed ("+12,5 %"), or a dash when there was nothing before."""
    if value is None:
        return "—"
    return ("+" if value >= 0 else "−") + number(abs(value), 1) + "\u00a0%"


def flag_label(code: str) -> tuple[str, str]:
    short, long = FLAG_LABELS[code]
    return str(short), str(long)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(local=local, hours=hours, number=number, change=change)
    app.jinja_env.globals.update(flag_label=flag_label, vocab=labels, label=labels.label)
