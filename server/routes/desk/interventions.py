"""The desk's table of interventions: search, page, open a record or its shift, export what is kept."""

from flask import flash, redirect, request
from flask_babel import ngettext
from flask_login import current_user

from ...errors import invalid
from ...forms.corrections import BulkCorrectionForm
from ...forms.filters import InterventionFilterForm
from ...services.annual_report import organisation_missions
from ...services.bulk_correction import correct_interventions
from ...services.exports import filtered_interventions_table
from ...services.intervention_search import intervention_conditions, search_interventions, tallied_total
from ...services.people import organisation_mediators
from ...services.periods import today_of
from ...vocabulary import AGE_BANDS, GENDERS, PLACES, SHIFT_FLAGS
from ..guards import page_for
from ..pages import asked_format, download, form_page, saved
from . import bp


def _form() -> InterventionFilterForm:
    form = InterventionFilterForm(today_of(current_user))
    vocabularies = {"gender": GENDERS, "age_band": AGE_BANDS, "place": PLACES}
    form.offer(
        organisation_missions(current_user), organisation_mediators(current_user), SHIFT_FLAGS.choices(), vocabularies
    )
    return form


@bp.route("/interventions", methods=["GET", "POST"])
@page_for("coordinator")
def interventions():
    """The interventions the filters keep, a page at a time, newest first unless asked; posted,
    one correction for the rows ticked, then the same filters again."""
    form = _form()
    bulk = BulkCorrectionForm()
    bulk.offer(form.kind.choices[1:])
    if request.method == "POST":
        done = saved(bulk, lambda values: correct_interventions(current_user, values))
        if done:
            flash(
                ngettext("%(num)d intervention corrigée.", "%(num)d interventions corrigées.", done[0]),
                "success",
            )
            # The query string holds the filters: the page comes back as it was.
            return redirect(request.full_path)
    found = None
    if form.validate():
        values = form.values()
        conditions = intervention_conditions(current_user, **values)
        found = search_interventions(
            current_user,
            conditions,
            values["after"],
            values["size"],
            values["order"] == "oldest",
            tallied=tallied_total(current_user, values),
            count=values["count"],
        )
    page, status = form_page("desk/interventions.html", form, found=found, bulk=bulk)
    return page, 400 if bulk.errors else status


@bp.post("/interventions/export")
@page_for("coordinator")
def export_interventions():
    """Exactly the interventions the table's filters keep, every page, in the asked format; a
    POST with the page's CSRF token, since it is audited (templates/_export.html)."""
    fmt = asked_format()
    form = _form()
    # Asked from a button, not a page of its own: what is wrong goes to the error page.
    if not form.validate():
        raise invalid(fields=form.errors)
    values = form.values()
    filters = {name: value for name, value in request.args.items() if name not in ("format", "after", "size", "order")}
    filters.update({"from": values["first"].isoformat(), "to": values["last"].isoformat()})
    table = filtered_interventions_table(current_user, intervention_conditions(current_user, **values), filters, fmt)
    return download(table, fmt, f"mediatap-interventions-{values['first'].isoformat()}-{values['last'].isoformat()}")
