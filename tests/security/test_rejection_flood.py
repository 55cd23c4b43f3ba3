"""A mediator cannot flood the rejection log, nor a colleague's shift page (issue 10, item 2)."""

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from server.models import SyncRejection
from server.services.sync import rejections
from tests.helpers import intervention_record, now_iso, shift_record


def _flood(shift_id: str, records: int, keys: int, key_length: int) -> list[dict]:
    flood = []
    for number in range(records):
        record = intervention_record(shift_id)
        record.update({f"{number:04}{key:04}".ljust(key_length, "x"): "y" * 20 for key in range(keys)})
        flood.append(record)
    return flood


def _send(client, interventions):
    body = json.dumps({"device_id": "phone", "client_time": now_iso(), "interventions": interventions})
    return client.post("/api/sync", data=body, headers={"Content-Type": "application/json"}), len(body)


def _stored_size(database) -> tuple[int, int]:
    rows = database.session.scalars(select(SyncRejection)).all()
    return len(rows), sum(len(json.dumps(row.errors)) + len(row.record_id or "") for row in rows)


def test_unknown_keys_aimed_at_a_colleagues_shift_leave_it_unflagged_and_the_log_bounded(database, login_as):
    coordinator, _ = login_as("coordinator")
    colleague, _ = login_as("mediator", name="Inès Collègue")
    attacker, _ = login_as("mediator", name="Xavier Flood")
    started = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    theirs = shift_record(started_at=started, updated_at=started)
    assert colleague.sync(shifts=[theirs]).status_code == 200

    response, size = _send(attacker, _flood(theirs["id"], records=200, keys=100, key_length=170))
    assert 3.8e6 < size < 4 * 1024 * 1024
    assert response.status_code == 200
    assert {result["status"] for result in response.json["results"]} == {"invalid"}
    # The answer names the refused keys, a bounded number of them, cut to size.
    errors = response.json["results"][0]["errors"]
    assert len(errors) <= rejections.ERROR_KEYS + 1 and all(len(name) <= rejections.KEY_LENGTH for name in errors)

    count, stored = _stored_size(database)
    assert count <= rejections.PER_BATCH
    assert stored < 64 * 1024, stored
    assert database.session.scalar(select(func.count()).where(SyncRejection.shift_id == theirs["id"])) == 0

    today = datetime.now(UTC).date()
    listing = coordinator.get(f"/desk/shifts?from={today - timedelta(days=1)}&to={today}").text
    row = next(row for row in listing.split("<tbody>")[1].split("<tr") if "Inès Collègue" in row)
    assert ">Saisies refusées</span>" not in row
    page = coordinator.get(f"/desk/shifts/{theirs['id']}")
    assert page.status_code == 200 and "xxxxxxxx" not in page.text and len(page.data) < 100_000


def test_a_senders_own_shift_keeps_a_bounded_log_with_names_cut_to_size(database, login_as, monkeypatch):
    monkeypatch.setattr(rejections, "PER_SHIFT", 30)
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator")
    started = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    mine = shift_record(started_at=started, updated_at=started)
    assert phone.sync(shifts=[mine]).status_code == 200
    for _ in range(3):
        response, _size = _send(phone, _flood(mine["id"], records=50, keys=40, key_length=500))
        assert response.status_code == 200
    count = database.session.scalar(select(func.count()).where(SyncRejection.shift_id == mine["id"]))
    assert count == 30
    _count, stored = _stored_size(database)
    assert stored < 30 * 4 * 1024, stored
    page = coordinator.get(f"/desk/shifts/{mine['id']}")
    assert "Saisies refusées par le serveur" in page.text
    assert "x" * (rejections.KEY_LENGTH + 1) not in page.text
    assert len(page.data) < 200_000
