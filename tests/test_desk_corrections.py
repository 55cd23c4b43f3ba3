"""Corrections from the desk: audited, never duplicated, and kept when the phone replays."""

import uuid

from sqlalchemy import func, select

from server.models import AuditEntry, Intervention, Shift
from server.services import tally_recount as tallies
from tests.helpers import CORRECTION_FORM as FORM
from tests.helpers import intervention_record, shift_record


def _setup(login_as):
    coordinator, boss = login_as("coordinator", name="Claire Morel")
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2026-03-02T08:00:00+01:00", updated_at="2026-03-02T08:00:00+01:00")
    record = intervention_record(
        shift["id"], occurred_at="2026-03-02T09:10:00+01:00", updated_at="2026-03-02T09:10:00+01:00"
    )
    assert phone.sync(shifts=[shift], interventions=[record]).status_code == 200
    return coordinator, phone, shift, record


def test_a_correction_is_audited_and_survives_the_phone_replay(database, login_as):
    coordinator, phone, shift, record = _setup(login_as)
    url = f"/desk/interventions/{record['id']}/edit"
    response = coordinator.submit(url, {**FORM, "reason": "Le client avait plus de 60 ans"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/desk/shifts/{shift['id']}"

    row = database.session.get(Intervention, uuid.UUID(record["id"]))
    assert (row.gender, row.age_band, row.place, row.people, row.duration) == ("male", "over_60", "stop", 2, "long")
    assert [motif.type.code for motif in row.motifs] == ["fares"]
    assert row.corrected_at is not None and row.occurred_hour == 9

    # The audit trail, shown on the record and on its shift, says who, why, before and after.
    for page in (coordinator.get(url).text, coordinator.get(f"/desk/shifts/{shift['id']}").text):
        assert "Claire Morel" in page and "Le client avait plus de 60 ans" in page
        assert "Tranche d’âge : 25–60 ans → Plus de 60 ans" in page

    # The phone, which never saw the correction, replays its old copy, then edits it.
    replay = phone.sync(shifts=[shift], interventions=[record])
    assert [result["status"] for result in replay.json["results"]] == ["unchanged", "conflict"]
    edited = dict(record, gender="female", updated_at="2026-03-02T10:00:00+01:00")
    assert phone.sync(interventions=[edited]).json["results"][0]["status"] == "conflict"
    database.session.expire_all()
    assert database.session.get(Intervention, uuid.UUID(record["id"])).age_band == "over_60"
    assert database.session.scalar(select(func.count()).select_from(Intervention)) == 1
    assert tallies.stored(row.organisation_id) == tallies.recount(row.organisation_id)


def test_a_correction_needs_a_reason_and_shows_errors_in_place(database, login_as):
    coordinator, _, _, record = _setup(login_as)
    url = f"/desk/interventions/{record['id']}/edit"
    response = coordinator.submit(url, {**FORM, "people": "0", "reason": ""})
    assert response.status_code == 400
    assert "Champ obligatoire." in response.text and "Entre 1 et 500 personnes." in response.text
    assert "Traceback" not in response.text
    # The page keeps what was typed.
    assert 'value="over_60" selected' in response.text
    unchanged = coordinator.submit(url, {**FORM, **_as_form(record), "reason": "Rien"})
    assert unchanged.status_code == 400 and "Rien n’a changé." in unchanged.text
    row = database.session.get(Intervention, uuid.UUID(record["id"]))
    assert row.corrected_at is None and row.age_band == "25_60"
    assert database.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def _as_form(record: dict) -> dict:
    return {
        "occurred_at": "2026-03-02T09:10",
        "types": record["types"],
        "gender": record["gender"],
        "age_band": record["age_band"],
        "place": record["place"],
        "people": str(record["people"]),
        "duration": record["duration"],
    }


def test_delete_and_restore_with_a_reason(database, login_as):
    coordinator, phone, shift, record = _setup(login_as)
    refused = coordinator.submit(f"/desk/interventions/{record['id']}/delete", {"reason": ""})
    assert refused.status_code == 302 and "/edit" in refused.headers["Location"]
    assert "Indiquez la raison" in coordinator.get(refused.headers["Location"]).text

    assert coordinator.submit(f"/desk/interventions/{record['id']}/delete", {"reason": "Doublon"}).status_code == 302
    assert phone.sync(interventions=[record]).json["results"][0]["status"] == "gone"
    summary = coordinator.get("/api/reports/summary?from=2026-03-02&to=2026-03-02").json
    assert summary["interventions"] == 0

    assert (
        coordinator.submit(f"/desk/interventions/{record['id']}/restore", {"reason": "Pas un doublon"}).status_code
        == 302
    )
    assert coordinator.get("/api/reports/summary?from=2026-03-02&to=2026-03-02").json["interventions"] == 1
    actions = database.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["delete", "restore"]

    # A deleted shift leaves the hours; restoring brings them back.
    assert coordinator.submit(f"/desk/shifts/{shift['id']}/delete", {"reason": "Test"}).status_code == 302
    assert database.session.get(Shift, uuid.UUID(shift["id"])).deleted is True
    assert "Supprimée" in coordinator.get("/desk/shifts?from=2026-03-01&to=2026-03-03").text


def test_shift_correction_moves_its_interventions_to_the_new_line(database, login_as):
    coordinator, phone, shift, record = _setup(login_as)
    response = coordinator.submit(
        f"/desk/shifts/{shift['id']}/edit",
        {"site": "t2", "started_at": "2026-03-02T08:00", "ended_at": "2026-03-02T11:30", "reason": "Oubli de fin"},
    )
    assert response.status_code == 302
    row = database.session.get(Shift, uuid.UUID(shift["id"]))
    assert row.site.code == "t2" and row.duration_seconds == 3.5 * 3600 and row.corrected_at is not None
    assert database.session.get(Intervention, uuid.UUID(record["id"])).site_id == row.site_id
    assert tallies.stored(row.organisation_id) == tallies.recount(row.organisation_id)
    # The phone's own end of shift, sent later, does not undo the coordinator's.
    late_end = dict(shift, ended_at="2026-03-02T12:00:00+01:00", updated_at="2026-03-02T12:00:00+01:00")
    assert phone.sync(shifts=[late_end]).json["results"][0]["status"] == "conflict"
    bad = coordinator.submit(
        f"/desk/shifts/{shift['id']}/edit",
        {"site": "t1", "started_at": "2026-03-02T08:00", "ended_at": "2026-03-02T07:00", "reason": "Essai"},
    )
    assert bad.status_code == 400 and "La fin ne peut pas précéder le début." in bad.text
