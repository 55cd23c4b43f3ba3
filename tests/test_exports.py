"""Exports: CSV for a French Excel, plain CSV, XLSX; audited; scoped to the organisation."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from server.models import AuditEntry, Mission
from tests.helpers import intervention_record, shift_record

PERIOD = "period=custom&from=2025-03-01&to=2025-03-31"


def _data(database, login_as, org):
    # A label a spreadsheet would run as a formula, were it not neutralised.
    database.session.get(Mission, org.tram.id).label = '=HYPERLINK("http://evil.example","Divia")'
    database.session.commit()
    phone, _ = login_as("mediator", name="Zoé Dupont")
    shift = shift_record(
        started_at="2025-03-10T08:00:00+01:00",
        ended_at="2025-03-10T11:30:00+01:00",
        updated_at="2025-03-10T11:30:00+01:00",
    )
    taps = [
        intervention_record(shift["id"], occurred_at="2025-03-10T09:05:00+01:00", types=["fares"], people=2),
        intervention_record(shift["id"], occurred_at="2025-03-10T09:45:00+01:00", gender="male", note="Secret"),
    ]
    phone.sync(shifts=[shift], interventions=taps)
    return taps


def test_excel_csv_opens_cleanly_in_a_french_excel(database, login_as, org):
    taps = _data(database, login_as, org)
    coordinator, boss = login_as("coordinator")
    response = coordinator.post(f"/exports/interventions?format=excel&{PERIOD}")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mediatap-interventions-2025-03-01')
    body = response.data
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:4] == ["Identifiant", "Date", "Date et heure", "Mission"]
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Identifiant"] == taps[0]["id"]
    assert first["Date"] == "10/03/2025" and first["Date et heure"] == "10/03/2025 09:05"
    assert first["Mission"].startswith("'=HYPERLINK")
    assert first["Motif(s)"] == "Tarifs, billettique" and first["Personnes"] == "2" and first["Genre"] == "Femme"
    assert "Secret" not in body.decode("utf-8-sig")  # free-text notes never leave the system

    hours = coordinator.post(f"/exports/hours?format=excel&{PERIOD}").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(hours, newline=""), delimiter=";"))
    # Shift and presence hours, then the share, last year's hours (none) and the change (none).
    assert rows[1] == ['\'=HYPERLINK("http://evil.example","Divia")', "3,50", "3,50", "100,0 %", "0,00", "0,00", ""]

    entry = database.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "export").order_by(AuditEntry.id)
    ).all()
    assert [(e.entity_id, e.actor_id, e.changes["format"]) for e in entry] == [
        ("interventions", boss.id, "excel"),
        ("hours", boss.id, "excel"),
    ]


def test_plain_csv_and_xlsx(database, login_as, org):
    _data(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    plain = coordinator.post(f"/exports/by_type?format=csv&{PERIOD}").data.decode("utf-8")
    assert not plain.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(plain, newline="")))
    assert rows[0] == ["mission", "type", "interventions", "people", "share", "previous_interventions", "change"]
    assert sorted(row[1:] for row in rows[1:]) == [
        ["Information itinéraire", "1", "1", "50.0", "0", ""],
        ["Tarifs, billettique", "1", "2", "50.0", "0", ""],
    ]
    assert (
        coordinator.post(f"/exports/hours?format=csv&{PERIOD}")
        .data.decode()
        .splitlines()[1]
        .endswith(",3.50,3.50,100.0,0.00,0.00,")
    )

    response = coordinator.post(f"/exports/interventions?format=xlsx&{PERIOD}")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Identifiant", "Date", "Date et heure") and len(values) == 3
    label = sheet.cell(row=2, column=4)
    assert label.value.startswith("=HYPERLINK") and label.data_type == "s" and label.quotePrefix  # text, not a formula
    assert values[1][1].strftime("%d/%m/%Y") == "10/03/2025"


def test_exports_are_scoped_and_checked(database, login_as, org, make_org):
    _data(database, login_as, org)
    stranger, _ = login_as("coordinator", organisation=make_org("PIMMS de Lyon").organisation)
    theirs = stranger.post(f"/exports/interventions?format=excel&{PERIOD}").data.decode("utf-8-sig")
    assert len(theirs.splitlines()) == 1  # the header only: nothing of the other organisation
    assert stranger.post(f"/exports/interventions?format=excel&{PERIOD}&mission=unknown").status_code == 404
    assert stranger.post(f"/exports/nothing?format=excel&{PERIOD}").status_code == 404
    assert stranger.post(f"/exports/by_day?format=pdf&{PERIOD}").status_code == 400
    mediator, _ = login_as("mediator")
    assert mediator.post(f"/exports/by_day?{PERIOD}").status_code == 403


def test_an_export_cannot_be_asked_from_another_site(app, database, login_as, org):
    """Each export writes an audit entry in the coordinator's name: a link or a form on another
    site (the browser sends the cookie, not the page's token) gets no file and writes nothing."""
    _data(database, login_as, org)
    coordinator, _ = login_as("coordinator")
    exports = lambda: database.session.scalars(select(AuditEntry).where(AuditEntry.entity == "export")).all()  # noqa: E731
    link = f"/exports/interventions?format=excel&{PERIOD}"
    assert coordinator.get(link).status_code == 405
    assert coordinator.get(f"/desk/interventions/export?format=csv&{PERIOD}").status_code == 405
    forged = coordinator.client.post(link)  # the session cookie, no token
    assert forged.status_code == 400 and "<html" in forged.text  # a readable page, no file
    assert exports() == []
    # The dashboard's own buttons carry the token and reach the file.
    page = coordinator.get("/desk/dashboard?period=custom&from=2025-03-01&to=2025-03-31").text
    assert 'formaction="/exports/interventions?' in page and 'id="export-form" method="post"' in page
    assert coordinator.post(link).status_code == 200
    assert len(exports()) == 1
