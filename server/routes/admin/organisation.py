"""Admin pages of the organisation: settings, logo and audit trail."""

from functools import partial

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import Refusal, not_found
from ...forms.organisation import CatalogueCopyForm, LogoForm, OrganisationForm
from ...services import organisations
from ...services.audit_trail import audit_page
from ...services.catalogue_copy import copy_member_catalogue, fellow_members
from ...services.networks import current_membership, leave_network
from ..guards import page_for
from ..pages import form_page, once_saved, page_number, saved, show_refusal
from . import bp

# Served logos are files someone sent: opened on their own, they must not run anything.
_LOGO_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}


@bp.route("/organisation", methods=["GET", "POST"])
@page_for("admin")
def organisation():
    """Name, time zone, note retention period and the printed report's logo."""
    settings = OrganisationForm(obj=current_user.organisation)
    save = partial(organisations.update_settings, current_user)
    done = once_saved(settings, save, _("Réglages enregistrés."), url_for("admin.organisation"))
    return done or form_page("admin/organisation.html", settings, **_other_forms())


def _other_forms(**forms) -> dict:
    """The page's forms but its settings (those given came back with errors), and the membership."""
    organisation = current_user.organisation
    return {
        "logo_form": LogoForm(formdata=None),
        "copy_form": CatalogueCopyForm(fellow_members(organisation), formdata=None),
        "membership": current_membership(organisation),
        **forms,
    }


@bp.post("/organisation/logo")
@page_for("admin")
def upload_logo():
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            organisations.set_logo(current_user, logo_form.logo.data.read(), logo_form.logo.data.filename or "")
            flash(_("Logo enregistré."), "success")
            return redirect(url_for("admin.organisation"))
        except Refusal as refusal:
            show_refusal(logo_form, refusal)
    settings = OrganisationForm(formdata=None, obj=current_user.organisation)
    return render_template("admin/organisation.html", form=settings, **_other_forms(logo_form=logo_form)), 400


@bp.post("/organisation/catalogue-copy")
@page_for("admin")
def copy_catalogue():
    """Add another member's missions, lines or sites and types, by code, to the catalogue (audited)."""
    copy_form = CatalogueCopyForm(fellow_members(current_user.organisation))
    if copied := saved(copy_form, lambda values: copy_member_catalogue(current_user, values["source"])):
        copied = copied[0]
        flash(
            _(
                "Catalogue copié. Ajouts — missions : %(missions)d, lignes ou sites : %(sites)d, types "
                "d’intervention : %(types)d.",
                missions=copied.missions,
                sites=copied.sites,
                types=copied.types,
            ),
            "success",
        )
        return redirect(url_for("admin.organisation"))
    settings = OrganisationForm(formdata=None, obj=current_user.organisation)
    return render_template("admin/organisation.html", form=settings, **_other_forms(copy_form=copy_form)), 400


@bp.post("/organisation/logo/delete")
@page_for("admin")
def delete_logo():
    organisations.remove_logo(current_user)
    flash(_("Logo retiré."), "success")
    return redirect(url_for("admin.organisation"))


@bp.post("/organisation/network/leave")
@page_for("admin")
def leave():
    """Stop the organisation's figures reaching its network from now on (audited)."""
    membership = current_membership(current_user.organisation)
    if membership is None:
        raise not_found()
    leave_network(current_user, current_user.organisation)
    flash(_("Vos chiffres ne parviennent plus au réseau %(network)s.", network=membership.network.name), "success")
    return redirect(url_for("admin.organisation"))


@bp.get("/organisation/logo")
@page_for("coordinator", "partner")
def logo():
    """The organisation's own logo (coordinators print the yearly report with it)."""
    organisation = current_user.organisation
    if organisation.logo_type is None:
        raise not_found()
    return Response(organisation.logo, mimetype=organisation.logo_type, headers=_LOGO_HEADERS)


@bp.get("/audit")
@page_for("admin")
def audit():
    """Every change, newest first, a page at a time."""
    page = page_number(request.args.get("page"))
    return render_template("admin/audit.html", **audit_page(current_user, page))
