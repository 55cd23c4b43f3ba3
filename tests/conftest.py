"""Fixtures from small to large: app -> db -> client -> login_as(role), plus factories.

Every database test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set
(`make test` sets it up when it can; `.ci/run` always does).
"""

from __future__ import annotations

import itertools
import logging
import os
from dataclasses import dataclass
from functools import partial

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, text

from server import create_app
from server.extensions import db, limiter
from server.models import InterventionType, Mission, Organisation, User
from tests.helpers import (
    PASSWORD,
    ApiClient,
    FreshContextClient,
    add_mission,
    app_config,
    chromium_options,
    demo_served,
    empty_postgres_database,
)


def pytest_sessionstart(session):
    """Compile the translation catalogues, as `make` does, so English pages are testable."""
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: the controlling process compiled them before starting it
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in Path(__file__).resolve().parents[1].glob("server/translations/*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as source:
                catalog = read_po(source)
            with mo_path.open("wb") as target:
                write_mo(target, catalog)


def pytest_collection_modifyitems(items):
    """`make test` runs the slow tests on two workers (`--dist loadgroup`), in this order: the
    gunicorn tests, one group on one worker, start at once beside the in-process ones; the
    browser tests, whose waits are timed, come last, when the gunicorn ones are over or nearly."""

    def rank(item) -> int:
        group = item.get_closest_marker("xdist_group")
        if group and group.args == ("gunicorn",):
            return 0
        return 2 if item.get_closest_marker("browser") else 1

    items.sort(key=rank)


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _database_uri(backend: str, folder) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Parallel workers (pytest -n) each get their own database beside the configured one.
        return empty_postgres_database()
    return os.environ["TEST_DATABASE_URL"]


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    """One application per database backend, with a fresh schema."""
    application = create_app(app_config(_database_uri(request.param, tmp_path_factory.mktemp(request.param))))
    application.test_client_class = FreshContextClient
    with application.app_context():
        _drop_everything()
        db.create_all()
        db.session.remove()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _drop_everything() -> None:
    """An empty schema, even if an older checkout left tables today's models no longer know."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()


@pytest.fixture
def database(app):
    """An application context on an empty database (emptied again after the test)."""
    with app.app_context():
        yield db
        db.session.rollback()
        db.session.remove()
        _empty_all_tables()
        limiter.reset()


def _empty_all_tables() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(delete(table))


@pytest.fixture
def alembic_logging_restored():
    """For tests that run migrations: flask-migrate configures logging from alembic.ini, whose
    handlers would outlive the test; pytest's own are kept."""
    yield
    logging.getLogger("alembic").handlers.clear()


@pytest.fixture(scope="session")
def password_hash():
    """The fixture users' hash, at argon2id's lowest cost.

    Hashing is slow on purpose, and so is every sign-in, which checks against the parameters
    written in the hash: at the production cost the fast tests' 330 password checks took a quarter
    of their time. `set_password` keeps the production parameters (test_session checks them).
    """
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


@pytest.fixture(scope="session", autouse=True)
def cheap_stand_in_hash(password_hash):
    """The stand-in hash that every sign-in checks when the address has fewer accounts than it
    checks (services/auth.py), at the fixture users' cost too: at the production cost it was a
    tenth of the quick tests' time. The test that compares answer times takes the real one back
    (`production_stand_in_hash`)."""
    from server.services import auth

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_DUMMY_HASH", password_hash)
        yield


@pytest.fixture
def production_stand_in_hash(monkeypatch):
    from server.models.user import password_hasher
    from server.services import auth

    monkeypatch.setattr(auth, "_DUMMY_HASH", password_hasher.hash("not-a-real-password"))


_counter = itertools.count(1)


@dataclass
class Org:
    """A seeded organisation: a transport mission (one motif) and a post-office one (several)."""

    organisation: Organisation
    tram: Mission
    post: Mission


@pytest.fixture
def make_org(database):
    def make(name: str | None = None) -> Org:
        organisation = Organisation(name=name or f"PIMMS {next(_counter)}", timezone="Europe/Paris")
        database.session.add(organisation)
        database.session.flush()
        tram = add_mission(
            organisation.id,
            "tram",
            "Divia — tram",
            sites=[("t1", "Tram T1", "Divia"), ("t2", "Tram T2", "Divia")],
            types=[
                ("itinerary", "Information itinéraire"),
                ("fares", "Tarifs, billettique"),
                ("mask_reminder", "Rappel port du masque"),
            ],
            partner="Keolis",
            asks_people=True,
            asks_duration=True,
            asks_mask_reminder=True,
            default_place="on_board",
        )
        tram.types.append(InterventionType(code="retired", label="Ancien motif", position=3, active=False))
        post = add_mission(
            organisation.id,
            "post",
            "Pré-accueil La Poste",
            sites=[("grangier", "Bureau de poste Grangier", "")],
            types=[
                ("opening_hours", "Horaires"),
                ("online_bank", "La banque en ligne"),
                ("forms", "Aide au remplissage des formulaires"),
            ],
            partner="La Poste",
            pole="polyvalent",
            mediation="posted",
            multi_motif=True,
            asks_gender=False,
            asks_age_band=False,
            asks_place=False,
            asks_people=True,
            default_place="post_office",
        )
        return Org(organisation, tram, post)

    return make


@pytest.fixture
def org(make_org):
    return make_org("PIMMS de Dijon")


@pytest.fixture
def make_user(database, password_hash, org):
    def make(role: str = "mediator", organisation: Organisation | None = None, **fields) -> User:
        number = next(_counter)
        user = User(
            organisation_id=(organisation or org.organisation).id,
            email=fields.pop("email", f"user{number}@example.org"),
            name=fields.pop("name", f"Médiateur {number}"),
            role=role,
            password_hash=password_hash,
            **fields,
        )
        database.session.add(user)
        database.session.commit()
        return user

    return make


@pytest.fixture
def api(app, database):
    return ApiClient(app.test_client())


@pytest.fixture
def login_as(app, database, make_user):
    """Sign in a new user of the given role; returns (ApiClient, User)."""

    def login(role: str = "mediator", organisation: Organisation | None = None, **fields):
        user = make_user(role, organisation, **fields)
        client = ApiClient(app.test_client())
        response = client.sign_in(user.email)
        assert response.status_code == 200, response.json
        return client, user

    return login


@pytest.fixture
def mediator(login_as):
    """A signed-in mediator's phone."""
    client, _ = login_as("mediator")
    return client


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real HTTP server on loopback with the demo organisation, for browser tests."""
    with demo_served(tmp_path_factory.mktemp("live") / "live.db", days=2) as (url, application):
        # Every browser test signs in from the same loopback address, a hundred times a run:
        # the per-address budget (tested on its own in test_session.py) would refuse them.
        application.config["LOGIN_ADDRESS_LIMIT"] = "10000 per minute"
        yield LiveServer(url=url, app=application)


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module (selenium never downloads a driver: Debian's is used)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chromium_options())
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def desk_login(live_server, browser):
    """Sign the module's browser in to the desk as a demo account (tests/browser/desk.py), once
    its landing page opens; returns the browser."""
    from tests.browser.desk import sign_in_at_desk

    return partial(sign_in_at_desk, browser, live_server.url)
