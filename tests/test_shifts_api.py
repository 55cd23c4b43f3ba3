"""GET /api/shifts and /api/shifts/<id>: own shifts for mediators, the organisation's for coordinators."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.helpers import TEST_TIMEZONE, intervention_record, now_iso, shift_record


def _log_shift(client, count=2, mission="tram", site="t1", types=("itinerary",)):
    shift = shift_record(mission=mission, site=site)
    records = [intervention_record(shift["id"], types=list(types)) for _ in range(count)]
    client.sync(shifts=[shift], interventions=records)
    return shift, records


def test_mediator_sees_only_own_shifts(login_as):
    karim, _ = login_as("mediator")
    sofia, _ = login_as("mediator")
    mine, _ = _log_shift(karim, 3)
    _log_shift(sofia, 1)
    listed = karim.get("/api/shifts").json
    assert [shift["id"] for shift in listed] == [mine["id"]]
    assert listed[0]["intervention_count"] == 3
    assert listed[0]["mission"] == "tram" and listed[0]["site"] == "t1"


def test_coordinator_sees_the_organisation_and_filters(login_as, make_org):
    karim, karim_user = login_as("mediator")
    sofia, _ = login_as("mediator")
    coordinator, _ = login_as("coordinator")
    outsider, _ = login_as("coordinator", organisation=make_org("Ailleurs").organisation)
    shift, _ = _log_shift(karim)
    _log_shift(sofia, mission="post", site="grangier", types=("forms",))
    assert len(coordinator.get("/api/shifts").json) == 2
    assert len(coordinator.get(f"/api/shifts?mediator={karim_user.id}").json) == 1
    assert [s["mission"] for s in coordinator.get("/api/shifts?mission=post").json] == ["post"]
    # The day the shifts started where the organisation works (near midnight, not the UTC day).
    day = datetime.fromisoformat(shift["started_at"]).astimezone(ZoneInfo(TEST_TIMEZONE)).date()
    assert len(coordinator.get(f"/api/shifts?from={day}&to={day}").json) == 2
    assert coordinator.get("/api/shifts?from=2001-01-01&to=2001-01-02").json == []
    assert outsider.get("/api/shifts").json == []


def test_shift_detail_with_interventions_and_isolation(login_as, make_org):
    karim, _ = login_as("mediator")
    sofia, _ = login_as("mediator")
    outsider, _ = login_as("coordinator", organisation=make_org("Ailleurs").organisation)
    shift, records = _log_shift(karim, 2)
    tombstone = dict(records[1], deleted=True, updated_at=now_iso())
    karim.sync(interventions=[tombstone])
    detail = karim.get(f"/api/shifts/{shift['id']}").json
    assert detail["intervention_count"] == 1
    assert {row["id"] for row in detail["interventions"]} == {records[0]["id"], records[1]["id"]}
    assert [row["deleted"] for row in detail["interventions"] if row["id"] == records[1]["id"]] == [True]
    assert detail["interventions"][0]["types"] == ["itinerary"]
    assert sofia.get(f"/api/shifts/{shift['id']}").status_code == 404
    assert outsider.get(f"/api/shifts/{shift['id']}").status_code == 404
    assert karim.get(f"/api/shifts/{uuid.uuid4()}").status_code == 404


def test_bad_filters_are_400(login_as):
    client, _ = login_as("coordinator")
    response = client.get("/api/shifts?from=yesterday")
    assert response.status_code == 400
    assert "from" in response.json["error"]["fields"]
    assert client.get("/api/shifts?colour=blue").status_code == 400


def test_a_shift_keeps_its_json_shape(login_as):
    """The schema dumps the rows: every key, teammates as ids, a missing site as null."""
    karim, karim_user = login_as("mediator", name="Karim Tram")
    _, sofia_user = login_as("mediator")
    shift = shift_record(site=None, teammates=[sofia_user.id])
    karim.sync(shifts=[shift], interventions=[intervention_record(shift["id"])])
    listed = karim.get("/api/shifts").json[0]
    shift_keys = (
        "id mission site started_at ended_at teammates mediator deleted updated_at received_at intervention_count"
    )
    assert set(listed) == set(shift_keys.split())
    assert (listed["mission"], listed["site"], listed["ended_at"]) == ("tram", None, None)
    assert listed["teammates"] == [sofia_user.id]
    assert listed["mediator"] == {"id": karim_user.id, "name": "Karim Tram"}
    detail = karim.get(f"/api/shifts/{shift['id']}").json
    assert {key: value for key, value in detail.items() if key != "interventions"} == listed
    row = detail["interventions"][0]
    record_keys = (
        "id shift_id occurred_at utc_offset_minutes types gender age_band place people duration"
        " mask_reminder mask_outcome rating note deleted updated_at received_at"
    )
    assert set(row) == set(record_keys.split())
    assert (row["shift_id"], row["types"], row["rating"]) == (shift["id"], ["itinerary"], None)
