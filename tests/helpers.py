"""What tests call by name: clients that talk like the phone and the desk, records as the phone
sends them, the test configuration. Fixtures live in conftest.py, which tests never import.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import WSGIRequestHandler, make_server

from server import create_app
from server.extensions import db

PASSWORD = "correct horse battery staple"
# Where every test organisation works: its day starts an hour or two before the machine's UTC day.
TEST_TIMEZONE = "Europe/Paris"


def local_today() -> date:
    """Today where the test organisations work: the day the app shows, not the machine's."""
    return datetime.now(ZoneInfo(TEST_TIMEZONE)).date()


def app_config(uri: str) -> dict:
    """The configuration every test application starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "DEFAULT_TIMEZONE": TEST_TIMEZONE,
        "ENV_NAME": "test",
    }


def empty_postgres_database(purpose: str = "") -> str:
    """A new, empty PostgreSQL database beside TEST_DATABASE_URL's; returns its URL.

    Named after the configured one (`mediatap_test_migrations`), so two checkouts sharing a
    server never drop each other's, and suffixed per pytest-xdist worker (`…_gw0`).
    """
    url = make_url(os.environ["TEST_DATABASE_URL"])
    parts = [url.database, purpose, os.environ.get("PYTEST_XDIST_WORKER", "")]
    name = "_".join(part for part in parts if part)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def empty_databases(tmp_path, name: str) -> Iterator[str]:
    """The URL of a new, empty database of each kind the suite runs on: SQLite, and PostgreSQL
    when TEST_DATABASE_URL is set (for the tests of migrations, which build their own schema)."""
    yield f"sqlite:///{tmp_path / f'{name}.db'}"
    if os.environ.get("TEST_DATABASE_URL"):
        yield empty_postgres_database(name)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (fresh `g`, own database session), as in production,
    even while the test itself holds one open to read the database."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # Let the test's own session see what the request committed (a new snapshot).
        if has_app_context() and not (db.session.new or db.session.dirty or db.session.deleted):
            db.session.rollback()
        return response


def form_token(page: str) -> str:
    """The CSRF token a page's form carries in its hidden field."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class ApiClient:
    """A test client that sends JSON and the CSRF header, like the phone does, and posts the
    desk's forms with the token in their body, like a browser does."""

    def __init__(self, client):
        self.client = client
        self.csrf_token: str | None = None
        self.user: dict | None = None

    def sign_in(self, email: str, password: str = PASSWORD):
        response = self.client.post("/api/session", json={"email": email, "password": password})
        if response.status_code == 200:
            self.csrf_token = response.json["csrf_token"]
            self.user = response.json["user"]
        return response

    def _headers(self, headers):
        merged = {"X-CSRFToken": self.csrf_token} if self.csrf_token else {}
        merged.update(headers or {})
        return merged

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def read(self, url: str) -> str:
        """A page that opens (200), as its reader sees its characters (page_text)."""
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        return page_text(response)

    def post(self, url, json=None, headers=None, **kwargs):
        return self.client.post(url, json=json, headers=self._headers(headers), **kwargs)

    def put(self, url, json=None, headers=None, **kwargs):
        return self.client.put(url, json=json, headers=self._headers(headers), **kwargs)

    def delete(self, url, headers=None, **kwargs):
        return self.client.delete(url, headers=self._headers(headers), **kwargs)

    def submit(self, url, data: dict):
        """A page's form as the browser posts it: the session's token in a field, no header."""
        return self.client.post(url, data={"csrf_token": self.csrf_token, **data})

    def sync(self, shifts=(), interventions=(), device_id="phone-1"):
        return self.post(
            "/api/sync",
            json={
                "device_id": device_id,
                "client_time": now_iso(),
                "shifts": list(shifts),
                "interventions": list(interventions),
            },
        )


def now_iso(delta: timedelta = timedelta(0)) -> str:
    """Now (plus delta) as the phone writes it: ISO 8601 with its UTC offset."""
    return (datetime.now(timezone.utc) + delta).astimezone(timezone(timedelta(hours=1))).isoformat()


def shift_record(**overrides) -> dict:
    """A shift as the phone syncs it: on the tram mission, started an hour ago."""
    record = {
        "id": str(uuid.uuid4()),
        "mission": "tram",
        "site": "t1",
        "started_at": now_iso(timedelta(hours=-1)),
        "ended_at": None,
        "teammates": [],
        "updated_at": now_iso(timedelta(hours=-1)),
        "deleted": False,
    }
    record.update(overrides)
    return record


# What a mediator answers about a typical intervention (bench/ writes its rows with them too).
INTERVENTION_ANSWERS = {
    "gender": "female",
    "age_band": "25_60",
    "place": "on_board",
    "people": 1,
    "duration": "short",
    "mask_reminder": False,
    "mask_outcome": None,
    "rating": None,
    "note": None,
}


def intervention_record(shift_id: str, **overrides) -> dict:
    """An intervention as the phone syncs it: one itinerary motif, five minutes ago."""
    record = {
        "id": str(uuid.uuid4()),
        "shift_id": shift_id,
        "occurred_at": now_iso(timedelta(minutes=-5)),
        "types": ["itinerary"],
        **INTERVENTION_ANSWERS,
        "updated_at": now_iso(timedelta(minutes=-5)),
        "deleted": False,
    }
    record.update(overrides)
    return record


def post_office_shift(**overrides) -> dict:
    """A shift of the post-office mission (make_org's `post`) at its Grangier office."""
    return shift_record(mission="post", site="grangier", **overrides)


