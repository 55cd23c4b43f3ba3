"""The yearly report as funders read it: partner sections, profils that exist, demographics over
the missions that ask them, a year in progress against the same span, presence hours."""

from datetime import date

import pytest

from server.services.periods import resolve_period
from tests.helpers import (
    add_bus_mission,
    figure_row,
    intervention_record,
    local_today,
    page_text,
    shift_record,
)


def _shift(day: str, start: str, end: str, **fields) -> dict:
    return shift_record(
        started_at=f"{day}T{start}:00+01:00",
        ended_at=f"{day}T{end}:00+01:00",
        updated_at=f"{day}T{end}:00+01:00",
        **fields,
    )


def _taps(shift: dict, count: int, **fields) -> list[dict]:
    day = shift["started_at"][:10]
    return [
        intervention_record(
            shift["id"], occurred_at=f"{day}T{shift['started_at'][11:13]}:{10 + n:02d}:00+01:00", **fields
        )
        for n in range(count)
    ]


@pytest.fixture
def two_networks(login_as, org, database):
    """2025: Keolis runs tram and bus, which share the label "Information itinéraire"; La Poste
    never asks gender. Tram's own top motif is fares, bus's is the ticket machine, Keolis's is
    the itinerary (3 + 3)."""
    types = [("itinerary", "Information itinéraire"), ("ticket_machine", "Aide automate")]
    add_bus_mission(org.organisation.id, types, asks_duration=True, default_place="on_board")
    phone, _ = login_as("mediator")
    tram = _shift("2025-03-10", "08:00", "10:00")
    on_bus = _shift("2025-03-11", "08:00", "10:00", mission="bus", site="l3")
    post = _shift("2025-04-01", "09:00", "12:00", mission="post", site="grangier")
    unasked = {"gender": "unknown", "age_band": "unknown", "place": "post_office", "duration": None}
    records = (
        _taps(tram, 3, types=["itinerary"], gender="male")
        + _taps(tram, 4, types=["fares"], gender="male", age_band="over_60")
        + _taps(on_bus, 3, types=["itinerary"], gender="female")
        + _taps(on_bus, 4, types=["ticket_machine"], gender="female", age_band="under_25")
        + _taps(post, 6, types=["forms"], **unasked)
    )
    response = phone.sync(shifts=[tram, on_bus, post], interventions=records)
    assert {result["status"] for result in response.json["results"]} == {"created"}
    return org


def test_partner_section_adds_up_its_missions_with_a_profil_of_its_own(login_as, two_networks):
    coordinator, _ = login_as("coordinator")
    text = page_text(coordinator.get("/reports/annual?year=2025"))
    assert "Keolis : 14 interventions dans 2 missions" in text
    # Each mission's own profil (tram, bus), then the partner's, which differs from both.
    for profil in ("tarifs, billettique", "aide automate", "information itinéraire"):
        assert f"Profil type d’une intervention : {profil}" in text
    # The synthesis gives one profil per partner, never one mixing La Poste with the tram.
    assert "<strong>Keolis</strong> : information itinéraire, de courte durée" in text
    assert "<strong>La Poste</strong> : aide au remplissage des formulaires." in text
    # The partner's motif table merges the shared label: 6 of 14 motifs.
    assert figure_row("Information itinéraire", 6, "42,9") in text
    # Kinds of mediation are labelled from each mission's setting.
    assert figure_row("Médiation postée", 6, "30,0") in text
    assert figure_row("Médiation sortante", 14, "70,0") in text


def test_demographics_count_only_the_missions_that_ask(login_as, two_networks):
    coordinator, _ = login_as("coordinator")
    text = page_text(coordinator.get("/reports/annual?year=2025"))
    # La Poste's six "Non renseigné" never dilute the genders: 7 men and 7 women of 14 asked.
    assert figure_row("Homme", 7, "50,0") in text
    assert figure_row("Non renseigné", 6) not in text
    # An age table per section: Keolis's over-60s are 4 of 14.
    assert figure_row("Plus de 60 ans", 4, "28,6") in text


