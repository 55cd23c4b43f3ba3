import os

import pytest

from tests.helpers import empty_postgres_database

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def reliability_database(request, tmp_path):
    """An empty database that a separate gunicorn process can open."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reliability.db'}"
        return
    yield empty_postgres_database("reliability")
