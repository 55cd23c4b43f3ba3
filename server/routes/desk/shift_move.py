"""Moving a shift (and its interventions) to another mission or line or site."""

import uuid

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.shift_move import shift_move_form
from ...services.corrections import find_shift
from ...services.shift_move import destination_missions, move_plan, move_shift
from ...services.shift_review import history
from ..guards import page_for
from ..pages import form_page, saved
from . import bp


@bp.route("/shifts/<uuid:shift_id>/move", methods=["GET", "POST"])
@page_for("coordinator")
def move_shift_page(shift_id: uuid.UUID):
    """Choose the mission, then the line and a motif for each old one; saved once both are shown."""
    shift = find_shift(current_user, shift_id)
    posted = request.method == "POST"
    chosen = request.form.get("mission") if posted else request.args.get("mission")
    plan = move_plan(current_user, shift, chosen)
    missions = destination_missions(current_user)
    # Another mission chosen than the one listed: show its lines and motifs first, save nothing.
    listed = not posted or request.form.get("planned") == plan.mission.code
    typed = {"mission": plan.mission.code, "planned": plan.mission.code, "site": plan.site}
    typed["reason"] = request.form.get("reason")
    form = shift_move_form(missions, plan, data=typed, formdata=None if not (posted and listed) else request.form)
    if posted and listed and saved(form, lambda values: move_shift(current_user, shift.id, values)):
        flash(_("Vacation déplacée."), "success")
        return redirect(url_for("desk.shift", shift_id=shift.id))
    form.planned.data = plan.mission.code
    return form_page(
        "desk/shift_move.html",
        form,
        shift=shift,
        plan=plan,
        switched=posted and not listed,
        history=history(current_user, ["shift"], [shift.id]),
    )
