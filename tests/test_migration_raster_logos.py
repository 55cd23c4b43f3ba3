"""Upgrading an installation that holds SVG logos (issue 10, item 10): they are removed, with an
audit entry saying why; raster logos stay."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from server import create_app
from server.extensions import db
from tests.helpers import app_config

# flask-migrate configures logging from alembic.ini (tests/conftest.py keeps pytest's handlers).
pytestmark = pytest.mark.usefixtures("alembic_logging_restored")

BEFORE = "710409fce9f8"  # the last revision that accepted SVG logos
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>'
PNG = b"\x89PNG\r\n\x1a\n-stored-before"


def test_svg_logos_are_removed_and_raster_ones_kept(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'old.db'}"))
    with app.app_context():
        upgrade(directory="migrations", revision=BEFORE)
        with db.engine.begin() as connection:
            for number, (logo, kind) in enumerate([(SVG, "image/svg+xml"), (PNG, "image/png"), (None, None)], 1):
                connection.execute(
                    text(
                        "INSERT INTO organisation (id, name, timezone, note_retention_days, catalogue_version,"
                        " logo, logo_type, created_at) VALUES (:id, :name, 'Europe/Paris', 365, 1, :logo, :kind,"
                        " CURRENT_TIMESTAMP)"
                    ),
                    {"id": number, "name": f"PIMMS {number}", "logo": logo, "kind": kind},
                )
        upgrade(directory="migrations")
        with db.engine.connect() as connection:
            logos = connection.execute(text("SELECT id, logo, logo_type FROM organisation ORDER BY id")).all()
            audit = connection.execute(text("SELECT organisation_id, entity, action, reason FROM audit_entry")).all()
        db.engine.dispose()
    assert [tuple(row) for row in logos] == [(1, None, None), (2, PNG, "image/png"), (3, None, None)]
    assert [row[:3] for row in audit] == [(1, "organisation", "logo")]
    assert "PNG, JPEG ou WebP" in audit[0].reason
