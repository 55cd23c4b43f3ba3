"""The dashboard: a period's figures, breakdowns, heat map and trend, against the period before."""

from datetime import date

from server.services.periods import resolve_period
from tests.helpers import figure_row, intervention_record, page_text, shift_record


def _tap(shift, moment, **fields):
    return intervention_record(shift["id"], occurred_at=moment, updated_at=moment, **fields)


def test_dashboard_compares_with_the_previous_month(login_as):
    phone, _ = login_as("mediator", name="Yann Tram")
    coordinator, _ = login_as("coordinator")
    march = shift_record(started_at="2025-03-10T08:00:00+01:00", updated_at="2025-03-10T08:00:00+01:00")
    february = shift_record(started_at="2025-02-10T08:00:00+01:00", updated_at="2025-02-10T08:00:00+01:00")
    taps = [
        _tap(march, "2025-03-10T09:05:00+01:00", types=["fares"]),
        _tap(march, "2025-03-10T09:15:00+01:00", types=["fares"], gender="male"),
        _tap(march, "2025-03-10T17:15:00+01:00", mask_reminder=True, types=["mask_reminder"], mask_outcome="complied"),
        _tap(february, "2025-02-10T09:05:00+01:00"),
        _tap(february, "2025-02-10T09:06:00+01:00"),
    ]
    phone.sync(shifts=[march, february], interventions=taps)
    text = coordinator.read("/desk/dashboard?period=month&date=2025-03-15")
    assert "Du 01/03/2025 au 31/03/2025, comparé au 01/02/2025 – 28/02/2025." in text
    assert figure_row("Interventions", 3, 2) in text
    assert '<td class="number">+50,0 %</td>' in text
    assert figure_row("Tarifs, billettique", 2, "66,7") in text
    assert figure_row("Yann Tram", 3) in text
    assert figure_row("Part des rappels suivis d’effet", "100,0 %") in text
    # The heat map: Monday 9 h holds two taps, 17 h one; the daily trend has a value per day.
    monday = text.split('<th scope="row">lundi</th>')[1].split("</tr>")[0]
    assert 'heat-5">2</td>' in monday and ">1</td>" in monday
    assert figure_row("10/03", 3) in text
    assert "<svg" in text and "<script" not in text
    # In English, numbers are written the English way.
    english = page_text(coordinator.get("/desk/dashboard?period=month&date=2025-03-15&lang=en"))
    assert '<td class="number">+50.0%</td>' in english
    assert '<td class="number">66.7</td>' in english and "66,7" not in english


def test_periods():
    assert resolve_period("week", date(2025, 3, 12)).first == date(2025, 3, 10)
    year = resolve_period("year", date(2024, 7, 1))
    assert (year.previous_first, year.previous_last) == (date(2023, 1, 1), date(2023, 12, 31))
    custom = resolve_period("custom", date(2025, 1, 1), date(2025, 3, 1), date(2025, 3, 10))
    assert (custom.previous_first, custom.previous_last) == (date(2025, 2, 19), date(2025, 2, 28))


def test_dashboard_rejects_a_bad_period(login_as):
    coordinator, _ = login_as("coordinator")
    response = coordinator.get("/desk/dashboard?period=custom&from=2025-03-10")
    assert response.status_code == 400 and "Indiquez le début et la fin." in response.text
    assert coordinator.get("/desk/dashboard?mission=zzz").status_code == 404
