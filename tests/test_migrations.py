"""The migrations build exactly the schema the models describe, on both databases."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, func, inspect, select, text
from sqlalchemy.orm import load_only
from sqlalchemy.sql.schema import DEFAULT_NAMING_CONVENTION

from server import create_app
from server.extensions import db
from server.models import Organisation, Shift, User, UserSession, shift_teammate, user_mission
from server.models.clock import utcnow
from tests.helpers import app_config, empty_databases

# flask-migrate configures logging from alembic.ini (tests/conftest.py keeps pytest's handlers).
pytestmark = pytest.mark.usefixtures("alembic_logging_restored")

BEFORE_NAMING_CONVENTION = "710409fce9f8"
_MISSION_FLAGS = (
    "asks_gender",
    "asks_age_band",
    "asks_place",
    "asks_people",
    "asks_duration",
    "asks_mask_reminder",
    "asks_rating",
    "multi_motif",
)


def test_upgrade_from_empty_equals_the_models(tmp_path):
    for uri in empty_databases(tmp_path, "migrations"):
        app = create_app(app_config(uri))
        with app.app_context():
            upgrade(directory="migrations")
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == [], f"{uri}: models and migrations differ: {differences}"
            assert _stored_constraint_names() == _model_constraint_names(), uri
            downgrade(directory="migrations", revision="base")
            with db.engine.connect() as connection:
                assert "intervention" not in db.inspect(connection).get_table_names()
            db.engine.dispose()


def test_a_database_migrated_before_the_naming_convention_gets_its_names_and_keeps_its_rows(tmp_path, monkeypatch):
    for uri in empty_databases(tmp_path, "migrations"):
        app = create_app(app_config(uri))
        with app.app_context(), monkeypatch.context() as old_models:
            # The models as they were: PostgreSQL's default names, none on SQLite.
            old_models.setattr(db.metadata, "naming_convention", DEFAULT_NAMING_CONVENTION)
            upgrade(directory="migrations", revision=BEFORE_NAMING_CONVENTION)
            assert _stored_constraint_names() != _model_constraint_names()
            _add_rows_with_cascading_children()
            before = _row_counts()
        with app.app_context():
            upgrade(directory="migrations")
            assert _stored_constraint_names() == _model_constraint_names(), uri
            assert _row_counts(set(before)) == before
            with db.engine.connect() as connection:
                assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
                if connection.dialect.name == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            downgrade(directory="migrations", revision="base")
            db.engine.dispose()


def _stored_constraint_names() -> dict[str, set[str]]:
    inspector = inspect(db.engine)
    names = {}
    for table in inspector.get_table_names():
        if table != "alembic_version":
            found = {inspector.get_pk_constraint(table)["name"]}
            found |= {unique["name"] for unique in inspector.get_unique_constraints(table)}
            found |= {foreign_key["name"] for foreign_key in inspector.get_foreign_keys(table)}
            names[table] = found
    return names


def _model_constraint_names() -> dict[str, set[str]]:
    kinds = (PrimaryKeyConstraint, UniqueConstraint)
    return {
        table.name: {str(constraint.name) for constraint in table.constraints if isinstance(constraint, kinds)}
        | {str(foreign_key.name) for foreign_key in table.foreign_key_constraints}
        for table in db.metadata.sorted_tables
    }


def _add_rows_with_cascading_children() -> None:
    # Rebuilding a table on SQLite drops the original: its ON DELETE CASCADE children must stay.
    organisation = Organisation(name="PIMMS de Dijon", timezone="Europe/Paris")
    db.session.add(organisation)
    db.session.flush()
    # A mission as the schema of that time stores it (it had no rating scale yet).
    db.session.execute(
        text(
            "INSERT INTO mission (organisation_id, code, label, partner, pole, mediation, position, archived, "
            + ", ".join(_MISSION_FLAGS)
            + ") VALUES (:organisation, 'tram', 'Tram', 'Keolis', 'transport', 'outgoing', 0, :no, "
            + ", ".join(":no" for _name in _MISSION_FLAGS)
            + ")"
        ),
        {"organisation": organisation.id, "no": False},
    )
    mission_id = db.session.scalar(text("SELECT id FROM mission WHERE code = 'tram'"))
    # People as the schema of that time stores them (it had a failed-login counter since dropped).
    for email in ("m@example.org", "t@example.org"):
        db.session.execute(
            text(
                'INSERT INTO "user" (organisation_id, email, name, role, active, password_hash, '
                "must_change_password, created_at, failed_logins) "
                "VALUES (:organisation, :email, 'M', 'mediator', :yes, '', :no, :now, 0)"
            ),
            {"organisation": organisation.id, "email": email, "yes": True, "no": False, "now": utcnow()},
        )
    # Only the columns of that time: later migrations add some to the model (a partner's name).
    people = select(User).options(load_only(User.id))
    mediator = db.session.scalar(people.where(User.email == "m@example.org"))
    mate = db.session.scalar(people.where(User.email == "t@example.org"))
    db.session.execute(user_mission.insert().values(user_id=mediator.id, mission_id=mission_id))
    db.session.add(UserSession(user=mediator))
    db.session.flush()
    now = utcnow()
    shift = Shift(id=uuid.uuid4(), organisation_id=organisation.id, mediator_id=mediator.id, mission_id=mission_id)
    shift.started_at = shift.client_updated_at = now
    shift.teammates = [mate]
    db.session.add(shift)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(shift_teammate)) == 1


def _row_counts(names: set[str] | None = None) -> dict[str, int]:
    """Rows per table of today's models that the database has (later migrations add tables)."""
    names = names or set(inspect(db.engine).get_table_names())
    counts = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name in names
    }
    db.session.commit()
    assert counts["user_mission"] == counts["user_session"] == counts["shift_teammate"] == 1
    return counts
