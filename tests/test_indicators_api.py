"""PUT and GET /api/indicators: a PIMMS imports a year's figures from its spreadsheet."""

import pytest
from sqlalchemy import func, select

from server.models import AuditEntry, Indicator, IndicatorValue


def _put(client, rows, token: str | None = "session"):
    headers = {"X-CSRFToken": client.csrf_token} if token == "session" else {}
    return client.client.put("/api/indicators", json=rows, headers=headers)


@pytest.fixture
def indicators(database, org):
    """Training hours (the organisation's, monthly) and letters (the tram's, yearly)."""
    organisation_id = org.organisation.id
    rows = [
        Indicator(organisation_id=organisation_id, code="training_hours", label="Heures de formation", unit="hours"),
        Indicator(
            organisation_id=organisation_id,
            mission_id=org.tram.id,
            code="letters",
            label="Courriers",
            label_en="Letters",
            unit="count",
            periodicity="yearly",
        ),
    ]
    database.session.add_all(rows)
    database.session.commit()
    return rows


ROWS = [
    {"indicator": "training_hours", "year": 2024, "month": 1, "value": 12.5},
    {"indicator": "training_hours", "year": 2024, "month": 2, "value": 10},
    {"indicator": "letters", "year": 2024, "value": 340},
]


def _entries(database) -> int:
    return database.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "indicator"))


def test_put_then_get_round_trip_and_a_replay_changes_nothing(database, login_as, indicators):
    coordinator, _ = login_as("coordinator")
    response = _put(coordinator, ROWS)
    assert response.status_code == 200, response.json
    assert response.json == {"changed": 3, "unchanged": 0}
    audited = _entries(database)
    assert audited == 2  # one entry per indicator and year
    # Idempotent: the same request again leaves the same state and no new audit entry.
    assert _put(coordinator, ROWS).json == {"changed": 0, "unchanged": 3}
    assert _entries(database) == audited

    document = coordinator.get("/api/indicators?year=2024").json
    assert document["year"] == 2024
    assert document["values"] == [
        {"indicator": "training_hours", "year": 2024, "month": 1, "value": 12.5},
        {"indicator": "training_hours", "year": 2024, "month": 2, "value": 10},
        {"indicator": "letters", "year": 2024, "month": None, "value": 340},
    ]
    described = {item["code"]: item for item in document["indicators"]}
    assert described["training_hours"]["total"] == 22.5 and described["training_hours"]["mission"] is None
    assert described["letters"] == {
        "code": "letters",
        "label": "Courriers",
        "label_en": "Letters",
        "unit": "count",
        "periodicity": "yearly",
        "mission": "tram",
        "archived": False,
        "total": 340,
    }
    # What GET answers can be PUT back as is; a null value clears one.
    assert _put(coordinator, document["values"]).json == {"changed": 0, "unchanged": 3}
    assert _put(coordinator, [{"indicator": "letters", "year": 2024, "value": None}]).json["changed"] == 1
    assert coordinator.get("/api/indicators?year=2023").json["values"] == []


def test_every_bad_row_is_refused_and_nothing_is_stored(database, login_as, indicators):
    coordinator, _ = login_as("coordinator")
    rows = [
        {"indicator": "training_hours", "year": 2024, "month": 3, "value": 8},  # fine on its own
        {"indicator": "nope", "year": 2024, "month": 1, "value": 1},
        {"indicator": "training_hours", "year": 2024, "value": 1},
        {"indicator": "letters", "year": 2024, "month": 5, "value": 1},
        {"indicator": "letters", "year": 2025, "value": 2.5},
        {"indicator": "training_hours", "year": 2024, "month": 4, "value": 1.005},
        {"indicator": "training_hours", "year": 2024, "month": 3, "value": 9},
    ]
    response = _put(coordinator, rows)
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid" and "rien n’a été enregistré" in error["message"]
    fields = error["fields"]
    assert set(fields) == {"1", "2", "3", "4", "5", "6"}
    assert "indicator" in fields["1"] and "month" in fields["2"] and "month" in fields["3"]
    assert fields["4"] == {"value": ["Un nombre entier."]} and fields["5"] == {"value": ["Deux décimales au plus."]}
    assert "_schema" in fields["6"]  # the same month twice in one request
    assert database.session.scalars(select(IndicatorValue)).all() == []

    # Shapes are checked first, with the same error shape.
    shape = _put(coordinator, [{"indicator": "letters", "year": 1990, "value": -1, "extra": True}])
    assert shape.status_code == 400
    assert set(shape.json["error"]["fields"]["0"]) == {"year", "value", "extra"}
    assert _put(coordinator, {"indicator": "letters"}).status_code == 400
    assert database.session.scalars(select(IndicatorValue)).all() == []


def test_only_coordinators_and_admins_with_the_token_may_write(database, api, login_as, indicators):
    mediator, _ = login_as("mediator")
    assert _put(mediator, ROWS).status_code == 403
    assert mediator.get("/api/indicators?year=2024").status_code == 403
    admin, _ = login_as("admin")
    missing = _put(admin, ROWS, token=None)
    assert missing.status_code == 400 and missing.json["error"]["code"] == "csrf_failed"
    assert _put(admin, ROWS).status_code == 200
    assert api.get("/api/indicators?year=2024").json["error"]["code"] == "unauthenticated"


def test_another_organisations_indicators_are_neither_readable_nor_writable(database, login_as, make_org, indicators):
    coordinator, _ = login_as("coordinator")
    assert _put(coordinator, ROWS).status_code == 200
    stranger_org = make_org("PIMMS de Lyon").organisation
    stranger, _ = login_as("coordinator", organisation=stranger_org)
    document = stranger.get("/api/indicators?year=2024").json
    assert document == {"year": 2024, "indicators": [], "values": []}
    refused = _put(stranger, [{"indicator": "training_hours", "year": 2024, "month": 1, "value": 999}])
    assert refused.status_code == 400 and "indicator" in refused.json["error"]["fields"]["0"]
    # Their own indicator may share the code; each organisation reads and writes its own.
    database.session.add(Indicator(organisation_id=stranger_org.id, code="training_hours", label="Formation Lyon"))
    database.session.commit()
    assert _put(stranger, [{"indicator": "training_hours", "year": 2024, "month": 1, "value": 999}]).status_code == 200
    mine = coordinator.get("/api/indicators?year=2024").json
    assert {"indicator": "training_hours", "year": 2024, "month": 1, "value": 12.5} in mine["values"]
    assert "Formation Lyon" not in str(mine)


def test_the_openapi_document_describes_the_import(app, database):
    document = app.test_client().get("/api/openapi.json").json
    operations = document["paths"]["/api/indicators"]
    assert {"get", "put"} <= set(operations)
    assert {"200", "400", "401", "403"} <= set(operations["put"]["responses"])
    body = operations["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["type"] == "array" and body["items"]["$ref"].endswith("/IndicatorValue")
    schemas = document["components"]["schemas"]
    assert "rating_scale" in schemas["CatalogueMission"]["properties"]
    assert "three_levels" in schemas["Vocabularies"]["properties"]
