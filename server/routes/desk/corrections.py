"""Correction forms of the desk: edit, delete and restore a shift or an intervention."""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import Refusal
from ...schemas.correction import InterventionForm, ReasonForm, ShiftForm
from ...services import corrections
from ...services.shift_review import history
from ..guards import page_for
from ..pages import local
from . import bp

_intervention_form, _shift_form, _reason_form = InterventionForm(), ShiftForm(), ReasonForm()


def _form_data() -> dict:
    data = request.form.to_dict()
    data["types"] = request.form.getlist("types")
    data["mask_reminder"] = "mask_reminder" in request.form
    return data


def _local_input(value) -> str:
    """A stored UTC time as a datetime-local input shows it, in the organisation's zone."""
    return local(value, "%Y-%m-%dT%H:%M")


@bp.route("/interventions/<uuid:intervention_id>/edit", methods=["GET", "POST"])
@page_for("coordinator")
def edit_intervention(intervention_id: uuid.UUID):
    """Correct any field of an intervention; the form comes back with errors in place."""
    values, errors, status = None, {}, 200
    if request.method == "POST":
        values = _form_data()
        try:
            row = corrections.correct_intervention(
                current_user, intervention_id, corrections.validated(_intervention_form, values)
            )
            flash(_("Intervention corrigée."), "success")
            return redirect(url_for("desk.shift", shift_id=row.shift_id))
        except Refusal as refusal:
            if refusal.status != 400:
                raise
            errors, status = refusal.fields, 400
    row = corrections.find_intervention(current_user, intervention_id)
    if values is None:
        values = {name: getattr(row, name) for name in corrections.INTERVENTION_FIELDS}
        values.update(occurred_at=_local_input(row.occurred_at), types=[motif.type.code for motif in row.motifs])
    entries = history(current_user, ["intervention"], [row.id])
    page = render_template("desk/intervention_form.html", row=row, values=values, errors=errors, history=entries)
    return page, status


@bp.route("/shifts/<uuid:shift_id>/edit", methods=["GET", "POST"])
@page_for("coordinator")
def edit_shift(shift_id: uuid.UUID):
    """Correct a shift's line or site, start and end."""
    values, errors, status = None, {}, 200
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            corrections.correct_shift(current_user, shift_id, corrections.validated(_shift_form, values))
            flash(_("Vacation corrigée."), "success")
            return redirect(url_for("desk.shift", shift_id=shift_id))
        except Refusal as refusal:
            if refusal.status != 400:
                raise
            errors, status = refusal.fields, 400
    shift = corrections.find_shift(current_user, shift_id)
    if values is None:
        values = {
            "site": shift.site.code if shift.site else "",
            "started_at": _local_input(shift.started_at),
            "ended_at": _local_input(shift.ended_at),
        }
    entries = history(current_user, ["shift"], [shift.id])
    return render_template("desk/shift_form.html", shift=shift, values=values, errors=errors, history=entries), status


@page_for("coordinator")
def delete_or_restore(kind: str, record_id: uuid.UUID, action: str):
    """Delete or restore a record, with a reason; a missing reason shows the form again."""
    is_shift = kind == "shifts"
    try:
        reason = corrections.validated(_reason_form, request.form.to_dict())["reason"]
    except Refusal:
        flash(_("Indiquez la raison (3 à 500 caractères) pour supprimer ou restaurer."), "error")
        return redirect(
            url_for("desk.edit_shift" if is_shift else "desk.edit_intervention", **_id(is_shift, record_id))
        )
    setter = corrections.set_shift_deleted if is_shift else corrections.set_intervention_deleted
    record = setter(current_user, record_id, action == "delete", reason)
    flash(_("Supprimé.") if action == "delete" else _("Restauré."), "success")
    return redirect(url_for("desk.shift", shift_id=record.id if is_shift else record.shift_id))


def _id(is_shift: bool, record_id: uuid.UUID) -> dict:
    return {"shift_id": record_id} if is_shift else {"intervention_id": record_id}


for _kind in ("shifts", "interventions"):
    for _action in ("delete", "restore"):
        bp.add_url_rule(
            f"/{_kind}/<uuid:record_id>/{_action}",
            view_func=delete_or_restore,
            methods=["POST"],
            defaults={"kind": _kind, "action": _action},
        )
