"""GET /api/reports/summary on a known data set."""

from datetime import date, datetime, timedelta, timezone

from tests.helpers import intervention_record, shift_record

PARIS_WINTER = timezone(timedelta(hours=1))


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS_WINTER).isoformat()


def test_summary_counts_a_known_day(login_as):
    mediator, _ = login_as("mediator")
    coordinator, _ = login_as("coordinator")
    day = date.today() - timedelta(days=1)
    tram = shift_record(started_at=_at(day, 8), ended_at=_at(day, 11, 30), updated_at=_at(day, 11, 30))
    post = shift_record(
        mission="post", site="grangier", started_at=_at(day, 13), ended_at=_at(day, 15), updated_at=_at(day, 15)
    )
    records = [
        intervention_record(tram["id"], occurred_at=_at(day, 9), types=["itinerary"], gender="male", people=2),
        intervention_record(
            tram["id"], occurred_at=_at(day, 9, 5), types=["itinerary"], gender="male", age_band="over_60"
        ),
        intervention_record(
            tram["id"],
            occurred_at=_at(day, 9, 10),
            types=["mask_reminder"],
            mask_reminder=True,
            mask_outcome="complied",
        ),
        intervention_record(
            tram["id"], occurred_at=_at(day, 9, 20), types=["mask_reminder"], mask_reminder=True, mask_outcome="refused"
        ),
        intervention_record(
            post["id"],
            occurred_at=_at(day, 14),
            types=["opening_hours", "forms"],
            gender="unknown",
            age_band="unknown",
            place="post_office",
            duration=None,
            people=3,
        ),
    ]
    deleted = intervention_record(tram["id"], occurred_at=_at(day, 10), deleted=True)
    other_day = intervention_record(tram["id"], occurred_at=_at(day - timedelta(days=1), 23, 30))
    response = mediator.sync(shifts=[tram, post], interventions=records + [deleted, other_day])
    assert {result["status"] for result in response.json["results"]} == {"created"}

    summary = coordinator.get(f"/api/reports/summary?from={day}&to={day}").json
    assert summary["from"] == summary["to"] == day.isoformat()
    assert summary["interventions"] == 5
    assert summary["people"] == 2 + 1 + 1 + 1 + 3
    assert summary["motifs"] == 6
    assert summary["by_type"] == {"itinerary": 2, "mask_reminder": 2, "opening_hours": 1, "forms": 1}
    assert summary["by_gender"] == {"male": 2, "female": 2, "unknown": 1}
    assert summary["by_age_band"] == {"25_60": 3, "over_60": 1, "unknown": 1}
    assert summary["by_place"] == {"on_board": 4, "post_office": 1}
    assert summary["by_mission"] == {"tram": 4, "post": 1}
    assert summary["mask_reminders"] == 2
    assert summary["mask_complied"] == 1
    assert summary["hours"] == 5.5
    assert summary["profile"] == {"type": "itinerary", "duration": "short", "gender": "female", "age_band": "25_60"}

    post_only = coordinator.get(f"/api/reports/summary?from={day}&to={day}&mission=post").json
    assert post_only["interventions"] == 1 and post_only["motifs"] == 2 and post_only["hours"] == 2.0


def test_summary_is_for_coordinators_of_the_organisation(login_as):
    mediator, _ = login_as("mediator")
    assert mediator.get("/api/reports/summary?from=2026-01-01&to=2026-01-31").status_code == 403
    coordinator, _ = login_as("coordinator")
    assert coordinator.get("/api/reports/summary?from=2026-02-01&to=2026-01-31").status_code == 400
    assert coordinator.get("/api/reports/summary?from=2026-01-01").status_code == 400
    assert coordinator.get("/api/reports/summary?from=2026-01-01&to=2026-01-31&mission=zzz").status_code == 404
