"""Admin pages about people: list, create, edit, deactivate, reactivate, reset a password."""

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import Refusal
from ...forms.people import PersonForm
from ...services import passwords, people
from ...services.missions import list_missions
from ..guards import page_for
from ..pages import form_page, once_saved, saved
from . import bp


@bp.get("/people", endpoint="people")
@page_for("admin")
def people_list():
    """The organisation's people, with their role and whether they can sign in."""
    return render_template("admin/people.html", people=people.list_people(current_user))


@bp.route("/people/new", methods=["GET", "POST"])
@page_for("admin")
def new_person():
    """Create an account; its temporary password is shown on the next page, once."""
    form = PersonForm()
    form.offer_missions(_open_missions())
    form.offer_partners(people.organisation_partners(current_user.organisation_id))
    if created := saved(form, lambda values: people.create_person(current_user, values)):
        person, password = created[0]
        return _password_page(person, password, created=True)
    return form_page("admin/person_form.html", form, person=None)


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@page_for("admin")
def edit_person(person_id: int):
    person = people.find_person(current_user, person_id)
    form = PersonForm(obj=person)
    held = [mission for mission in person.missions if mission.archived]
    form.offer_missions(_open_missions() + held)
    form.offer_partners(people.organisation_partners(current_user.organisation_id))
    if not form.is_submitted():
        form.mission_ids.data = [mission.id for mission in person.missions]
    save = partial(people.update_person, current_user, person)
    done = once_saved(form, save, _("Modifications enregistrées."), url_for("admin.people"))
    return done or form_page("admin/person_form.html", form, person=person)


@bp.post("/people/<int:person_id>/<any(deactivate, reactivate):action>")
@page_for("admin")
def set_active(person_id: int, action: str):
    person = people.find_person(current_user, person_id)
    try:
        people.set_person_active(current_user, person, action == "reactivate")
    except Refusal as refusal:
        if refusal.status != 409:
            raise
        flash(refusal.message, "error")
        return redirect(url_for("admin.edit_person", person_id=person.id))
    message = _("%(name)s peut de nouveau se connecter.") if action == "reactivate" else _("%(name)s est désactivé·e.")
    flash(message % {"name": person.name}, "success")
    return redirect(url_for("admin.people"))


@bp.post("/people/<int:person_id>/password")
@page_for("admin")
def reset_password(person_id: int):
    person = people.find_person(current_user, person_id)
    return _password_page(person, passwords.reset_password(current_user, person), created=False)


def _password_page(person, password: str, created: bool):
    # Rendered straight away, never flashed: Flask's session cookie is signed, not encrypted.
    page = render_template("admin/temporary_password.html", person=person, password=password, created=created)
    return page, 200, {"Cache-Control": "no-store"}


def _open_missions():
    return [mission for mission in list_missions(current_user) if not mission.archived]
