"""Two gunicorn instances (two ports, as on two app servers) on one PostgreSQL database serve
the same phones (issue 14, item 7): sessions, sign-in limits, the catalogue version and sync
idempotency live in the database, so a phone whose requests alternate between the two sees
one server. docs/deploy.md describes the set-up."""

from __future__ import annotations

import uuid

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from server import create_app
from server.extensions import db
from server.models import DailyTally, Mission, Organisation, User
from server.services.catalogue_admin import add_type
from server.services.demo import DEMO_PASSWORD
from tests.helpers import intervention_record, shift_record
from tests.reliability.gunicorn_server import GunicornServer, prepare_database

# Runs gunicorn, which takes both cores: never beside another gunicorn test (tests/conftest.py).
pytestmark = pytest.mark.xdist_group("gunicorn")

# Low enough to reach in a few requests, the same on both instances as in production.
ADDRESS_LIMIT = 12


@pytest.fixture
def two_instances(reliability_database):
    """Two gunicorns (one worker each: the processes differ, as they would across machines)
    sharing one database, with the per-address sign-in limit as configured in production."""
    if reliability_database.startswith("sqlite"):
        pytest.skip("two app servers share a database over the network: PostgreSQL only (SQLite is one file)")
    prepare_database(reliability_database, phones=1)
    servers = [GunicornServer(reliability_database, workers=1) for _ in range(2)]
    for server in servers:
        server.env["MEDIATAP_LOGIN_ADDRESS_LIMIT"] = f"{ADDRESS_LIMIT} per 15 minutes"
        server.start()
    try:
        yield reliability_database, [server.url for server in servers]
    finally:
        for server in servers:
            server.stop()


class AlternatingPhone:
    """One phone's cookies and CSRF token, each request sent to the next instance in turn."""

    def __init__(self, urls: list[str]):
        self.urls = urls
        self.turn = 0
        self.http = requests.Session()
        self.served_by: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        url = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        self.served_by.append(url)
        return self.http.request(method, f"{url}{path}", timeout=30, **kwargs)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> requests.Response:
        response = self.request("POST", "/api/session", json={"email": email, "password": password})
        if response.status_code == 200:
            self.http.headers["X-CSRFToken"] = response.json()["csrf_token"]
        return response

    def sync(self, shifts: list, interventions: list) -> requests.Response:
        body = {"device_id": "phone-two-instances", "shifts": shifts, "interventions": interventions}
        body["client_time"] = shifts[0]["updated_at"] if shifts else interventions[0]["updated_at"]
        return self.request("POST", "/api/sync", json=body)


def _statuses(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text[:300]
    return {result["id"]: result["status"] for result in response.json()["results"]}


def _stored(uri: str) -> dict:
    """What the database holds: rows, distinct ids, and the interventions the tallies count."""
    engine = create_engine(uri)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM intervention")).scalars().all()
        tallied = connection.execute(
            select(func.coalesce(func.sum(DailyTally.interventions), 0)).where(DailyTally.dimension == "all")
        ).scalar_one()
    engine.dispose()
    return {"rows": len(ids), "ids": {str(value) for value in ids}, "tallied": tallied}


def _publish_new_type(uri: str) -> int:
    """An admin adds a button to the tram mission (in this process: neither instance is told)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "reliability"})
    with app.test_request_context():
        admin = db.session.scalar(select(User).where(User.role == "admin"))
        mission = db.session.scalar(
            select(Mission).where(Mission.organisation_id == admin.organisation_id, Mission.code == "divia_tram")
        )
        add_type(admin, mission, {"code": "lost_property", "label": "Objet perdu"})
        version = db.session.scalar(
            select(Organisation.catalogue_version).where(Organisation.id == admin.organisation_id)
        )
        db.session.remove()
        db.engine.dispose()
    return version


@pytest.mark.slow
def test_a_phone_alternating_between_two_instances_sees_one_server(two_instances):
    uri, urls = two_instances
    phone = AlternatingPhone(urls)
    assert phone.sign_in("phone0@demo.mediatap.fr").status_code == 200  # instance A

    # The session opened on A is valid on B, and both serve one catalogue version.
    before = phone.request("GET", "/api/catalogue")  # B
    assert before.status_code == 200
    version = _publish_new_type(uri)
    assert version == before.json()["version"] + 1
    for _ in urls:  # A, then B: neither keeps an older copy
        catalogue = phone.request("GET", "/api/catalogue")
        assert catalogue.json()["version"] == version
        tram = next(mission for mission in catalogue.json()["missions"] if mission["code"] == "divia_tram")
        assert "lost_property" in {kind["code"] for kind in tram["types"]}

    # One batch, sent to A then again to B: stored once, counted once.
    shift = shift_record(mission="divia_tram")
    batch = [intervention_record(shift["id"], people=1 + n % 3) for n in range(10)]
    batch[0]["types"] = ["lost_property"]  # the type published a moment ago, through the other instance
    first = phone.sync([shift], batch)  # A
    assert set(_statuses(first).values()) == {"created"}
    assert first.json()["catalogue_version"] == version
    again = phone.sync([shift], batch)  # B
    assert set(_statuses(again).values()) == {"unchanged"}
    assert again.json()["catalogue_version"] == version

    # A second batch reaches A and is stored, but its reply is lost: the phone keeps it and
    # sends it again, this time to B.
    later = [intervention_record(shift["id"]) for _ in range(5)]
    lost = phone.sync([], later)  # A: the phone never reads this reply
    assert lost.status_code == 200
    retried = phone.sync([], later)  # B
    assert set(_statuses(retried).values()) == {"unchanged"}

    stored = _stored(uri)
    made = {record["id"] for record in batch + later}
    assert stored["rows"] == len(made)  # nothing doubled
    assert stored["ids"] == made  # nothing lost
    assert stored["tallied"] == len(made)  # the tallies counted each record once

    # Signing out on one instance ends the session on the other too.
    assert phone.request("DELETE", "/api/session").status_code in (200, 204)  # A
    assert phone.request("GET", "/api/catalogue").status_code == 401  # B
    assert len(set(phone.served_by)) == 2


@pytest.mark.slow
def test_sign_in_budgets_are_one_across_both_instances(two_instances):
    _, urls = two_instances
    phone = AlternatingPhone(urls)
    email = "phone0@demo.mediatap.fr"
    # The account's budget from this address: 5 failures, alternately on A and B ...
    statuses = [phone.sign_in(email, "wrong password").status_code for _ in range(5)]
    assert statuses == [401] * 5
    # ... and the right password is refused on either, as it would be on one server.
    locked = [phone.sign_in(email).status_code for _ in urls]
    assert locked == [429, 429]
    assert phone.request("GET", "/api/catalogue").status_code == 401

    # The address's budget (Flask-Limiter, every sign-in counted) is one for both instances:
    # ADDRESS_LIMIT attempts in all, then each instance refuses.
    spent = len(statuses) + len(locked)
    unknown = [
        phone.sign_in(f"nobody-{uuid.uuid4().hex[:8]}@example.org", "x").status_code
        for _ in range(ADDRESS_LIMIT - spent)
    ]
    assert unknown == [401] * (ADDRESS_LIMIT - spent)
    refused = [phone.sign_in(f"nobody-{n}@example.org", "x") for n in range(len(urls))]
    assert [response.status_code for response in refused] == [429, 429]
    assert {response.json()["error"]["code"] for response in refused} == {"too_many_requests"}
