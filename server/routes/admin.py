"""The admin pages: organisation settings, logo and audit trail (people and missions: admin_*.py)."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import ApiError
from ..forms.organisation import LogoForm, OrganisationForm
from ..forms.people import POLE_CHOICES, ROLE_CHOICES
from ..services import organisations
from ..services.audit_trail import audit_page
from .guards import page_for

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Served logos are untrusted files: an SVG opened on its own must not run anything.
_LOGO_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Cache-Control": "private, no-cache",
}


_ENTITIES = {
    "user": _l("Personne"),
    "mission": _l("Mission"),
    "site": _l("Ligne ou site"),
    "intervention_type": _l("Type d’intervention"),
    "organisation": _l("Organisation"),
    "shift": _l("Vacation"),
    "intervention": _l("Intervention"),
}
_ACTIONS = {
    "create": _l("Création"),
    "update": _l("Modification"),
    "correct": _l("Correction"),
    "delete": _l("Suppression"),
    "restore": _l("Rétablissement"),
    "archive": _l("Archivage"),
    "unarchive": _l("Rétablissement"),
    "retire": _l("Retrait"),
    "move": _l("Changement d’ordre"),
    "deactivate": _l("Désactivation"),
    "reactivate": _l("Réactivation"),
    "reset_password": _l("Mot de passe réinitialisé"),
    "change_password": _l("Mot de passe changé"),
    "logo": _l("Logo"),
}


@bp.context_processor
def admin_labels() -> dict:
    roles, poles = dict(ROLE_CHOICES), dict(POLE_CHOICES)
    return {
        "role_label": lambda code: roles.get(code, code),
        "pole_label": lambda code: poles.get(code or "", code),
        "entity_label": lambda code: _ENTITIES.get(code, code),
        "action_label": lambda code: _ACTIONS.get(code, code),
    }


def form_page(template: str, form, **context):
    """Render a form page: 400 when it comes back with errors, so tests and tools can tell."""
    return render_template(template, form=form, **context), 400 if form.errors else 200


def show_refusal(form, refusal: ApiError) -> None:
    """Put a service's field errors next to their inputs; other refusals go to the error page."""
    if refusal.status != 400:
        raise refusal
    for name, messages in refusal.fields.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


@bp.route("/organisation", methods=["GET", "POST"])
@page_for("admin")
def organisation():
    """Name, time zone, note retention period and the printed report's logo."""
    settings = OrganisationForm(obj=current_user.organisation)
    if settings.validate_on_submit():
        try:
            organisations.update_settings(current_user, settings.values())
            flash(_("Réglages enregistrés."), "success")
            return redirect(url_for("admin.organisation"))
        except ApiError as refusal:
            show_refusal(settings, refusal)
    return form_page("admin/organisation.html", settings, logo_form=LogoForm(formdata=None))


@bp.post("/organisation/logo")
@page_for("admin")
def upload_logo():
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            organisations.set_logo(current_user, logo_form.logo.data.read(), logo_form.logo.data.filename or "")
            flash(_("Logo enregistré."), "success")
            return redirect(url_for("admin.organisation"))
        except ApiError as refusal:
            show_refusal(logo_form, refusal)
    settings = OrganisationForm(formdata=None, obj=current_user.organisation)
    page = render_template("admin/organisation.html", form=settings, logo_form=logo_form)
    return page, 400


@bp.post("/organisation/logo/delete")
@page_for("admin")
def delete_logo():
    organisations.remove_logo(current_user)
    flash(_("Logo retiré."), "success")
    return redirect(url_for("admin.organisation"))


@bp.get("/organisation/logo")
@page_for("coordinator")
def logo():
    """The organisation's own logo (coordinators print the yearly report with it)."""
    organisation = current_user.organisation
    if organisation.logo_type is None:
        raise ApiError(404, "not_found", _("Introuvable."))
    return Response(organisation.logo, mimetype=organisation.logo_type, headers=_LOGO_HEADERS)


@bp.get("/audit")
@page_for("admin")
def audit():
    """Every change, newest first, a page at a time."""
    page = request.args.get("page", "1")
    return render_template("admin/audit.html", **audit_page(current_user, int(page) if page.isdigit() else 1))
