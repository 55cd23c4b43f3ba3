"""GET /api/reports/summary's by_partner (issue 12): missions without a partner are in no
partner's figure, never under an empty name; they still count in the totals."""

from server.models import Mission
from tests.helpers import intervention_record, shift_record


def test_missions_without_a_partner_are_left_out_of_by_partner(database, login_as, org):
    database.session.get(Mission, org.tram.id).partner = ""  # the organisation's own mission
    database.session.commit()
    phone, _ = login_as("mediator")
    tram = shift_record(started_at="2025-03-10T08:00:00+01:00", updated_at="2025-03-10T08:00:00+01:00")
    post = shift_record(
        mission="post", site="grangier", started_at="2025-03-11T08:00:00+01:00", updated_at="2025-03-11T08:00:00+01:00"
    )
    taps = [
        intervention_record(tram["id"], occurred_at="2025-03-10T08:10:00+01:00"),
        intervention_record(tram["id"], occurred_at="2025-03-10T08:20:00+01:00"),
        intervention_record(post["id"], occurred_at="2025-03-11T08:10:00+01:00", types=["forms"], place="post_office"),
    ]
    phone.sync(shifts=[tram, post], interventions=taps)
    coordinator, _ = login_as("coordinator")
    summary = coordinator.get("/api/reports/summary?from=2025-03-01&to=2025-03-31").json
    assert summary["by_partner"] == {"La Poste": 1}
    assert summary["interventions"] == 3 and summary["by_mission"] == {"tram": 2, "post": 1}

    spec = coordinator.get("/api/openapi.json").json
    described = spec["components"]["schemas"]["Summary"]["properties"]["by_partner"]["description"]
    assert "without a partner" in described
