"""Values no phone or browser sends, but an attacker can: one record or one parameter gets a
clear refusal, never a 500 and never the whole batch (issue 10, item 3)."""

import json

import pytest
from sqlalchemy import func, select

from server.models import Intervention, SyncRejection
from tests.helpers import intervention_record, now_iso, page_text, shift_record, shown_in_correction_form


def _sync(client, shifts=(), interventions=(), client_time=None):
    envelope = {
        "device_id": "phone",
        "client_time": client_time or now_iso(),
        "shifts": list(shifts),
        "interventions": list(interventions),
    }
    # json.dumps writes a lone surrogate as the escape \ud800, as a hostile client would.
    return client.post("/api/sync", data=json.dumps(envelope), headers={"Content-Type": "application/json"})


def _results(response) -> dict:
    assert response.status_code == 200, response.json
    return {result["id"]: result for result in response.json["results"]}


@pytest.mark.parametrize(
    "field, value",
    [
        ("id", "\ud800"),
        ("id", "abc\x00def"),
        ("shift_id", "\udfff"),
        ("shift_id", "6b1f\x00"),
        ("occurred_at", "9999-12-31T23:59:59-14:00"),
        ("occurred_at", "0001-01-01T00:00:00+14:00"),
        ("updated_at", "9999-12-31T23:59:59-14:00"),
    ],
    ids=["id-surrogate", "id-nul", "shift-surrogate", "shift-nul", "year-10000", "year-0", "updated-year-10000"],
)
def test_one_odd_intervention_is_invalid_and_the_others_are_stored(database, mediator, field, value):
    shift = shift_record()
    good = intervention_record(shift["id"])
    odd = dict(intervention_record(shift["id"]), **{field: value})
    response = _sync(mediator, shifts=[shift], interventions=[good, odd])
    results = _results(response)
    assert results[good["id"]]["status"] == "created"
    assert results[shift["id"]]["status"] == "created"
    odd_result = results[odd["id"]]
    assert odd_result["status"] == "invalid" and field in odd_result["errors"]
    assert database.session.scalar(select(func.count()).select_from(Intervention)) == 1
    # The refusal is kept for review, its id stored in a form both databases accept.
    assert database.session.scalar(select(func.count()).select_from(SyncRejection)) == 1


@pytest.mark.parametrize("value", ["\ud800", "a\x00b"], ids=["surrogate", "nul"])
def test_an_odd_shift_id_is_invalid(database, mediator, value):
    odd = dict(shift_record(), id=value)
    good = shift_record()
    results = _results(_sync(mediator, shifts=[odd, good]))
    assert results[good["id"]]["status"] == "created"
    assert results[value]["status"] == "invalid" and "id" in results[value]["errors"]


@pytest.mark.parametrize("client_time", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_an_envelope_time_beyond_the_calendar_is_400(database, mediator, client_time):
    shift = shift_record()
    response = _sync(mediator, shifts=[shift], client_time=client_time)
    assert response.status_code == 400
    assert "client_time" in response.json["error"]["fields"]


@pytest.mark.parametrize(
    "spelling",
    [str.upper, lambda text: "{" + text + "}", lambda text: text.replace("-", "")],
    ids=["upper", "braces", "no-hyphens"],
)
def test_a_non_canonical_uuid_is_answered_in_the_spelling_sent(database, mediator, spelling):
    shift = shift_record()
    shift["id"] = spelling(shift["id"])
    record = intervention_record(shift["id"])
    record["id"] = spelling(record["id"])
    for expected in ("created", "unchanged"):
        results = _results(_sync(mediator, shifts=[shift], interventions=[record]))
        assert set(results) == {shift["id"], record["id"]}
        assert {result["status"] for result in results.values()} == {expected}


@pytest.mark.parametrize(
    "url",
    [
        "/reports/annual?year=%C2%B2",
        "/reports/annual?year=99999999999999999999999",
    ],
)
def test_odd_report_parameters_are_a_page_not_a_500(login_as, url):
    coordinator, _ = login_as("coordinator")
    response = coordinator.get(url)
    assert response.status_code in (200, 400)
    assert "Rapport" in page_text(response) or "rapport" in page_text(response)


@pytest.mark.parametrize("page", ["%C2%B2", "99999999999999999999999", "-1", "0"])
def test_odd_audit_pages_are_answered(login_as, page):
    admin, _ = login_as("admin")
    response = admin.get(f"/admin/audit?page={page}")
    assert response.status_code == 200


def test_a_line_break_in_the_language_switchs_next_is_not_a_header(api):
    response = api.get("/language/fr?next=/%0D%0AX:1")
    assert response.status_code == 302
    assert "X" not in response.headers or response.headers.get("X") != "1"
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]


@pytest.mark.parametrize("typed", ["0001-03-02T09:10", "9999-12-31T23:59"])
def test_a_correction_in_year_1_or_9999_is_refused_with_a_message(database, login_as, typed):
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator")
    shift = shift_record()
    record = intervention_record(shift["id"])
    assert _results(_sync(phone, shifts=[shift], interventions=[record]))[record["id"]]["status"] == "created"
    form = shown_in_correction_form(reason="Année", occurred_at=typed)
    response = coordinator.submit(f"/desk/interventions/{record['id']}/edit", form)
    assert response.status_code == 400
    assert "Date impossible" in page_text(response)
    shift_form = {"site": "t1", "started_at": typed, "ended_at": "", "reason": "Année"}
    response = coordinator.submit(f"/desk/shifts/{shift['id']}/edit", shift_form)
    assert response.status_code == 400
    assert "Date impossible" in page_text(response)
