"""Correction forms of the desk: edit, delete and restore a shift or an intervention."""

import uuid
from functools import partial

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...forms.corrections import InterventionForm, ReasonForm, ShiftForm, ShiftReasonForm
from ...services import corrections
from ...services.shift_deletion import deletable_along, set_shift_deleted
from ...services.shift_review import history
from ..guards import page_for
from ..pages import form_page, local_time, once_saved
from . import bp


@bp.route("/interventions/<uuid:intervention_id>/edit", methods=["GET", "POST"])
@page_for("coordinator")
def edit_intervention(intervention_id: uuid.UUID):
    """Correct any field of an intervention; the form comes back with errors in place."""
    row = corrections.find_intervention(current_user, intervention_id)
    form = InterventionForm(row.shift.mission, data=None if request.method == "POST" else _typed(row))
    save = partial(corrections.correct_intervention, current_user, row.id)
    if done := once_saved(form, save, _("Intervention corrigée."), url_for("desk.shift", shift_id=row.shift_id)):
        return done
    entries = history(current_user, ["intervention"], [row.id])
    return form_page("desk/intervention_form.html", form, row=row, reason_form=ReasonForm(), history=entries)


def _typed(row) -> dict:
    """The intervention as its form shows it: times in the organisation's zone, motifs as codes."""
    values = {name: getattr(row, name) for name in corrections.INTERVENTION_FIELDS}
    return {**values, "occurred_at": local_time(row.occurred_at), "types": row.type_codes}


@bp.route("/shifts/<uuid:shift_id>/edit", methods=["GET", "POST"])
@page_for("coordinator")
def edit_shift(shift_id: uuid.UUID):
    """Correct a shift's line or site, start and end."""
    shift = corrections.find_shift(current_user, shift_id)
    typed = {
        "site": shift.site.code if shift.site else None,
        "started_at": local_time(shift.started_at),
        "ended_at": local_time(shift.ended_at),
    }
    form = ShiftForm(shift.mission, data=None if request.method == "POST" else typed)
    save = partial(corrections.correct_shift, current_user, shift.id)
    if done := once_saved(form, save, _("Vacation corrigée."), url_for("desk.shift", shift_id=shift.id)):
        return done
    entries = history(current_user, ["shift"], [shift.id])
    reason_form = ShiftReasonForm()
    return form_page(
        "desk/shift_form.html",
        form,
        shift=shift,
        reason_form=reason_form,
        along=deletable_along(current_user, shift),
        history=entries,
    )


@page_for("coordinator")
def delete_or_restore(kind: str, record_id: uuid.UUID, action: str):
    """Delete or restore a record, with a reason; a missing reason shows the form again."""
    is_shift = kind == "shifts"
    form = ShiftReasonForm() if is_shift else ReasonForm()
    if not form.validate_on_submit():
        flash(_("Indiquez la raison (3 à 500 caractères) pour supprimer ou restaurer."), "error")
        return redirect(
            url_for("desk.edit_shift" if is_shift else "desk.edit_intervention", **_id(is_shift, record_id))
        )
    deleted = action == "delete"
    if is_shift:
        record = set_shift_deleted(current_user, record_id, deleted, form.reason.data, form.with_interventions.data)
    else:
        record = corrections.set_intervention_deleted(current_user, record_id, deleted, form.reason.data)
    flash(_("Supprimé.") if deleted else _("Restauré."), "success")
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
