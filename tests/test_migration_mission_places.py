"""Upgrading an installation whose missions predate their list of places (issue 11, item 13):
each gets the places of its kind, and its default place is among them."""

import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from server import create_app
from server.extensions import db
from tests.helpers import app_config, empty_databases

# flask-migrate configures logging from alembic.ini (tests/conftest.py keeps pytest's handlers).
pytestmark = pytest.mark.usefixtures("alembic_logging_restored")

BEFORE = "f7911582c5db"  # the last revision without mission.places
MISSIONS = [
    # (code, pole, default_place, places expected)
    ("tram", "transport", "on_board", ["on_board", "platform", "stop", "station"]),
    ("odd_bus", "transport", "home", ["on_board", "platform", "stop", "station", "home"]),
    ("post", "polyvalent", "post_office", ["post_office"]),
    ("phoning", "polyvalent", None, ["post_office", "desk", "phone", "home"]),
]


def test_existing_missions_get_the_places_of_their_kind(tmp_path):
    for uri in empty_databases(tmp_path, "places"):
        app = create_app(app_config(uri))
        with app.app_context():
            upgrade(directory="migrations", revision=BEFORE)
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO organisation (id, name, timezone, note_retention_days, catalogue_version,"
                        " created_at) VALUES (1, 'PIMMS', 'Europe/Paris', 365, 1, CURRENT_TIMESTAMP)"
                    )
                )
                for number, (code, pole, default_place, _places) in enumerate(MISSIONS, 1):
                    connection.execute(
                        text(
                            "INSERT INTO mission (id, organisation_id, code, label, partner, pole, mediation,"
                            " asks_gender, asks_age_band, asks_place, asks_people, asks_duration,"
                            " asks_mask_reminder, asks_rating, multi_motif, default_place, position, archived)"
                            " VALUES (:id, 1, :code, :code, '', :pole, 'outgoing', true, true, true, false, false,"
                            " false, false, false, :default_place, 0, false)"
                        ),
                        {"id": number, "code": code, "pole": pole, "default_place": default_place},
                    )
                connection.execute(
                    text(
                        "INSERT INTO site (id, mission_id, code, label, network, position, archived)"
                        " VALUES (1, 1, 't1', 'Tram T1', '', 0, false)"
                    )
                )
            upgrade(directory="migrations")
            with db.engine.connect() as connection:
                rows = connection.execute(text("SELECT code, places, label_en FROM mission ORDER BY id")).all()
                site_label_en = connection.execute(text("SELECT label_en FROM site")).scalar_one()
            db.engine.dispose()
        places = [(code, places if isinstance(places, list) else json.loads(places)) for code, places, _en in rows]
        assert places == [(code, expected) for code, _pole, _default, expected in MISSIONS], uri
        assert {label_en for _code, _places, label_en in rows} == {""} and site_label_en == "", uri
