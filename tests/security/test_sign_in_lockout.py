"""Sign-in budgets (issue 10, items 4, 5 and 8): the same answer whatever the account, a lock
that drains, no way for a stranger to keep the owner out, atomic on both databases, and one
budget per address across both sign-in forms."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from server import create_app
from server.extensions import db
from server.models.clock import utcnow
from tests.helpers import PASSWORD, ApiClient, FreshContextClient


@pytest.fixture
def clock(monkeypatch):
    """The sign-in service's clock, moved by hand (so budgets drain only when a test says so)."""
    state = {"now": utcnow()}
    monkeypatch.setattr("server.services.auth.utcnow", lambda: state["now"])
    return state


@pytest.fixture
def proxied(app, database):
    """The application behind a TLS proxy: X-Forwarded-For says which address a request is from."""
    application = create_app(dict(app.config, BEHIND_TLS_PROXY=True))
    application.test_client_class = FreshContextClient
    yield application
    with application.app_context():
        db.engine.dispose()


def from_address(client, address: str, email: str, password: str):
    return client.post(
        "/api/session",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": address, "X-Forwarded-Proto": "https"},
    )


def test_every_account_is_answered_alike(app, database, make_user, production_stand_in_hash):
    """Existing, unknown, deactivated, or already locked: same statuses, bodies, and times."""
    existing = make_user(email="existing@example.org")
    # At the production cost, as the unknown e-mail's stand-in check is (fixture users' hashes
    # are made cheap for the suite's speed).
    gone = make_user(email="gone@example.org", active=False)
    for user in (existing, gone):
        user.set_password(PASSWORD)
    database.session.commit()
    emails = (existing.email, "nobody@example.org", "gone@example.org")
    clients = {email: app.test_client() for email in emails}
    answers = {email: [] for email in emails}
    timings = {email: {401: [], 429: []} for email in emails}
    # Taken in turns, so a machine that gets busier meanwhile slows every account alike.
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        for email in emails:
            started = time.process_time()
            response = clients[email].post("/api/session", json={"email": email, "password": "not the password"})
            timings[email][response.status_code].append(time.process_time() - started)
            answers[email].append((response.status_code, response.json))
    expected = [401] * app.config["LOGIN_MAX_FAILURES"] + [429] * 3
    for email, answered in answers.items():
        assert [status for status, _ in answered] == expected, email
    assert len({str(answered) for answered in answers.values()}) == 1  # the bodies too
    # Even the right password of a deactivated account is answered like a wrong one.
    make_user(email="left@example.org", active=False)
    left = app.test_client().post("/api/session", json={"email": "left@example.org", "password": PASSWORD})
    assert (left.status_code, left.json) == answers["nobody@example.org"][0]
    # The same password hash checks for every answered attempt whatever the account (two, about
    # 90 ms of CPU here), none once the budget is spent: times differ by noise only. The server's own work is what an
    # idle server's answer time is made of (it never sleeps), so it is measured as the
    # process's CPU time (every thread's, argon2's included): other programs on a busy machine
    # add wall time, not CPU time to this process. The fastest of each account's answers is
    # compared (a skipped hash check would show as a floor about 45 ms lower).
    for status in (401, 429):
        floors = [min(timings[email][status]) for email in answers]
        print(f"\nfastest {status} CPU times (ms):", [round(floor * 1000, 1) for floor in floors])
        assert max(floors) - min(floors) < 0.25 * max(floors) + 0.005


def test_the_lock_drains_instead_of_relocking(app, api, make_user, clock):
    user = make_user()
    limit, window = app.config["LOGIN_MAX_FAILURES"], app.config["LOGIN_LOCK_WINDOW"]
    for _ in range(limit):
        assert api.sign_in(user.email, "wrong").status_code == 401
    assert api.sign_in(user.email, "wrong").status_code == 429
    # A fifth of the window later, one attempt has come back: one, not a whole new lock.
    clock["now"] += window / limit + timedelta(seconds=1)
    assert api.sign_in(user.email, "wrong").status_code == 401
    assert api.sign_in(user.email, "wrong").status_code == 429
    # After the window, one wrong attempt does not lock again (it did: the count never drained).
    clock["now"] += window + timedelta(seconds=1)
    assert api.sign_in(user.email, "wrong").status_code == 401
    assert api.sign_in(user.email, "wrong").status_code == 401
    assert api.sign_in(user.email).status_code == 200


def test_a_stranger_at_another_address_does_not_lock_the_owner_out(app, proxied, make_user, clock):
    user = make_user()
    stranger = proxied.test_client()
    statuses = [from_address(stranger, "203.0.113.9", user.email, f"guess-{n}").status_code for n in range(20)]
    assert statuses.count(401) == app.config["LOGIN_MAX_FAILURES"]
    owner = proxied.test_client()
    assert from_address(owner, "198.51.100.7", user.email, PASSWORD).status_code == 200


def test_the_owners_own_device_keeps_its_budget_when_strangers_spend_the_accounts(app, proxied, make_user, clock):
    user = make_user()
    phone = proxied.test_client()
    assert from_address(phone, "198.51.100.7", user.email, PASSWORD).status_code == 200
    assert phone.get_cookie("mediatap_device").http_only
    # Guessing from many addresses spends the account's shared budget...
    stranger = proxied.test_client()
    statuses = [from_address(stranger, f"203.0.113.{n}", user.email, f"guess-{n}").status_code for n in range(60)]
    assert statuses.count(401) == app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    assert from_address(proxied.test_client(), "192.0.2.1", user.email, PASSWORD).status_code == 429
    # ...but the owner's phone, whatever address it has today, has its own.
    assert from_address(phone, "192.0.2.2", user.email, PASSWORD).status_code == 200
    # A device cookie given to another account, or forged, counts for nothing.
    other = make_user()
    thief = proxied.test_client()
    assert from_address(thief, "203.0.113.200", other.email, PASSWORD).status_code == 200
    assert from_address(thief, "203.0.113.201", user.email, PASSWORD).status_code == 429
    thief.set_cookie("mediatap_device", "forged.value")
    assert from_address(thief, "203.0.113.202", user.email, PASSWORD).status_code == 429


def test_parallel_wrong_passwords_reach_the_check_at_most_the_limit(app, database, make_user):
    """40 requests at once (row lock or atomic update): PostgreSQL let 10 to 40 through."""
    user = make_user()
    barrier = threading.Barrier(40)
    statuses: list[int] = []

    def guess(number: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post("/api/session", json={"email": user.email, "password": f"guess-{number}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\n40 parallel wrong passwords: {statuses.count(401)} checked, {statuses.count(429)} refused")
    assert len(statuses) == 40 and set(statuses) <= {401, 429}
    assert statuses.count(401) <= app.config["LOGIN_MAX_FAILURES"]


def test_one_address_budget_across_both_sign_in_forms(app, database):
    limit = int(app.config["LOGIN_ADDRESS_LIMIT"].split()[0])
    phone = ApiClient(app.test_client())
    assert [phone.sign_in(f"nobody{n}@example.org", "x").status_code for n in range(limit)] == [401] * limit
    desk = app.test_client()
    token = desk.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    response = desk.post("/login", data={"email": "someone@example.org", "password": "x", "csrf_token": token})
    assert response.status_code == 429
