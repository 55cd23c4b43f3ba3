"""Exports a funder can read (issue 12, item 11): headers and sheet names in the reader's
language, numbers typed with their formats in XLSX, shares and last period's figures."""

import csv
import io

from openpyxl import load_workbook

from server.models import InterventionType, Mission, Site
from tests.helpers import intervention_record, shift_record

# March 2025; the period before it, of the same length, is 29 January – 28 February.
PERIOD = "period=custom&from=2025-03-01&to=2025-03-31"
CODES = {"gender", "age_band", "place", "duration", "by_gender", "by_type", "by_mission", "type", "mediator"}


def _march_and_february(database, login_as, org):
    """Three taps in March (two women, one man) over 3 h 20 of shift; one in February."""
    tram = database.session.get(Mission, org.tram.id)
    tram.label_en = "Divia tramway"
    for kind in database.session.query(InterventionType).filter_by(mission_id=tram.id):
        kind.label_en = {"itinerary": "Directions", "fares": "Fares and ticketing"}.get(kind.code, "")
    for site in database.session.query(Site).filter_by(mission_id=tram.id):
        site.label_en = "Tramway line 1" if site.code == "t1" else ""
    database.session.commit()
    phone, _ = login_as("mediator")
    march = shift_record(
        started_at="2025-03-10T08:00:00+01:00",
        ended_at="2025-03-10T11:20:00+01:00",
        updated_at="2025-03-10T11:20:00+01:00",
    )
    february = shift_record(
        started_at="2025-02-10T08:00:00+01:00",
        ended_at="2025-02-10T10:00:00+01:00",
        updated_at="2025-02-10T10:00:00+01:00",
    )
    taps = [
        intervention_record(march["id"], occurred_at="2025-03-10T09:05:00+01:00", types=["fares"]),
        intervention_record(march["id"], occurred_at="2025-03-10T09:10:00+01:00"),
        intervention_record(march["id"], occurred_at="2025-03-10T09:45:00+01:00", gender="male"),
        intervention_record(february["id"], occurred_at="2025-02-10T09:00:00+01:00"),
    ]
    phone.sync(shifts=[march, february], interventions=taps)


def _excel_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _sheet(response):
    return load_workbook(io.BytesIO(response.data)).active


def test_headers_and_sheet_names_in_french(database, login_as, org):
    _march_and_february(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    rows = _excel_rows(coordinator.post(f"/exports/by_gender?format=excel&{PERIOD}"))
    assert rows[0] == [
        "Genre",
        "Interventions",
        "Personnes",
        "Part des interventions (%)",
        "Interventions du 29/01/2025 au 28/02/2025",
        "Évolution des interventions (%)",
    ]
    assert sorted(rows[1:]) == [["Femme", "2", "2", "66,7 %", "1", "100,0 %"], ["Homme", "1", "1", "33,3 %", "0", ""]]
    for dataset, sheet_name in [("by_gender", "Par genre"), ("by_type", "Par motif"), ("hours", "Heures")]:
        sheet = _sheet(coordinator.post(f"/exports/{dataset}?format=xlsx&{PERIOD}"))
        assert sheet.title == sheet_name
        headers = [cell.value for cell in sheet[1]]
        assert not CODES & set(headers), headers
        assert sheet["A1"].font.b  # the header row stands out
    assert [cell.value for cell in sheet[1]][:3] == ["Mission", "Heures de vacation", "Heures de présence"]


def test_headers_sheet_names_and_labels_in_english(database, login_as, org):
    _march_and_february(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    rows = _excel_rows(coordinator.post(f"/exports/by_gender?format=excel&{PERIOD}&lang=en"))
    assert rows[0][:4] == ["Gender", "Interventions", "People", "Share of interventions (%)"]
    assert rows[0][4:] == ["Interventions from 29/01/2025 to 28/02/2025", "Change in interventions (%)"]
    assert {row[0] for row in rows[1:]} == {"Woman", "Man"}

    sheet = _sheet(coordinator.post(f"/exports/by_type?format=xlsx&{PERIOD}&lang=en"))
    assert sheet.title == "By reason"
    assert [cell.value for cell in sheet[1]][:2] == ["Mission", "Reason"]
    assert sorted((row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        ("Divia tramway", "Directions"),
        ("Divia tramway", "Fares and ticketing"),
    ]

    sheet = _sheet(coordinator.post(f"/exports/interventions?format=xlsx&{PERIOD}&lang=en"))
    assert sheet.title == "Interventions"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["ID", "Date", "Date and time", "Mission"] and "Gender" in headers
    first = dict(zip(headers, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert (first["Mission"], first["Line or site"], first["Reason(s)"]) == (
        "Divia tramway",
        "Tramway line 1",
        "Fares and ticketing",
    )
    assert first["Gender"] == "Woman"


def test_xlsx_numbers_are_typed_with_their_formats(database, login_as, org):
    _march_and_february(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    sheet = _sheet(coordinator.post(f"/exports/hours?format=xlsx&{PERIOD}"))
    hours, person_hours, share, previous, previous_person, change = sheet[2][1:7]
    # 3 h 20, rounded where the table is made: no float noise (3.3333331 from SQLite's julianday).
    assert (hours.value, hours.data_type, hours.number_format) == (3.33, "n", "0.0")
    assert person_hours.number_format == "0.0" and (previous.value, previous_person.value) == (2, 2)
    assert (share.value, share.number_format) == (1, "0.0 %")
    assert (change.value, change.number_format) == (0.667, "0.0 %")  # +66.7 % presence hours

    sheet = _sheet(coordinator.post(f"/exports/by_mission?format=xlsx&{PERIOD}"))
    assert [cell.value for cell in sheet[1]][1:4] == ["Interventions", "Personnes", "Motifs"]
    interventions, _people, _motifs, share, previous, change = sheet[2][1:7]
    assert (interventions.value, interventions.data_type, interventions.number_format) == (3, "n", "0")
    assert (share.value, share.number_format) == (1, "0.0 %")
    assert (previous.value, change.value, change.number_format) == (1, 2, "0.0 %")  # +200 %

    sheet = _sheet(coordinator.post(f"/exports/interventions?format=xlsx&{PERIOD}"))
    day, moment = sheet["B2"], sheet["C2"]
    assert (day.is_date, day.number_format) == (True, "dd/mm/yyyy")
    assert (moment.is_date, moment.number_format, moment.value.strftime("%H:%M")) == (True, "dd/mm/yyyy hh:mm", "09:05")
    # Plain text carries no apostrophe and no quote-prefix mark.
    texts = [cell for cell in sheet[2] if cell.data_type == "s"]
    assert texts and not any(cell.value.startswith("'") or cell.quotePrefix for cell in texts)


def test_the_report_exports_compare_with_the_same_span_of_last_year(database, login_as, org):
    """A report of 2025 compares with 2024; its export links do the same (not the 365 days
    before 1 January, which in a leap year start on 2 January)."""
    _march_and_february(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    page = coordinator.get("/reports/annual?year=2025").text
    link = page[page.index("/exports/by_mission?") :].split('"')[0].replace("&amp;", "&")
    rows = _excel_rows(coordinator.post(link))
    assert rows[0][5] == "Interventions du 01/01/2024 au 31/12/2024"
    assert rows[1][:6] == ["Divia — tram", "4", "4", "4", "100,0 %", "0"]