def test_a_partners_own_report_keeps_its_share_of_the_whole_organisation(login_as, two_networks):
    coordinator, _ = login_as("coordinator")
    text = coordinator.read("/reports/annual?year=2025&partner=La Poste")
    assert "Rapport d’activité 2025 — La Poste" in text
    assert "Synthèse" not in text and "Divia — tram</h" not in text
    assert "<dt>Part dans l’ensemble des contacts</dt><dd>30,0 %</dd>" in text  # 6 of 20, not 100 %
    assert coordinator.get("/reports/annual?year=2025&partner=Nobody").status_code == 404


def test_summary_by_partner_and_for_one_partner(login_as, two_networks):
    coordinator, _ = login_as("coordinator")
    whole = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31").json
    assert whole["by_partner"] == {"Keolis": 14, "La Poste": 6}
    keolis = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31&partner=Keolis").json
    assert keolis["interventions"] == 14 and keolis["by_mission"] == {"tram": 7, "bus": 7}
    assert keolis["by_type"] == {"itinerary": 6, "fares": 4, "ticket_machine": 4}
    both = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31&partner=Keolis&mission=bus").json
    assert both["interventions"] == 7
    unknown = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31&partner=Nobody")
    assert unknown.status_code == 404 and "partner" in unknown.json["error"]["fields"]


def test_person_hours_count_each_member_once(login_as, make_user, org):
    phone, mediator = login_as("mediator")
    mate_phone, mate = login_as("mediator", name="Coéquipière")
    alone_phone, alone = login_as("mediator", name="Coéquipier venu sans téléphone")
    # 2 h with a teammate who logs no shift at that time (his own is the next day): 4 person-hours.
    first = _shift("2025-05-05", "08:00", "10:00", teammates=[alone.id])
    assert alone_phone.sync(shifts=[_shift("2025-05-07", "08:00", "09:00")]).status_code == 200
    # 3 h with a teammate who logs her own shift at the same time: her hours are in hers.
    second = _shift("2025-05-06", "08:00", "11:00", teammates=[mate.id])
    assert phone.sync(shifts=[first, second]).status_code == 200
    hers = _shift("2025-05-06", "08:00", "11:00", teammates=[mediator.id])
    assert mate_phone.sync(shifts=[hers]).status_code == 200
    coordinator, _ = login_as("coordinator")
    summary = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31").json
    assert summary["hours"] == 9.0  # 2 + 3 + 3 + 1: each shift once
    assert summary["person_hours"] == 11.0  # 2 × 2 + 3 + 3 + 1


def test_a_year_in_progress_is_compared_with_the_same_span():
    period = resolve_period("year", date(2026, 1, 1), today=date(2026, 11, 29))
    assert (period.first, period.last) == (date(2026, 1, 1), date(2026, 11, 29))
    assert (period.previous_first, period.previous_last) == (date(2025, 1, 1), date(2025, 11, 29))
    assert period.year_to_date
    leap = resolve_period("year", date(2028, 1, 1), today=date(2028, 2, 29))
    assert leap.previous_last == date(2027, 2, 28)
    past = resolve_period("year", date(2025, 1, 1), today=date(2026, 11, 29))
    assert (past.last, past.previous_last, past.year_to_date) == (date(2025, 12, 31), date(2024, 12, 31), False)


def test_the_report_of_this_year_says_it_compares_the_same_span(login_as, org):
    phone, _ = login_as("mediator")
    coordinator, user = login_as("coordinator")
    today = local_today()
    this_year = _shift(f"{today.year}-01-01", "00:05", "00:30")
    last_january = _shift(f"{today.year - 1}-01-01", "00:05", "00:30")
    last_december = _shift(f"{today.year - 1}-12-31", "00:05", "00:30")
    shifts = [this_year, last_january, last_december]
    taps = [tap for shift in shifts for tap in _taps(shift, 1)]
    assert phone.sync(shifts=shifts, interventions=taps).status_code == 200
    text = page_text(coordinator.get(f"/reports/annual?year={today.year}"))
    if (today.month, today.day) == (12, 31):
        pytest.skip("on 31 December the year is whole")
    assert f"Année en cours : du 1er janvier au {today:%d/%m/%Y}" in text
    # Last December is after today's date: only last January is compared, +0 %, not −50 %.
    assert f'1 <span class="change">(+0,0 % par rapport à la même période de {today.year - 1})' in text
