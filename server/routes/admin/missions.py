"""Admin pages of missions (their lines or sites and intervention types: parts.py)."""

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.missions import ASKS, MissionForm, NewMissionForm, NewSiteForm, NewTypeForm
from ...services import missions as service
from ..guards import page_for
from ..pages import form_page, once_saved
from . import bp


@bp.get("/missions", endpoint="missions")
@page_for("admin")
def mission_list():
    """The organisation's missions, archived ones last."""
    return render_template("admin/missions.html", missions=service.list_missions(current_user))


@bp.route("/missions/new", methods=["GET", "POST"])
@page_for("admin")
def new_mission():
    form = NewMissionForm(data={"asks_gender": True, "asks_age_band": True, "asks_place": True})
    message = _("Mission créée : ajoutez maintenant ses types d’intervention.")
    done = once_saved(
        form, partial(service.create_mission, current_user), message, lambda created: mission_url(created.id)
    )
    return done or form_page("admin/mission_new.html", form, asks=ASKS)


@bp.route("/missions/<int:mission_id>", methods=["GET", "POST"])
@page_for("admin")
def mission(mission_id: int):
    """A mission's settings, its sites or lines and its catalogue of intervention types."""
    row = service.find_mission(current_user, mission_id)
    form = MissionForm(obj=row)
    done = once_saved(
        form, partial(service.update_mission, current_user, row), _("Mission enregistrée."), mission_url(row.id)
    )
    return done or mission_page(row, mission_form=form)


def mission_url(mission_id: int, section: str = "") -> str:
    """The mission's page, scrolled to a section (`sites`, `types`) if named."""
    return url_for("admin.mission", mission_id=mission_id) + (f"#{section}" if section else "")


def mission_page(row, mission_form=None, site_form=None, type_form=None):
    """The mission page, with whichever of its forms came back with errors."""
    forms = {
        "form": mission_form or MissionForm(formdata=None, obj=row),
        "site_form": site_form or NewSiteForm(formdata=None, prefix="site"),
        "type_form": type_form or NewTypeForm(formdata=None, prefix="type"),
    }
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render_template("admin/mission.html", mission=row, asks=ASKS, **forms), status


@bp.post("/missions/<int:mission_id>/<any(archive, unarchive):action>")
@page_for("admin")
def archive_mission(mission_id: int, action: str):
    row = service.find_mission(current_user, mission_id)
    service.set_mission_archived(current_user, row, action == "archive")
    flash(_("Mission archivée.") if action == "archive" else _("Mission rétablie."), "success")
    return redirect(mission_url(row.id))
