"""Admin pages of a mission's intervention types: add, rename, reorder, retire."""

from functools import partial

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.missions import NewTypeForm, TypeForm
from ...services import catalogue_admin as service
from ...services.missions import find_mission
from ..guards import page_for
from ..pages import form_page, once_saved
from . import bp
from .missions import mission_page, mission_url


@bp.post("/missions/<int:mission_id>/types")
@page_for("admin")
def add_type(mission_id: int):
    """A new button for the phones, placed last."""
    mission = find_mission(current_user, mission_id)
    form = NewTypeForm(prefix="type")
    save = partial(service.add_type, current_user, mission)
    done = once_saved(form, save, _("Type d’intervention ajouté."), mission_url(mission.id, "types"))
    return done or mission_page(mission, type_form=form)


@bp.route("/missions/<int:mission_id>/types/<int:type_id>", methods=["GET", "POST"])
@page_for("admin")
def edit_type(mission_id: int, type_id: int):
    kind = service.find_type(current_user, mission_id, type_id)
    form = TypeForm(obj=kind)
    save = partial(service.rename_type, current_user, kind)
    done = once_saved(form, save, _("Type d’intervention renommé."), mission_url(mission_id, "types"))
    return done or form_page("admin/part_form.html", form, part=kind, section="types")


@bp.post("/missions/<int:mission_id>/types/<int:type_id>/<any(up, down):direction>")
@page_for("admin")
def move_type(mission_id: int, type_id: int, direction: str):
    kind = service.find_type(current_user, mission_id, type_id)
    service.move_type(current_user, kind, -1 if direction == "up" else 1)
    return redirect(mission_url(mission_id, "types"))


@bp.post("/missions/<int:mission_id>/types/<int:type_id>/<any(retire, restore):action>")
@page_for("admin")
def retire_type(mission_id: int, type_id: int, action: str):
    kind = service.find_type(current_user, mission_id, type_id)
    service.set_type_active(current_user, kind, action == "restore")
    flash(_("Type retiré des téléphones.") if action == "retire" else _("Type rétabli."), "success")
    return redirect(mission_url(mission_id, "types"))
