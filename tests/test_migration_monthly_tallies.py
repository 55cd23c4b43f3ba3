"""Upgrading an installation that holds daily tallies: the migrations add up its monthly
tallies (issue 14, item 6) and its shift hours (the network's hours), as the application would
have kept them."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from server import create_app
from server.extensions import db
from server.models import Organisation
from server.services import tally_recount
from server.services.demo import load_demo
from tests.helpers import app_config, empty_databases

# flask-migrate configures logging from alembic.ini (tests/conftest.py keeps pytest's handlers).
pytestmark = pytest.mark.usefixtures("alembic_logging_restored")

BEFORE = "9b4e1f07c2d5"  # the last revision without monthly tallies
BEFORE_HOURS = "62be5caeff65"  # the last revision without shift hours in the tallies


def test_the_migration_adds_up_the_daily_tallies_by_month(tmp_path):
    for uri, kept, backfilled in _kept_and_backfilled(tmp_path, "monthly", BEFORE, tally_recount.months_stored):
        assert len({key[1] for key in kept}) >= 2, "45 days span two months at least"
        assert backfilled == kept, uri


def test_the_migration_tallies_the_hours_of_every_shift(tmp_path):
    def days_and_months(organisation_id):
        return tally_recount.stored(organisation_id), tally_recount.months_stored(organisation_id)

    for uri, kept, backfilled in _kept_and_backfilled(tmp_path, "hours", BEFORE_HOURS, days_and_months):
        person_ms = sum(amounts[3] for amounts in kept[0].values())
        shift_ms = sum(amounts[2] for amounts in kept[0].values())
        assert person_ms > shift_ms > 0, "the demo's shifts, some of them with teammates"
        assert backfilled == kept, uri


def _kept_and_backfilled(tmp_path, name, before, read):
    """Per database: (its URL, `read` of the tallies the application kept over 45 demo days, `read`
    of those the migrations after `before` rebuilt once taken back to it)."""
    for uri in empty_databases(tmp_path, name):
        app = create_app(app_config(uri))
        with app.app_context():
            upgrade(directory="migrations")
            load_demo(days=45)
            organisation_id = db.session.scalar(select(Organisation.id))
            kept = read(organisation_id)
            db.session.remove()
            # As before the migration under test.
            downgrade(directory="migrations", revision=before)
            upgrade(directory="migrations")
            backfilled = read(organisation_id)
            db.session.remove()
            db.engine.dispose()
        yield uri, kept, backfilled
