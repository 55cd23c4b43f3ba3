"""Superuser commands: `orgs create|list` and `purge` of old free-text notes."""

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from server.models import AuditEntry, Intervention, Organisation, User
from server.models.clock import utcnow
from server.services.retention import PURGED
from tests.helpers import ApiClient, intervention_record, shift_record


def test_orgs_create_with_its_first_admin_then_list(app, database):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "orgs",
            "create",
            "PIMMS de Besançon",
            "--timezone",
            "Europe/Paris",
            "--admin-email",
            "Admin@Besancon.example",
            "--admin-name",
            "Claire",
            "--admin-password",
            "a long enough one",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created organisation PIMMS de Besançon" in result.output
    admin = database.session.scalar(select(User).where(User.email == "admin@besancon.example"))
    assert admin.role == "admin" and admin.organisation.name == "PIMMS de Besançon"
    client = ApiClient(app.test_client())
    assert client.sign_in("admin@besancon.example", "a long enough one").status_code == 200
    assert client.get("/admin/people").status_code == 200

    runner.invoke(args=["orgs", "create", "PIMMS de Dijon"])
    listed = runner.invoke(args=["orgs", "list"]).output
    assert "PIMMS de Besançon  (Europe/Paris, notes kept 365 days, 1 active accounts)" in listed
    assert "PIMMS de Dijon" in listed and listed.index("Besançon") < listed.index("Dijon")


def test_orgs_create_refuses_duplicates_unknown_zones_and_short_passwords(app, database, org):
    runner = app.test_cli_runner()
    duplicate = runner.invoke(args=["orgs", "create", "pimms de dijon"])
    assert duplicate.exit_code != 0 and "Une organisation porte déjà ce nom." in duplicate.output
    zone = runner.invoke(args=["orgs", "create", "Autre", "--timezone", "Mars/Olympus"])
    assert zone.exit_code != 0 and "Fuseau horaire inconnu." in zone.output
    short = runner.invoke(args=["orgs", "create", "Autre", "--admin-email", "a@b.c", "--admin-password", "short"])
    assert short.exit_code != 0 and "Au moins 8 caractères." in short.output
    assert database.session.scalar(select(Organisation).where(Organisation.name == "Autre")) is None


def test_purge_deletes_old_notes_only_and_keeps_the_records(app, database, login_as, make_org):
    phone, mediator = login_as("mediator")
    shift = shift_record()
    old = intervention_record(shift["id"], note="Mme D., 12 rue X, très inquiète")
    recent = intervention_record(shift["id"], note="Rappel demain")
    assert phone.sync(shifts=[shift], interventions=[old, recent]).status_code == 200
    # The mediator corrected the old note once from the phone: the audit trail holds a copy.
    edited = {**old, "note": "Mme D., rappeler", "updated_at": recent["updated_at"]}
    phone.sync(interventions=[edited])
    old_id = uuid.UUID(old["id"])
    database.session.execute(
        update(Intervention).where(Intervention.id == old_id).values(occurred_at=utcnow() - timedelta(days=400))
    )
    database.session.commit()

    dry = app.test_cli_runner().invoke(args=["purge", "--dry-run"])
    assert "PIMMS de Dijon: would delete 1 notes" in dry.output
    assert database.session.get(Intervention, old_id).note == "Mme D., rappeler"

    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "PIMMS de Dijon: deleted 1 notes" in result.output and "(kept 365 days); 1 audit entries" in result.output
    database.session.expire_all()
    assert database.session.get(Intervention, old_id).note is None
    assert database.session.get(Intervention, uuid.UUID(recent["id"])).note == "Rappel demain"
    entry = database.session.scalar(select(AuditEntry).where(AuditEntry.entity_id == str(old_id)))
    assert entry.changes["note"] == [PURGED, PURGED]
    again = app.test_cli_runner().invoke(args=["purge"]).output
    assert "deleted 0 notes" in again and "0 audit entries" in again


def test_purge_follows_each_organisations_period(app, database, login_as, make_org, org):
    short = make_org("PIMMS court")
    short.organisation.note_retention_days = 30
    database.session.commit()
    kept_phone, _ = login_as("mediator")
    purged_phone, _ = login_as("mediator", organisation=short.organisation)
    ids = {}
    for name, phone in (("kept", kept_phone), ("purged", purged_phone)):
        shift = shift_record()
        record = intervention_record(shift["id"], note=f"note {name}")
        phone.sync(shifts=[shift], interventions=[record])
        ids[name] = uuid.UUID(record["id"])
    database.session.execute(
        update(Intervention).where(Intervention.id.in_(ids.values())).values(occurred_at=utcnow() - timedelta(days=60))
    )
    database.session.commit()
    output = app.test_cli_runner().invoke(args=["purge"]).output
    assert "PIMMS court: deleted 1 notes" in output and "PIMMS de Dijon: deleted 0 notes" in output
    database.session.expire_all()
    assert database.session.get(Intervention, ids["kept"]).note == "note kept"
    assert database.session.get(Intervention, ids["purged"]).note is None
