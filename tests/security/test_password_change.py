"""Choosing a password (issue 10, item 6): other sessions end, the current password is guessed
no faster than at sign-in, and common or personal passwords are refused wherever one is chosen."""

from __future__ import annotations

import pytest

from server.errors import Refusal
from server.services.passwords import check_password_policy, temporary_password
from tests.helpers import PASSWORD, ApiClient, change_password_on_page, change_password_on_phone

NEW = "une phrase facile à retenir"


@pytest.mark.parametrize(
    ("role", "change_password", "changed"),
    [("coordinator", change_password_on_page, 302), ("mediator", change_password_on_phone, 200)],
    ids=["page", "phone"],
)
def test_a_new_password_ends_every_other_session(app, login_as, role, change_password, changed):
    """On the account page as on the phone (test_session_password.py tests the rest of the phone's)."""
    here, user = login_as(role)
    other = ApiClient(app.test_client())
    assert other.sign_in(user.email).status_code == 200
    assert change_password(here, PASSWORD, NEW).status_code == changed
    # Where it was changed stays signed in; the other session (maybe a lost phone) is signed out.
    assert here.get("/api/session").status_code == 200
    assert other.get("/api/session").status_code == 401
    assert other.sign_in(user.email, NEW).status_code == 200


def test_the_current_password_is_guessed_no_faster_than_at_sign_in(app, login_as):
    client, _ = login_as("mediator")
    for number in range(app.config["LOGIN_MAX_FAILURES"]):
        response = change_password_on_page(client, f"guess-{number}", NEW)
        assert response.status_code == 400 and "Le mot de passe actuel est incorrect." in response.text
    # The budget is spent: even the right one waits (it drains as at sign-in).
    assert change_password_on_page(client, PASSWORD, NEW).status_code == 429


def test_new_passwords_refused_by_the_policy_are_no_failed_guesses(app, login_as):
    client, _ = login_as("mediator")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        response = change_password_on_page(client, PASSWORD, "azertyuiop")
        assert response.status_code == 400 and "fait partie des plus courants" in response.text
    assert change_password_on_page(client, PASSWORD, NEW).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "fait partie des plus courants"),
        ("password", "fait partie des plus courants"),
        ("azertyui", "fait partie des plus courants"),
        ("motdepasse", "fait partie des plus courants"),
        ("P@ssw0rd", "fait partie des plus courants"),
        ("bonjour123", "fait partie des plus courants"),
        ("qsdfghjk", "trop facile à deviner"),
        ("nadia.benali@pimms-dijon.fr", "reprend votre nom ou votre adresse e-mail"),
        ("nadia.benali", "reprend votre nom ou votre adresse e-mail"),
        ("BenaliNadia!", "reprend votre nom ou votre adresse e-mail"),
        ("pimms-dijon", "reprend votre nom ou votre adresse e-mail"),
    ],
)
def test_common_and_personal_passwords_are_refused(login_as, password, message):
    client, _ = login_as("mediator", email="nadia.benali@pimms-dijon.fr", name="Nadia Benali")
    response = change_password_on_page(client, PASSWORD, password)
    assert response.status_code == 400
    assert 'id="new_password-error">' in response.text and message in response.text


def test_one_policy_for_every_password_chosen(app, database):
    with app.test_request_context():
        for accepted in (NEW, "ma phrase de passe", "long enough", "s3cret-pass", "a long enough one"):
            check_password_policy(accepted, email="nadia@example.org", name="Nadia")
        # The temporary passwords an admin hands out meet it too.
        for _ in range(200):
            check_password_policy(temporary_password(), email="nadia@example.org", name="Nadia")
        with pytest.raises(Refusal) as refused:
            check_password_policy("azertyuiop", email="a@example.org", field="admin_password")
        assert list(refused.value.fields) == ["admin_password"]


def test_the_first_admin_of_an_organisation_gets_no_common_password(app, database):
    result = app.test_cli_runner().invoke(
        args=["orgs", "create", "PIMMS de Lens", "--admin-email", "a@lens.example", "--admin-password", "azertyuiop"]
    )
    assert result.exit_code != 0 and "fait partie des plus courants" in result.output
