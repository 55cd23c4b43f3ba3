"""The migrations build exactly the schema the models describe, on both databases."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from server import create_app
from server.extensions import db
from tests.helpers import app_config, empty_postgres_database


def _fresh_databases(tmp_path):
    yield f"sqlite:///{tmp_path / 'migrations.db'}"
    if os.environ.get("TEST_DATABASE_URL"):
        yield empty_postgres_database("migrations")


def test_upgrade_from_empty_equals_the_models(tmp_path):
    for uri in _fresh_databases(tmp_path):
        app = create_app(app_config(uri))
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
