"""The coordinator's desk: shift review, a shift's page and the dashboard."""

import uuid

from flask import render_template
from flask_login import current_user

from ...forms.filters import PeriodForm, ShiftFilterForm
from ...services.annual_report import organisation_missions
from ...services.dashboard import dashboard as dashboard_figures
from ...services.people import organisation_mediators
from ...services.periods import mission_ids, period_from_form, today_of
from ...services.shift_review import review_shifts, shift_detail
from ...vocabulary import SHIFT_FLAGS
from ..guards import page_for
from ..pages import form_page
from . import bp


@bp.get("/shifts")
@page_for("coordinator")
def shifts():
    """The shift logs of a period (yesterday and today unless asked), with their flags."""
    form = ShiftFilterForm(today_of(current_user))
    form.offer(organisation_missions(current_user), organisation_mediators(current_user), SHIFT_FLAGS.choices())
    review = review_shifts(current_user, **form.values()) if form.validate() else None
    return form_page("desk/shifts.html", form, review=review)


@bp.get("/shifts/<uuid:shift_id>")
@page_for("coordinator")
def shift(shift_id: uuid.UUID):
    """One shift: its interventions with every field, its corrections and its sync history."""
    return render_template("desk/shift.html", **shift_detail(current_user, shift_id))


@bp.get("/dashboard")
@page_for("coordinator", "partner")
def dashboard():
    """A period's figures for the chosen missions, each compared with the period before."""
    today = today_of(current_user)
    form = PeriodForm(date=today)
    form.offer(organisation_missions(current_user))
    # With errors, the default month of all missions is shown under the form.
    values = form.values() if form.validate() else {}
    period = period_from_form(values, today)
    data = dashboard_figures(current_user, period, mission_ids(current_user, values.get("mission")))
    return form_page("desk/dashboard.html", form, **data)
