"""The yearly activity report on a known data set: counts, shares, profil type, hours, change."""

import html

import pytest

from tests.helpers import figure_row, intervention_record, shift_record


def _shift(day: str, start: str, end: str, **fields) -> dict:
    return shift_record(
        started_at=f"{day}T{start}:00+01:00",
        ended_at=f"{day}T{end}:00+01:00",
        updated_at=f"{day}T{end}:00+01:00",
        **fields,
    )


def _tap(shift: dict, time: str, **fields) -> dict:
    moment = f"{shift['started_at'][:10]}T{time}:00+01:00"
    return intervention_record(shift["id"], occurred_at=moment, updated_at=moment, **fields)


@pytest.fixture
def known_year(login_as, make_org):
    """2025: five tram taps (T1 and T2) and three post-office contacts; 2024: four tram taps."""
    phone, _ = login_as("mediator")
    tram = _shift("2025-03-10", "08:00", "11:30")
    tram_t2 = _shift("2025-06-10", "14:00", "16:00", site="t2")
    post = _shift("2025-04-01", "09:00", "12:00", mission="post", site="grangier")
    last_year = _shift("2024-05-02", "08:00", "10:00")
    unknown = {"gender": "unknown", "age_band": "unknown", "place": "post_office", "duration": None}
    records = [
        _tap(tram, "08:10", types=["itinerary"], gender="male", age_band="25_60"),
        _tap(tram, "08:20", types=["itinerary"], gender="male", age_band="25_60", people=2),
        _tap(tram, "08:30", types=["fares"], gender="female", age_band="under_25", duration="long"),
        _tap(
            tram,
            "08:40",
            types=["mask_reminder"],
            gender="male",
            age_band="over_60",
            mask_reminder=True,
            mask_outcome="complied",
        ),
        _tap(tram_t2, "14:30", types=["itinerary"], gender="female", age_band="25_60"),
        _tap(post, "09:10", types=["opening_hours", "forms"], people=2, rating=5, **unknown),
        _tap(post, "09:20", types=["online_bank"], rating=5, **unknown),
        _tap(post, "09:30", types=["forms", "online_bank", "opening_hours"], rating=3, **unknown),
        _tap(post, "09:40", types=["forms"], deleted=True, **unknown),
    ] + [_tap(last_year, f"08:{10 + n}", types=["itinerary"]) for n in range(4)]
    response = phone.sync(shifts=[tram, tram_t2, post, last_year], interventions=records)
    assert {result["status"] for result in response.json["results"]} == {"created"}
    # Another organisation's activity the same year must not count.
    stranger_org = make_org("PIMMS de Lyon").organisation
    stranger_phone, _ = login_as("mediator", organisation=stranger_org)
    theirs = _shift("2025-03-10", "08:00", "18:00")
    stranger_phone.sync(shifts=[theirs], interventions=[_tap(theirs, "09:00"), _tap(theirs, "10:00")])
    return stranger_org


def test_organisation_report_figures(login_as, known_year):
    coordinator, _ = login_as("coordinator")
    text = coordinator.read("/reports/annual?year=2025")
    assert "Rapport d’activité 2025" in text
    # Interventions 8 (+100 % on 4), people 10, motifs 11, hours 8.5 (+325 % on 2), shown as
    # whole hours as a report prints them.
    assert '8 <span class="change">(+100,0 % par rapport à 2024)' in text
    assert '10 <span class="change">' in text and '11 <span class="change">' in text
    assert '9 <span class="change">(+325,0 % par rapport à 2024)' in text
    # Share of each mission and kind of mediation in all contacts.
    assert figure_row("Divia — tram", 5, "62,5") in text
    assert figure_row("Pré-accueil La Poste", 3, "37,5") in text
    assert figure_row("Médiation postée", 3, "37,5") in text
    # Tram: motifs with percentages, profil type sentence, change, mask reminders.
    assert figure_row("Information itinéraire", 3, "60,0") in text
    assert (
        "Profil type d’une intervention : information itinéraire, de courte durée, "
        "auprès de clients masculins, ayant entre 25 et 60 ans." in text
    )
    assert '5 <span class="change">(+25,0 % par rapport à 2024)' in text
    assert "1 rappels, suivis d’effet dans 100,0 % des cas" in text
    # Post office: three motifs at a third each, 1.5 motif per person, satisfaction.
    assert figure_row("Horaires", 2, "33,3") in text
    assert "1,50 motifs par personne" in text
    assert "66,7 % de 5 étoiles sur 3 avis (moyenne 4,3 / 5)" in text
    # Hours per activity, from shift durations (5.5 this year, 2 last year; no teammates here,
    # so presence hours equal shift hours).
    assert figure_row("Divia — tram", 5, "62,5 %", 6, 6, 2, "+175,0 %") in text
    # Charts are inline SVG (they print) with their data table beside.
    assert text.count("<svg") >= 4 and "<script" not in text


def test_one_mission_report_and_isolation(login_as, known_year):
    coordinator, _ = login_as("coordinator")
    post = html.unescape(coordinator.get("/reports/annual?year=2025&mission=post").text)
    assert "Rapport d’activité 2025 — Pré-accueil La Poste" in post and "Divia — tram</h2>" not in post
    assert coordinator.get("/reports/annual?year=2025&mission=nope").status_code == 404
    assert coordinator.get("/reports/annual?year=20x5").status_code == 400
    stranger, _ = login_as("coordinator", organisation=known_year)
    theirs = html.unescape(stranger.get("/reports/annual?year=2025").text)
    assert "Pré-accueil La Poste</h2>" not in theirs
    assert '2 <span class="change">' in theirs  # their two taps only


def test_summary_api_agrees_with_the_report(login_as, known_year):
    coordinator, _ = login_as("coordinator")
    summary = coordinator.get("/api/reports/summary?from=2025-01-01&to=2025-12-31").json
    assert summary["interventions"] == 8 and summary["people"] == 10 and summary["motifs"] == 11
    assert summary["hours"] == 8.5 and summary["by_mission"] == {"tram": 5, "post": 3}
