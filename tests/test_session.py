"""Signing in and out: credentials, server-side invalidation, CSRF, throttling, headers."""

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from tests.helpers import PASSWORD, ApiClient


def test_sign_in_returns_user_and_csrf_token(api, make_user):
    user = make_user("mediator", email="karim@example.org", name="Karim")
    response = api.sign_in("Karim@Example.org ")
    assert response.status_code == 200
    assert response.json["user"]["email"] == "karim@example.org"
    assert response.json["user"]["role"] == "mediator"
    assert response.json["user"]["organisation"]["name"] == "PIMMS de Dijon"
    assert response.json["csrf_token"]
    again = api.get("/api/session")
    assert again.status_code == 200
    assert again.json["user"]["id"] == user.id


def test_wrong_password_and_unknown_email_are_the_same_401(api, make_user):
    make_user(email="a@example.org")
    wrong = api.sign_in("a@example.org", "nope")
    unknown = api.sign_in("nobody@example.org", "nope")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["error"]["code"] == unknown.json["error"]["code"] == "invalid_credentials"
    assert api.get("/api/session").status_code == 401


def test_deactivated_user_cannot_sign_in(api, make_user):
    make_user(email="gone@example.org", active=False)
    assert api.sign_in("gone@example.org").status_code == 401


def test_malformed_sign_in_is_a_400_with_fields(api):
    response = api.client.post("/api/session", json={"email": "x@example.org", "password": "p", "extra": 1})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"
    assert "extra" in response.json["error"]["fields"]
    missing = api.client.post("/api/session", json={"email": "x@example.org"})
    assert missing.status_code == 400
    assert "password" in missing.json["error"]["fields"]


def test_sign_out_invalidates_the_copied_cookie(app, api, make_user):
    user = make_user()
    api.sign_in(user.email)
    cookie = api.client.get_cookie("mediatap_session").value
    assert api.delete("/api/session").status_code == 204
    assert api.get("/api/session").status_code == 401
    # An attacker who copied the cookie before sign-out gets nothing with it.
    thief = app.test_client()
    thief.set_cookie("mediatap_session", cookie)
    accepted = sum(thief.get("/api/catalogue").status_code != 401 for _ in range(100))
    assert accepted == 0
    assert thief.get("/api/session").status_code == 401


def test_sign_in_issues_a_new_session(app, make_user):
    user = make_user()
    client = ApiClient(app.test_client())
    client.sign_in(user.email)
    first = client.client.get_cookie("mediatap_session").value
    client.sign_in(user.email)
    assert client.client.get_cookie("mediatap_session").value != first


def test_writes_need_the_csrf_token(login_as):
    client, _ = login_as("mediator")
    token = client.csrf_token
    client.csrf_token = None
    response = client.sync()
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"
    client.csrf_token = "forged"
    assert client.sync().json["error"]["code"] == "csrf_failed"
    client.csrf_token = token
    assert client.sync().status_code == 200
    client.csrf_token = None
    assert client.delete("/api/session").json["error"]["code"] == "csrf_failed"


def _idle_for(client, hours: float) -> None:
    with client.client.session_transaction() as session:
        session["seen"] -= int(hours * 3600)


def _signed_in_ago(database, user, hours: float) -> None:
    from server.models import UserSession

    record = database.session.query(UserSession).filter_by(user_id=user.id).one()
    record.created_at -= timedelta(hours=hours)
    database.session.commit()


@pytest.mark.parametrize(("role", "idle_hours"), [("mediator", 14), ("coordinator", 4), ("admin", 4)])
def test_idle_session_expires_after_the_roles_limit(app, login_as, role, idle_hours):
    """A mediator's phone stays signed in through a working day without a request; the desk's 4 hours."""
    client, _ = login_as(role)
    _idle_for(client, idle_hours - 0.05)
    assert client.get("/api/session").status_code == 200
    # That request counted as activity: idle again from now.
    _idle_for(client, idle_hours + 0.05)
    assert client.get("/api/session").status_code == 401


@pytest.mark.parametrize(("role", "absolute_hours"), [("mediator", 16), ("coordinator", 14)])
def test_absolute_session_timeout_by_role(app, database, login_as, role, absolute_hours):
    client, user = login_as(role)
    _signed_in_ago(database, user, absolute_hours - 0.05)
    assert client.get("/api/session").status_code == 200
    _signed_in_ago(database, user, 0.1)
    assert client.get("/api/session").status_code == 401


def test_the_limits_follow_the_role_of_today(app, database, login_as):
    client, user = login_as("mediator")
    _idle_for(client, 5)
    assert client.get("/api/session").status_code == 200
    user.role = "coordinator"
    database.session.commit()
    _idle_for(client, 5)
    assert client.get("/api/session").status_code == 401


def test_the_cookie_outlives_no_session(app, make_user):
    """The cookie's own expiry is the longest session's, so the server decides when each ends."""
    response = ApiClient(app.test_client()).sign_in(make_user("mediator").email)
    [cookie] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("mediatap_session=")]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    lifetime = expires - datetime.now(timezone.utc)
    assert timedelta(hours=15, minutes=59) < lifetime <= timedelta(hours=16)


def test_deactivation_ends_open_sessions(database, login_as):
    client, user = login_as("mediator")
    user.active = False
    database.session.commit()
    assert client.get("/api/catalogue").status_code == 401


def test_account_is_throttled_after_repeated_failures(app, api, make_user):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert api.sign_in(user.email, "wrong").status_code == 401
    locked = api.sign_in(user.email, PASSWORD)
    assert locked.status_code == 429
    assert locked.json["error"]["code"] == "too_many_requests"


def test_address_is_throttled(app, api, make_user):
    limit = int(app.config["LOGIN_ADDRESS_LIMIT"].split()[0])
    statuses = [api.sign_in(f"nobody{n}@example.org", "x").status_code for n in range(limit + 1)]
    assert statuses[:limit] == [401] * limit
    assert statuses[-1] == 429


def test_cookie_flags_and_security_headers(api, make_user):
    user = make_user()
    response = api.sign_in(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_and_secure_cookie_behind_tls(app, make_user):
    user = make_user()
    client = app.test_client()
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = client.post(
            "/api/session", json={"email": user.email, "password": PASSWORD}, base_url="https://mediatap.example"
        )
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_password_hash_is_argon2id_at_owasp_parameters(make_user):
    user = make_user()
    user.set_password("another long password")
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("another long password")
    assert not user.check_password("another long passwore")


def test_unknown_api_route_and_method_are_json(api):
    assert api.get("/api/nothing").json["error"]["code"] == "not_found"
    response = api.client.put("/api/catalogue")
    assert response.status_code in (400, 405)
    assert "error" in response.json


def test_address_limit_is_shared_between_workers(app, database):
    """Two application instances on one database stand for two gunicorn workers."""
    from server import create_app
    from tests.helpers import FreshContextClient

    other_worker = create_app(dict(app.config))
    other_worker.test_client_class = FreshContextClient
    limit = int(app.config["LOGIN_ADDRESS_LIMIT"].split()[0])
    clients = [app.test_client(), other_worker.test_client()]
    statuses = [
        clients[n % 2].post("/api/session", json={"email": f"x{n}@example.org", "password": "x"}).status_code
        for n in range(limit + 2)
    ]
    with other_worker.app_context():
        database.engine.dispose()
    assert statuses.count(401) == limit
    assert statuses[-2:] == [429, 429]
