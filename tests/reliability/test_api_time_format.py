"""One time format in every API answer (issue 10 item 14): ISO 8601 with its offset, UTC `+00:00`,
as `/api/sync` requires of the phone. Walks every operation of the OpenAPI document in a demo
session (each role that may call it) and checks every timestamp it answers."""

from __future__ import annotations

import re
from datetime import date, datetime

from server.services.demo import DEMO_ORGANISATION, DEMO_PASSWORD, load_demo
from server.services.networks import create_network, create_network_account, join_network
from server.services.organisations import find_organisation
from tests.helpers import ApiClient, intervention_record, shift_record

# Any string that starts like a timestamp: a date, then a time.
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
NETWORK_PASSWORD = "les chiffres de la fédération"
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$")


def _timestamps(value) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in _timestamps(item)]
    if isinstance(value, list):
        return [found for item in value for found in _timestamps(item)]
    return [value] if isinstance(value, str) and _TIMESTAMP.match(value) else []


def test_every_api_answer_gives_its_times_with_their_offset(app, database):
    load_demo(3)
    network = create_network("Union nationale")
    join_network(None, network, find_organisation(DEMO_ORGANISATION))
    create_network_account({"email": "reseau@example.org", "name": "Réseau", "password": NETWORK_PASSWORD}, network)
    today, year = date.today().isoformat(), date.today().year
    first = date(year - 1, 1, 1).isoformat()
    answers: dict[tuple[str, str], list] = {}

    def answered(method: str, path: str, response) -> None:
        assert response.status_code < 300, (method, path, response.status_code, response.get_data(as_text=True))
        answers.setdefault((method, path), []).append(response.json if response.data else None)

    signed_in = {}
    for email in ("mediateur@demo.mediatap.fr", "coordinatrice@demo.mediatap.fr", "reseau@example.org"):
        client = ApiClient(app.test_client())
        password = NETWORK_PASSWORD if email.startswith("reseau") else DEMO_PASSWORD
        answered("post", "/api/session", client.sign_in(email, password))
        answered("get", "/api/session", client.get("/api/session"))
        signed_in[email] = client

    phone = signed_in["mediateur@demo.mediatap.fr"]
    catalogue = phone.get("/api/catalogue")
    answered("get", "/api/catalogue", catalogue)
    mission = catalogue.json["missions"][0]
    places = [site["code"] for site in mission.get("sites", [])]
    shift = shift_record(mission=mission["code"], site=places[0] if places else None)
    kind = mission["types"][0]["code"]
    intervention = intervention_record(shift["id"], types=[kind])
    answered("post", "/api/sync", phone.sync([shift], [intervention]))

    desk = signed_in["coordinatrice@demo.mediatap.fr"]
    shifts = desk.get(f"/api/shifts?from={first}&to={today}")
    answered("get", "/api/shifts", shifts)
    assert shifts.json, "the demo has shifts"
    for listed in shifts.json[:5]:
        answered("get", "/api/shifts/{shift_id}", desk.get(f"/api/shifts/{listed['id']}"))
    answered("get", "/api/reports/summary", desk.get(f"/api/reports/summary?from={first}&to={today}"))
    indicators = desk.get(f"/api/indicators?year={year - 1}")
    answered("get", "/api/indicators", indicators)
    answered("put", "/api/indicators", desk.put("/api/indicators", json=[]))
    network_account = signed_in["reseau@example.org"]
    answered("get", "/api/network/summary", network_account.get(f"/api/network/summary?from={first}&to={today}"))
    answered(
        "put",
        "/api/session/password",
        phone.put("/api/session/password", json={"current_password": DEMO_PASSWORD, "new_password": "un tram bleu"}),
    )
    answered("delete", "/api/session", phone.delete("/api/session"))

    document = app.test_client().get("/api/openapi.json").json
    operations = {
        (method, path) for path, item in document["paths"].items() for method in item if method != "parameters"
    }
    # Every operation the document lists was called: a new one cannot escape the walk.
    assert operations == set(answers)
    found = [stamp for bodies in answers.values() for stamp in _timestamps(bodies)]
    by_operation = {operation: _timestamps(bodies) for operation, bodies in answers.items()}
    assert by_operation["get", "/api/shifts"] and by_operation["get", "/api/shifts/{shift_id}"]
    assert by_operation["post", "/api/sync"]
    assert [stamp for stamp in found if not _UTC.match(stamp)] == []
    # What the phone and its tests do with them: parse them back to the same instant.
    for stamp in found:
        assert datetime.fromisoformat(stamp).utcoffset().total_seconds() == 0


def test_the_openapi_document_says_which_times_carry_an_offset(app, database):
    schemas = app.test_client().get("/api/openapi.json").json["components"]["schemas"]
    times = {
        (name, field): spec
        for name, schema in schemas.items()
        for field, spec in schema.get("properties", {}).items()
        if spec.get("format") == "date-time" or field.endswith(("_at", "_time"))
    }
    assert ("Shift", "started_at") in times and ("Intervention", "occurred_at") in times
    for (name, field), spec in times.items():
        described = spec.get("description", "")
        assert "offset" in described or "ISO 8601" in described, (name, field, spec)