def post_office_record(shift_id: str, **overrides) -> dict:
    """An intervention at the post office: help with forms, the client's gender and age not asked."""
    answers = {"types": ["forms"], "gender": "unknown", "age_band": "unknown", "place": "post_office"}
    return intervention_record(shift_id, **{**answers, **overrides})


def shown_in_correction_form(**changes) -> dict:
    """intervention_record()'s motif and answers as the desk's correction form sends them back,
    with `changes`."""
    answers = {name: INTERVENTION_ANSWERS[name] for name in ("gender", "age_band", "place", "duration")}
    return {"types": ["itinerary"], **answers, "people": str(INTERVENTION_ANSWERS["people"]), **changes}


def change_password_on_page(client: ApiClient, current: str, new: str):
    """The account page's form, as a browser posts it."""
    return client.post("/account/password", data={"current_password": current, "new_password": new, "confirm": new})


def change_password_on_phone(client: ApiClient, current: str, new: str):
    """The phone's request (PUT /api/session/password)."""
    return client.put("/api/session/password", json={"current_password": current, "new_password": new})


def add_mission(organisation_id: int, code: str, label: str, sites=(), types=(), **settings):
    """A mission with its sites or lines ((code, label, network)) and its types ((code, label),
    in the phone's order), committed."""
    from server.models import InterventionType, Mission, Site

    mission = Mission(
        organisation_id=organisation_id,
        code=code,
        label=label,
        sites=[Site(code=site, label=name, network=network) for site, name, network in sites],
        types=[InterventionType(code=kind, label=name, position=n) for n, (kind, name) in enumerate(types)],
        **settings,
    )
    db.session.add(mission)
    db.session.commit()
    return mission


def add_bus_mission(organisation_id: int, types, **settings):
    """Divia's bus on line 3: a second Keolis transport mission beside make_org's tram, with its
    types ((code, label)), committed."""
    sites = [("l3", "Ligne 3", "Divia")]
    return add_mission(organisation_id, "bus", "Divia — bus", sites=sites, types=types, partner="Keolis", **settings)


# The desk's correction form of an intervention, filled in (the reason is the test's to give).
CORRECTION_FORM = {
    "occurred_at": "2026-03-02T09:15",
    "types": ["fares"],
    "gender": "male",
    "age_band": "over_60",
    "place": "stop",
    "people": "2",
    "duration": "long",
    "mask_outcome": "",
    "rating": "",
    "note": "",
}


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # one line per request drowns the test output
        pass


def chromium_options(language: str = "fr-FR"):
    """Debian's chromium, headless, with nothing that tries to reach the network; a French
    phone unless told otherwise (the app starts in the browser's language)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.add_argument(f"--lang={language}")
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    # The console is read after each browser test: a CSP violation or a script error fails it.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@contextmanager
def demo_served(path, days: int | None, prepare: Callable[[], None] | None = None) -> Iterator[tuple[str, object]]:
    """The demo organisation (`days` of activity) in a SQLite file, served on loopback by a
    real HTTP server in a thread; yields its base URL and the application."""
    from server.services.demo import load_demo

    application = create_app(app_config(f"sqlite:///{path}"))
    with application.app_context():
        db.create_all()
        load_demo(days)
        if prepare is not None:
            prepare()
        db.session.remove()
    server = make_server("127.0.0.1", 0, application, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", application
    finally:
        server.shutdown()
        thread.join(timeout=5)


def page_text(response) -> str:
    """A page's HTML as a reader sees its characters: entities decoded, no-break spaces as spaces."""
    import html

    return html.unescape(response.text).replace("\u202f", " ").replace("\u00a0", " ")


def figure_row(label: str, *cells) -> str:
    """A row of a table of figures as the page writes it: its label, then its first numbers' cells."""
    return f'<th scope="row">{label}</th>' + "".join(f'<td class="number">{cell}</td>' for cell in cells)


def add_month_of_shifts(
    organisation_id: int, mediator_ids: list[int], mission_id: int, month: date, count: int
) -> uuid.UUID:
    """`count` closed, tidy shifts spread over the 28 first days of `month` (written straight
    to the database: a large organisation's month without syncing each), plus one shift of the
    2nd at 08:00 that was never closed; returns that one's id."""
    zone = ZoneInfo(TEST_TIMEZONE)
    shifts = []
    for number in range(count):
        start = datetime.combine(month.replace(day=1 + number % 28), datetime.min.time(), zone)
        start = (start + timedelta(hours=6, minutes=number % 600)).astimezone(timezone.utc).replace(tzinfo=None)
        end = start + timedelta(hours=3)
        shifts.append(_shift_row(organisation_id, mediator_ids[number % len(mediator_ids)], mission_id, start, end))
    start = datetime.combine(month.replace(day=2), datetime.min.time(), zone) + timedelta(hours=8)
    forgotten = _shift_row(
        organisation_id, mediator_ids[0], mission_id, start.astimezone(timezone.utc).replace(tzinfo=None), None
    )
    db.session.add_all([*shifts, forgotten])
    db.session.commit()
    return forgotten.id


def _shift_row(organisation_id, mediator_id, mission_id, start: datetime, end: datetime | None):
    from server.models import Shift

    return Shift(
        id=uuid.uuid4(),
        organisation_id=organisation_id,
        mediator_id=mediator_id,
        mission_id=mission_id,
        started_at=start,
        ended_at=end,
        device_id="bulk",
        client_updated_at=end or start,
        received_at=end or start,
    )
