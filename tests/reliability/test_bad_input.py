"""Bad input of every kind gets a clear 4xx and stores nothing half (issue: prove it, 8)."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from server.models import Intervention, Shift
from tests.helpers import intervention_record, now_iso, shift_record


def _stored(database) -> tuple[int, int]:
    return (
        database.session.scalar(select(func.count()).select_from(Shift)),
        database.session.scalar(select(func.count()).select_from(Intervention)),
    )


def _post(client, body: bytes, content_type="application/json"):
    return client.post("/api/sync", data=body, headers={"Content-Type": content_type})


def _envelope(**parts) -> dict:
    envelope = {"device_id": "phone", "client_time": now_iso(), "shifts": [], "interventions": []}
    envelope.update(parts)
    return envelope


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"x" * (5 * 1024 * 1024), "application/json", 413),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
        (b'{"device_id": "p", "shifts": [' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"]}", "application/json", 400),
        (b'{"device_id": "\xff\xfe", "client_time": "2026-11-28T10:00:00+01:00"}', "application/json", 400),
        (json.dumps(_envelope()).encode(), "text/plain", 400),
        (json.dumps(_envelope()).encode(), "application/x-www-form-urlencoded", 400),
        (b"", "application/json", 400),
        (b"null", "application/json", 400),
        (b'"a string"', "application/json", 400),
        (b"{}", "application/json", 400),
    ],
    ids=[
        "oversized",
        "deeply-nested-array",
        "deeply-nested-record",
        "invalid-utf8",
        "text-plain",
        "form",
        "empty",
        "null",
        "string",
        "empty-object",
    ],
)
def test_malformed_requests_are_clear_4xx(database, mediator, body, content_type, status):
    shift = shift_record()
    mediator.sync(shifts=[shift], interventions=[intervention_record(shift["id"])])
    before = _stored(database)
    response = _post(mediator, body, content_type)
    assert response.status_code == status
    assert response.is_json and set(response.json["error"]) == {"code", "message", "fields"}
    assert _stored(database) == before


def test_records_that_are_not_objects_are_refused(database, mediator):
    response = _post(mediator, json.dumps(_envelope(interventions=[1, "two", None, []])).encode())
    assert response.status_code == 400
    assert _stored(database) == (0, 0)


@pytest.mark.parametrize(
    "occurred_at",
    [
        "1970-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59+00:00",
        pytest.param(now_iso(timedelta(days=2)), id="two-days-ahead"),  # a fixed id: xdist workers must agree
        "2026-02-30T10:00:00+01:00",
        "2026-11-28T25:00:00+01:00",
        "2026-11-28T10:00:00+25:00",
    ],
)
def test_implausible_times_are_invalid_records(database, mediator, occurred_at):
    shift = shift_record()
    record = intervention_record(shift["id"], occurred_at=occurred_at)
    response = mediator.sync(shifts=[shift], interventions=[record])
    results = {result["id"]: result for result in response.json["results"]}
    assert results[record["id"]]["status"] == "invalid"
    assert "occurred_at" in results[record["id"]]["errors"]
    assert results[shift["id"]]["status"] == "created"
    assert _stored(database) == (1, 0)


def test_ten_thousand_types_in_one_record(database, mediator):
    shift = shift_record(mission="post", site="grangier")
    record = intervention_record(shift["id"], types=[f"type{n}" for n in range(10_000)])
    response = mediator.sync(shifts=[shift], interventions=[record])
    result = [r for r in response.json["results"] if r["id"] == record["id"]][0]
    assert result["status"] == "invalid" and "types" in result["errors"]
    assert _stored(database) == (1, 0)


def test_huge_strings_are_refused_field_by_field(database, mediator):
    shift = shift_record(mission="x" * 10_000)
    record = intervention_record(shift["id"], note="é" * 100_000)
    response = mediator.sync(shifts=[shift], interventions=[record])
    statuses = {result["id"]: result["status"] for result in response.json["results"]}
    assert statuses == {shift["id"]: "invalid", record["id"]: "invalid"}
    assert _stored(database) == (0, 0)
