"""Password guessing against one account from many addresses (issue: prove it, 12)."""

from datetime import timedelta

import pytest

from server import create_app
from server.extensions import db
from server.models.clock import utcnow
from tests.helpers import PASSWORD, FreshContextClient


@pytest.mark.slow  # a thousand sign-in attempts: `make test` runs it, the quick loop does not
def test_thousand_guesses_from_varying_addresses_over_an_hour(app, database, make_user, monkeypatch):
    user = make_user("mediator")
    proxied = create_app(dict(app.config, BEHIND_TLS_PROXY=True))
    proxied.test_client_class = FreshContextClient
    client = proxied.test_client()
    start = utcnow()
    clock = {"now": start}
    monkeypatch.setattr("server.services.auth.utcnow", lambda: clock["now"])
    checked = throttled = 0
    for attempt in range(1000):
        clock["now"] = start + timedelta(seconds=3.6 * attempt)  # 1,000 guesses spread over one hour
        response = client.post(
            "/api/session",
            json={"email": user.email, "password": f"guess-{attempt}"},
            headers={"X-Forwarded-For": f"203.0.113.{attempt % 250}", "X-Forwarded-Proto": "https"},
        )
        if response.status_code == 401:
            checked += 1
        else:
            assert response.status_code == 429
            throttled += 1
    print(f"\n1,000 guesses in an hour from 250 addresses: {checked} checked against the password, {throttled} refused")
    assert checked <= 20  # 5 per 15-minute window
    assert checked + throttled == 1000
    # The owner, once the window has passed, still gets in: the lock is temporary.
    clock["now"] = start + timedelta(hours=2)
    ok = client.post(
        "/api/session", json={"email": user.email, "password": PASSWORD}, headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert ok.status_code == 200
    with proxied.app_context():
        db.engine.dispose()
