"""Admin pages about people: accounts, roles, missions, deactivation, temporary passwords."""

import re

import pytest
from sqlalchemy import select

from server.models import AuditEntry, User, UserSession
from tests.helpers import PASSWORD, ApiClient


def person_form(**overrides) -> dict:
    form = {"name": "Nadia Benali", "email": "nadia@example.org", "role": "mediator", "pole": "transport"}
    form.update(overrides)
    return form


def temporary_password(page: str) -> str:
    return re.search(r'id="temporary-password">([^<]+)<', page).group(1)


def version(org) -> int:
    return org.organisation.catalogue_version


@pytest.fixture
def admin(login_as):
    return login_as("admin", name="Adèle Admin")


def test_create_a_person_with_missions_and_a_temporary_password(app, database, admin, org):
    client, _ = admin
    before = version(org)
    response = client.post("/admin/people/new", data=person_form(email="Nadia@Example.org", mission_ids=[org.post.id]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Compte créé pour Nadia Benali" in page and "no-store" in response.headers["Cache-Control"]
    password = temporary_password(page)
    person = database.session.scalar(select(User).where(User.email == "nadia@example.org"))
    assert person.must_change_password and [mission.code for mission in person.missions] == ["post"]
    database.session.refresh(org.organisation)
    assert version(org) == before + 1
    assert "Nadia Benali" in client.get("/admin/people").get_data(as_text=True)

    # The new person signs in on the phone: the session says a new password is due...
    phone = ApiClient(app.test_client())
    signed_in = phone.sign_in("nadia@example.org", password)
    assert signed_in.status_code == 200 and signed_in.json["user"]["must_change_password"] is True
    assert [mission["code"] for mission in phone.get("/api/catalogue").json["missions"]] == ["post"]
    # ...and the change-password page takes it.
    changed = phone.post(
        "/account/password",
        data={"current_password": password, "new_password": "une phrase facile", "confirm": "une phrase facile"},
    )
    assert changed.status_code == 302
    database.session.refresh(person)
    assert not person.must_change_password and person.check_password("une phrase facile")


def test_desk_pages_wait_for_the_new_password(app, database, make_user):
    make_user("coordinator", email="coord@example.org", must_change_password=True)
    desk = ApiClient(app.test_client())
    desk.sign_in("coord@example.org")
    response = desk.get("/desk/shifts")
    assert response.status_code == 302 and "/account/password?next=/desk/shifts" in response.headers["Location"]
    page = desk.get("/account/password").get_data(as_text=True)
    assert "Votre mot de passe est temporaire" in page


def test_password_change_errors_show_under_their_field(login_as):
    client, _ = login_as("mediator")
    response = client.post(
        "/account/password", data={"current_password": "wrong", "new_password": "short", "confirm": "other"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="new_password-error">Au moins 8 caractères.' in page
    assert 'aria-describedby="new_password-hint new_password-error"' in page
    assert "Les deux mots de passe ne sont pas identiques." in page
    response = client.post(
        "/account/password", data={"current_password": "wrong", "new_password": "x" * 10, "confirm": "x" * 10}
    )
    assert 'id="current_password-error">Le mot de passe actuel est incorrect.' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "   "}, "name", "Indiquez un nom."),
        ({"email": "pas-une-adresse"}, "email", "Cette adresse e-mail n’est pas valide."),
        ({"role": "boss"}, "role", "Valeur inconnue : choisissez dans la liste."),
        ({"pole": "rail"}, "pole", "Valeur inconnue : choisissez dans la liste."),
        ({"mission_ids": ["999999"]}, "mission_ids", "Valeur inconnue : choisissez dans la liste."),
    ],
)
def test_invalid_people_are_refused_in_place(database, admin, overrides, field, message):
    client, _ = admin
    response = client.post("/admin/people/new", data=person_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">' in page and message in page
    assert database.session.scalar(select(User).where(User.name == "Nadia Benali")) is None


def test_an_address_of_the_organisation_is_refused_for_a_second_account(admin, make_user):
    client, _ = admin
    make_user("mediator", email="nadia@example.org")
    response = client.post("/admin/people/new", data=person_form(email="NADIA@example.org"))
    assert response.status_code == 400
    assert 'id="email-error">Cette adresse e-mail a déjà un compte.' in response.get_data(as_text=True)


def test_edit_a_person_leaves_an_audit_entry_and_bumps_the_catalogue(database, admin, make_user, org):
    client, actor = admin
    person = make_user("mediator", name="Karim")
    before = version(org)
    response = client.post(
        f"/admin/people/{person.id}", data=person_form(name="Karim B.", email=person.email, mission_ids=[org.tram.id])
    )
    assert response.status_code == 302
    database.session.refresh(org.organisation)
    assert version(org) == before + 1
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert entry.actor_id == actor.id and entry.changes["name"] == ["Karim", "Karim B."]
    assert entry.changes["missions"] == [[], [org.tram.id]]
    journal = client.get("/admin/audit").get_data(as_text=True)
    assert "Karim B." in journal and "Modification" in journal


def test_deactivation_signs_the_person_out_and_keeps_them_listed(app, database, admin, make_user, org):
    client, _ = admin
    person = make_user("mediator", name="Sofia")
    phone = ApiClient(app.test_client())
    assert phone.sign_in(person.email).status_code == 200
    assert client.post(f"/admin/people/{person.id}/deactivate").status_code == 302
    assert phone.get("/api/catalogue").status_code == 401
    assert phone.sign_in(person.email).status_code == 401
    assert database.session.scalar(select(UserSession.ended_at).where(UserSession.user_id == person.id)) is not None
    assert "Désactivé·e" in client.get("/admin/people").get_data(as_text=True)
    assert client.post(f"/admin/people/{person.id}/reactivate").status_code == 302
    assert phone.sign_in(person.email).status_code == 200


def test_the_last_admin_cannot_be_deactivated_or_demoted(database, admin, make_user):
    client, actor = admin
    response = client.post(f"/admin/people/{actor.id}", data=person_form(email=actor.email, role="coordinator"))
    assert response.status_code == 400
    assert "C’est le dernier administrateur actif" in response.get_data(as_text=True)
    other = make_user("admin", name="Second admin")
    make_user("admin", name="Ancien admin", active=False)  # an inactive admin does not count
    assert client.post(f"/admin/people/{other.id}/deactivate").status_code == 302
    response = client.post(f"/admin/people/{actor.id}/deactivate", follow_redirects=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.get_data(as_text=True)
    database.session.expire_all()
    assert database.session.get(User, actor.id).role == "admin"


def test_the_other_admin_can_be_demoted_while_one_remains(database, admin, make_user):
    client, _ = admin
    other = make_user("admin")
    response = client.post(f"/admin/people/{other.id}", data=person_form(email=other.email, role="mediator"))
    assert response.status_code == 302
    database.session.refresh(other)
    assert other.role == "mediator"
    response = client.post(f"/admin/people/{other.id}", data=person_form(email=other.email, role="admin"))
    assert response.status_code == 302


def test_reset_password_ends_sessions_and_shows_a_new_temporary_password(app, database, admin, make_user):
    client, _ = admin
    person = make_user("mediator")
    phone = ApiClient(app.test_client())
    phone.sign_in(person.email)
    response = client.post(f"/admin/people/{person.id}/password")
    password = temporary_password(response.get_data(as_text=True))
    assert phone.get("/api/catalogue").status_code == 401
    assert phone.sign_in(person.email, PASSWORD).status_code == 401
    assert phone.sign_in(person.email, password).json["user"]["must_change_password"] is True
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.action == "reset_password"))
    assert entry.changes == {} and password not in str(entry.changes)


@pytest.mark.parametrize("role", ["mediator", "coordinator"])
def test_admin_pages_are_for_admins(login_as, role):
    client, _ = login_as(role)
    for url in ("/admin/people", "/admin/missions", "/admin/organisation", "/admin/audit"):
        assert client.get(url).status_code == 403
    assert client.post("/admin/people/new", data=person_form()).status_code == 403


def test_anonymous_visitors_go_to_the_sign_in_form(api):
    response = api.get("/admin/people")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_menu_shows_the_admin_pages(admin):
    client, _ = admin
    page = client.get("/admin/people").get_data(as_text=True)
    for label in ("Personnes", "Missions", "Organisation", "Journal"):
        assert f">{label}</a>" in page
