"""The migrations build exactly the schema the models describe, on both databases."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server import create_app
from server.extensions import db
from tests.conftest import _config


def _fresh_databases(tmp_path):
    yield f"sqlite:///{tmp_path / 'migrations.db'}"
    if os.environ.get("TEST_DATABASE_URL"):
        url = make_url(os.environ["TEST_DATABASE_URL"])
        # Named after the test database: runs on other databases of the same server do not collide.
        name = f"{url.database}_migrations"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        yield url.set(database=name).render_as_string(hide_password=False)


def test_upgrade_from_empty_equals_the_models(tmp_path):
    for uri in _fresh_databases(tmp_path):
        app = create_app(_config(uri))
        with app.app_context():
            upgrade(directory="migrations")
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == [], f"{uri}: models and migrations differ: {differences}"
            downgrade(directory="migrations", revision="base")
            with db.engine.connect() as connection:
                assert "intervention" not in db.inspect(connection).get_table_names()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _quiet_alembic_logging():
    # flask-migrate configures logging from alembic.ini; keep pytest's handlers intact.
    import logging

    yield
    logging.getLogger("alembic").handlers.clear()
