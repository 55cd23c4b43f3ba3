import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def reliability_database(request, tmp_path):
    """An empty database that a separate gunicorn process can open."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reliability.db'}"
        return
    url = make_url(os.environ["TEST_DATABASE_URL"])
    # Named after the test database: runs on other databases of the same server do not collide.
    name = f"{url.database}_reliability"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield url.set(database=name).render_as_string(hide_password=False)
