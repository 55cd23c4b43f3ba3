"""Admin pages of indicators: figures that are not taps, entered at the desk (desk.indicators)."""

from functools import partial

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.indicators import IndicatorForm, NewIndicatorForm
from ...services import indicators as service
from ...services.missions import list_missions
from ..guards import page_for
from ..pages import form_page, once_saved
from . import bp


@bp.route("/indicators", methods=["GET", "POST"])
@page_for("admin")
def indicators():
    """The organisation's indicators, and the form that adds one."""
    form = NewIndicatorForm(list_missions(current_user), data={"unit": "count", "periodicity": "monthly"})
    message = _("Indicateur créé : les coordinateurs peuvent en saisir les valeurs.")
    done = once_saved(form, partial(service.create_indicator, current_user), message, url_for("admin.indicators"))
    return done or form_page("admin/indicators.html", form, indicators=service.list_indicators(current_user))


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@page_for("admin")
def indicator(indicator_id: int):
    """Rename an indicator or move it to another section of the report; archive or delete it."""
    row = service.find_indicator(current_user, indicator_id)
    form = IndicatorForm(list_missions(current_user), obj=row, data={"section": str(row.mission_id or "")})
    save = partial(service.update_indicator, current_user, row)
    done = once_saved(form, save, _("Indicateur enregistré."), url_for("admin.indicators"))
    return done or form_page("admin/indicator.html", form, indicator=row, has_values=service.has_values(row))


@bp.post("/indicators/<int:indicator_id>/<any(archive, unarchive, delete):action>")
@page_for("admin")
def change_indicator(indicator_id: int, action: str):
    row = service.find_indicator(current_user, indicator_id)
    if action == "delete":
        service.delete_indicator(current_user, row)
        flash(_("Indicateur supprimé."), "success")
    else:
        service.set_indicator_archived(current_user, row, action == "archive")
        flash(_("Indicateur archivé.") if action == "archive" else _("Indicateur rétabli."), "success")
    return redirect(url_for("admin.indicators"))
