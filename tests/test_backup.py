"""`flask --app server backup`: a round trip through a copy taken while the app runs."""

from sqlalchemy import func, select

from server import create_app
from server.extensions import db
from server.models import Intervention
from tests.helpers import app_config, intervention_record, shift_record


def test_backup_and_restore_round_trip(app, database, login_as, tmp_path):
    if database.engine.dialect.name != "sqlite":
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    client, _ = login_as("mediator")
    shift = shift_record()
    records = [intervention_record(shift["id"]) for _ in range(25)]
    client.sync(shifts=[shift], interventions=records)
    copy = tmp_path / "backups" / "mediatap.db"
    result = app.test_cli_runner().invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    again = app.test_cli_runner().invoke(args=["backup", str(copy)])
    assert again.exit_code != 0 and "exists already" in again.output

    # Restoring is pointing DATABASE_URL at the copy (or copying it back in place, app stopped).
    restored = create_app(app_config(f"sqlite:///{copy}"))
    with restored.app_context():
        ids = set(db.session.scalars(select(Intervention.id)))
        assert {str(row_id) for row_id in ids} == {record["id"] for record in records}
        assert db.session.scalar(select(func.count()).select_from(Intervention)) == 25
        db.session.remove()
        db.engine.dispose()
