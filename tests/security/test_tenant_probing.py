"""An admin probing other organisations (issue 10 item 9): adding a person at an address another
organisation uses, or renaming the organisation after another, answers as for anyone else, and
sign-in tells the accounts sharing an address apart without telling anyone they share it."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from server.models import Organisation, User
from tests.helpers import PASSWORD, ApiClient

OTHER_PASSWORD = "le tram de six heures"


def _created(client, email: str):
    response = client.post(
        "/admin/people/new", data={"name": "Nadia Benali", "email": email, "role": "mediator", "pole": "transport"}
    )
    page = response.get_data(as_text=True)
    password = re.search(r'id="temporary-password">([^<]+)<', page).group(1)
    # What the admin reads, less what differs by nature: the address typed, the new password, the
    # new person's number and the form's signed token (it carries the second).
    page = page.replace(email, "ADDRESS").replace(email.lower(), "ADDRESS").replace(password, "PASSWORD")
    page = re.sub(r'name="csrf_token" value="[^"]+"', "TOKEN", re.sub(r"/people/\d+", "/people/ID", page))
    return response.status_code, page, password


@pytest.fixture
def elsewhere(make_org, make_user):
    """A person of another organisation, with a password of their own."""
    person = make_user("coordinator", organisation=make_org("PIMMS de Besançon").organisation, email="nadia@b.example")
    person.set_password(OTHER_PASSWORD)
    from server.extensions import db

    db.session.commit()
    return person


def test_adding_a_person_answers_alike_whether_another_organisation_has_the_address(app, database, login_as, elsewhere):
    admin, _ = login_as("admin")
    taken = _created(admin, "Nadia@B.example")
    free = _created(admin, "Nadia@Free.example")
    assert taken[0] == free[0] == 200
    assert taken[1] == free[1]
    # Each account signs in with its own password: the admin's new person to the new account,
    # the other organisation's person to theirs, as before.
    newcomer = ApiClient(app.test_client())
    assert newcomer.sign_in("nadia@b.example", taken[2]).status_code == 200
    assert newcomer.user["must_change_password"] is True
    own = ApiClient(app.test_client())
    assert own.sign_in("nadia@b.example", OTHER_PASSWORD).status_code == 200
    assert own.user["must_change_password"] is False and own.user["name"] == elsewhere.name
    ids = database.session.scalars(select(User.organisation_id).where(User.email == "nadia@b.example")).all()
    assert len(set(ids)) == 2


def test_editing_an_address_answers_alike_whether_another_organisation_has_it(database, login_as, make_user, elsewhere):
    admin, _ = login_as("admin")
    person = make_user("mediator", name="Karim")
    form = {"name": "Karim", "role": "mediator", "pole": "transport"}
    taken = admin.post(f"/admin/people/{person.id}", data=dict(form, email="nadia@b.example"))
    free = admin.post(f"/admin/people/{person.id}", data=dict(form, email="karim@free.example"))
    assert (taken.status_code, taken.location) == (free.status_code, free.location) == (302, "/admin/people")


def test_the_command_line_refuses_only_the_organisations_own_addresses(app, database, org, elsewhere):
    runner = app.test_cli_runner()
    args = ["users", "create", "nadia@b.example", "--name", "N", "--role", "mediator", "--password", "une phrase sûre"]
    assert runner.invoke(args=[*args, "--org", "PIMMS de Dijon"]).exit_code == 0
    again = runner.invoke(args=[*args, "--org", "PIMMS de Dijon"])
    assert again.exit_code != 0 and "Cette adresse e-mail a déjà un compte." in again.output
    # Deactivating an address two organisations use says which one.
    ambiguous = runner.invoke(args=["users", "deactivate", "nadia@b.example"])
    assert ambiguous.exit_code != 0 and "--org" in ambiguous.output
    assert runner.invoke(args=["users", "deactivate", "nadia@b.example", "--org", "PIMMS de Dijon"]).exit_code == 0
    database.session.expire_all()
    assert elsewhere.active is True


def test_sign_in_costs_the_same_hash_checks_whatever_shares_the_address(
    app, database, monkeypatch, make_user, elsewhere
):
    make_user("mediator", email="nadia@b.example")
    make_user("mediator", email="alone@example.org")
    checks = []
    verify = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify", lambda *args: checks.append(1) or verify(*args))
    counts = {}
    for email in ("nadia@b.example", "alone@example.org", "nobody@example.org"):
        for password in ("wrong password", PASSWORD):
            checks.clear()
            ApiClient(app.test_client()).sign_in(email, password)
            counts[email, password] = len(checks)
    assert set(counts.values()) == {2}, counts


def test_giving_ones_own_account_a_guess_tells_nothing_of_the_others_password(app, database, make_user, elsewhere):
    # An admin's account at the address, given a password to try (as its owner may, once signed in):
    # guessed right or wrong, signing in opens that same account, so nothing is learnt.
    shadow = make_user("mediator", email="nadia@b.example")
    for guess in ("une mauvaise pioche", OTHER_PASSWORD):
        shadow.set_password(guess)
        database.session.commit()
        stranger = ApiClient(app.test_client())
        assert stranger.sign_in("nadia@b.example", guess).status_code == 200
        assert stranger.user["id"] == shadow.id
    # The other organisation's person reaches their own account again once either password changes.
    shadow.set_password("encore une autre phrase")
    database.session.commit()
    owner = ApiClient(app.test_client())
    assert owner.sign_in("nadia@b.example", OTHER_PASSWORD).status_code == 200 and owner.user["id"] == elsewhere.id


def test_a_device_remembered_for_one_account_cannot_try_the_other(app, database, make_user, elsewhere):
    shadow = make_user("mediator", email="nadia@b.example")
    device = ApiClient(app.test_client())
    assert device.sign_in(shadow.email).status_code == 200
    assert device.client.get_cookie("mediatap_device") is not None
    # The other organisation's password, right as it is, opens nothing from this device...
    assert device.sign_in("nadia@b.example", OTHER_PASSWORD).status_code == 401
    # ...while its owner signs in from anywhere else.
    assert ApiClient(app.test_client()).sign_in("nadia@b.example", OTHER_PASSWORD).status_code == 200


def test_a_password_reset_empties_the_persons_device_budget_not_the_addresss(app, database, login_as, make_user):
    admin, _ = login_as("admin")
    person = make_user("mediator", email="reset@example.org")
    phone = ApiClient(app.test_client())
    assert phone.sign_in(person.email).status_code == 200
    limit = app.config["LOGIN_MAX_FAILURES"]
    stranger = ApiClient(app.test_client())
    for client in (phone, stranger):
        statuses = [client.sign_in(person.email, f"guess {n}").status_code for n in range(limit + 1)]
        assert statuses == [401] * limit + [429]
    page = admin.post(f"/admin/people/{person.id}/password").get_data(as_text=True)
    password = re.search(r'id="temporary-password">([^<]+)<', page).group(1)
    # The person's phone gets its attempts back; a guesser at the address does not.
    assert phone.sign_in(person.email, password).status_code == 200
    assert stranger.sign_in(person.email, password).status_code == 429


def test_renaming_the_organisation_after_another_answers_as_any_rename(app, database, login_as, make_org, org):
    make_org("PIMMS de Besançon")
    admin, _ = login_as("admin")
    form = {"timezone": "Europe/Paris", "note_retention_days": "365"}
    taken = admin.post("/admin/organisation", data=dict(form, name="pimms de besançon"))
    free = admin.post("/admin/organisation", data=dict(form, name="PIMMS de Nulle Part"))
    assert (taken.status_code, taken.location) == (free.status_code, free.location) == (302, "/admin/organisation")
    assert admin.post("/admin/organisation", data=dict(form, name="PIMMS de Besançon")).status_code == 302


def test_the_command_line_asks_for_the_number_of_an_organisation_whose_name_is_shared(app, database, make_org, org):
    database.session.get(Organisation, org.organisation.id).name = "PIMMS"
    other = make_org("PIMMS").organisation
    runner = app.test_cli_runner()
    assert runner.invoke(args=["networks", "create", "Union"]).exit_code == 0
    ambiguous = runner.invoke(args=["networks", "join", "Union", "--org", "PIMMS"])
    assert ambiguous.exit_code != 0
    assert f"Plusieurs organisations portent ce nom (n° {org.organisation.id}, {other.id})" in ambiguous.output
    joined = runner.invoke(args=["networks", "join", "Union", "--org", str(other.id)])
    assert joined.exit_code == 0, joined.output
    # The superuser creating one is still told the name exists: they see every organisation.
    duplicate = runner.invoke(args=["orgs", "create", "pimms"])
    assert duplicate.exit_code != 0 and "Une organisation porte déjà ce nom." in duplicate.output
