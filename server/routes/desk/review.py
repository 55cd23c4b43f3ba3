"""The coordinator's desk: shift review, a shift's page and the dashboard."""

import uuid
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from ...extensions import db
from ...models import User
from ...schemas.correction import form_errors
from ...schemas.desk import PeriodForm, ShiftFilterForm
from ...services.annual_report import organisation_missions
from ...services.dashboard import dashboard as dashboard_figures
from ...services.periods import mission_ids, organisation_today, period_from_form
from ...services.shift_review import default_period, review_shifts, shift_detail
from ..guards import page_for
from . import bp

_filters, _period_form = ShiftFilterForm(), PeriodForm()


@bp.get("/shifts")
@page_for("coordinator")
def shifts():
    """The shift logs of a period (yesterday and today unless asked), with their flags."""
    errors, rows = {}, []
    first, last = default_period(ZoneInfo(current_user.organisation.timezone))
    try:
        filters = _filters.load(request.args.to_dict())
    except ValidationError as error:
        errors, filters = form_errors(error.messages), {}
    filters["from"] = filters.pop("from_", None) or first
    filters["to"] = filters.get("to") or max(last, filters["from"])
    if not errors:
        rows = review_shifts(current_user, filters)
    status = 400 if errors else 200
    return render_template("desk/shifts.html", rows=rows, filters=filters, errors=errors, **_choices()), status


@bp.get("/shifts/<uuid:shift_id>")
@page_for("coordinator")
def shift(shift_id: uuid.UUID):
    """One shift: its interventions with every field, its corrections and its sync history."""
    return render_template("desk/shift.html", **shift_detail(current_user, shift_id))


@bp.get("/dashboard")
@page_for("coordinator")
def dashboard():
    """A period's figures for the chosen missions, each compared with the period before."""
    args = request.args.to_dict()
    args["mission"] = request.args.getlist("mission")
    errors = {}
    try:
        form = _period_form.load(args)
    except ValidationError as error:
        errors, form = form_errors(error.messages), _period_form.load({})
    today = organisation_today(current_user)
    period = period_from_form(form, today)
    data = dashboard_figures(current_user, period, mission_ids(current_user, form["mission"]))
    page = render_template("desk/dashboard.html", form=form, errors=errors, today=today, **data, **_choices())
    return page, 400 if errors else 200


def _choices() -> dict:
    mediators = db.session.scalars(
        select(User)
        .where(User.organisation_id == current_user.organisation_id, User.role == "mediator")
        .order_by(User.name)
    ).all()
    missions = organisation_missions(current_user)
    return {"missions": missions, "mediators": mediators}
