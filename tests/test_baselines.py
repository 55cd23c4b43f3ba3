"""First year of use: last year's totals entered at the desk, so the report can compare."""

import pytest
from sqlalchemy import select

from server.models import AuditEntry, Baseline, InterventionType
from tests.helpers import intervention_record, local_today, page_text, shift_record


def _taps(login_as, day: str, count: int, **fields) -> None:
    phone, _ = login_as("mediator")
    shift = shift_record(started_at=f"{day}T08:00:00+01:00", updated_at=f"{day}T08:00:00+01:00", **fields)
    taps = [
        intervention_record(
            shift["id"], occurred_at=f"{day}T08:{10 + n}:00+01:00", updated_at=f"{day}T08:{10 + n}:00+01:00"
        )
        for n in range(count)
    ]
    results = phone.sync(shifts=[shift], interventions=taps).json["results"]
    assert {result["status"] for result in results} == {"created"}


def _type_id(database, mission, code: str) -> int:
    query = select(InterventionType.id).where(InterventionType.mission_id == mission.id, InterventionType.code == code)
    return database.session.scalar(query)


@pytest.fixture
def coordinator(login_as):
    client, _ = login_as("coordinator")
    return client


def test_entered_totals_are_compared_with_and_marked(database, login_as, org, coordinator):
    # 2025 is the first year in the tool: 9 tram interventions, 9 "itinerary" motifs.
    _taps(login_as, "2025-03-10", 9)
    itinerary = _type_id(database, org.tram, "itinerary")
    page = page_text(coordinator.get("/desk/baselines?year=2024"))
    assert "Divia — tram" in page and "Information itinéraire" in page
    form = {f"m{org.tram.id}_interventions": "8", f"m{org.tram.id}_people": "10", f"m{org.tram.id}_t{itinerary}": "6"}
    response = coordinator.post("/desk/baselines?year=2024", data=form)
    assert response.status_code == 302, page_text(response)

    report = page_text(coordinator.get("/reports/annual?year=2025"))
    assert '9 <span class="change">(+12,5 % par rapport à 2024)' in report
    assert "Chiffres 2024 saisis à la main, l’application n’en ayant pas (chiffres saisis) : Divia — tram." in report
    assert "2024 : chiffres saisis (pas d’interventions dans l’application pour cette année)." in report
    # Motifs: 9 now against 6 entered; people: 9 against 10.
    assert '9 <span class="change">(+50,0 % par rapport à 2024)' in report
    assert '9 <span class="change">(−10,0 % par rapport à 2024)' in report
    english = page_text(coordinator.get("/reports/annual?year=2025&lang=en"))
    assert "entered figures" in english

    entry = database.session.scalars(select(AuditEntry).where(AuditEntry.action == "baseline")).one()
    assert entry.entity == "mission" and entry.entity_id == str(org.tram.id)
    assert entry.changes == {
        "2024:interventions": [None, 8],
        "2024:people": [None, 10],
        "2024:itinerary": [None, 6],
    }
    # Saved again unchanged: no new entry; a cleared figure is audited, all cleared removes the row.
    assert coordinator.post("/desk/baselines?year=2024", data=form).status_code == 302
    assert len(database.session.scalars(select(AuditEntry).where(AuditEntry.action == "baseline")).all()) == 1
    assert coordinator.post("/desk/baselines?year=2024", data=dict.fromkeys(form, "")).status_code == 302
    assert database.session.scalars(select(Baseline)).all() == []
    assert "chiffres saisis" not in page_text(coordinator.get("/reports/annual?year=2025"))


def test_tallies_win_over_entered_figures_for_the_same_year(database, login_as, org, coordinator):
    _taps(login_as, "2024-05-02", 4)
    _taps(login_as, "2025-03-10", 5)
    form = {f"m{org.tram.id}_interventions": "1000"}
    page = coordinator.post("/desk/baselines?year=2024", data=form)
    assert page.status_code == 302
    sheet = page_text(coordinator.get("/desk/baselines?year=2024"))
    assert "L’application compte déjà 4 interventions en 2024 pour cette mission" in sheet
    report = page_text(coordinator.get("/reports/annual?year=2025"))
    assert '5 <span class="change">(+25,0 % par rapport à 2024)' in report
    assert "chiffres saisis" not in report


def test_bad_figures_are_refused_and_nothing_is_stored(database, org, coordinator):
    form = {
        f"m{org.tram.id}_interventions": "12",
        f"m{org.post.id}_interventions": "2,5",
        f"m{org.post.id}_people": "-3",
    }
    response = coordinator.post("/desk/baselines?year=2024", data=form)
    assert response.status_code == 400
    page = page_text(response)
    assert page.count("Un nombre entier, positif ou nul.") == 2 and 'value="2,5"' in page
    assert database.session.scalars(select(Baseline)).all() == []
    assert coordinator.get("/desk/baselines?year=1999").status_code == 400


def test_another_organisations_missions_cannot_be_given_figures(database, login_as, make_org, org):
    stranger_org = make_org("PIMMS de Lyon")
    stranger, _ = login_as("coordinator", organisation=stranger_org.organisation)
    page = page_text(stranger.get("/desk/baselines?year=2024"))
    assert f"m{org.tram.id}_interventions" not in page
    response = stranger.post("/desk/baselines?year=2024", data={f"m{org.tram.id}_interventions": "5"})
    # Inputs of missions that are not theirs are not on their form: ignored, never stored.
    assert response.status_code == 302
    assert database.session.scalars(select(Baseline).where(Baseline.mission_id == org.tram.id)).all() == []


def test_a_year_in_progress_is_not_compared_with_a_whole_entered_year(database, login_as, org, coordinator):
    # Entered totals cover all of last year: against January-to-today they would read as a fall.
    today = local_today()
    if (today.month, today.day) == (12, 31):
        pytest.skip("on 31 December the year is whole")
    _taps(login_as, f"{today.year}-01-01", 3)
    form = {f"m{org.tram.id}_interventions": "100"}
    assert coordinator.post(f"/desk/baselines?year={today.year - 1}", data=form).status_code == 302
    report = page_text(coordinator.get(f"/reports/annual?year={today.year}"))
    assert f"rien à comparer en {today.year - 1}" in report
    assert f"Les chiffres saisis pour {today.year - 1} couvrent l’année entière" in report
    assert "chiffres saisis (pas d’interventions" not in report
    # The whole year, once it is past, compares with them.
    previous = page_text(coordinator.get(f"/reports/annual?year={today.year - 1}"))
    assert '100 <span class="change">(rien à comparer' in previous
