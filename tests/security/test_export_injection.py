"""Formula-like text in exports (issue 10, item 11): neutralised the same way in the Excel CSV,
the plain CSV and the XLSX, while numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from server.models import Mission
from server.services.export_formats import DECIMAL, INTEGER, TEXT, Table, excel_csv, plain_csv, xlsx
from tests.helpers import intervention_record, shift_record

FORMULAS = [
    '=HYPERLINK("http://evil.example","Divia")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "|calc",
    '＝HYPERLINK("http://evil.example")',
    "＋1+1",
    "－1+1",
    "＠SUM(1+1)",
]


def _table() -> Table:
    columns = [("label", "Libellé", TEXT), ("hours", "Heures", DECIMAL), ("count", "Nombre", INTEGER)]
    return Table("t", columns, [(text, -1.5, -3) for text in FORMULAS] + [("Tram T1", 2.25, 4)])


def _csv_rows(chunks, delimiter: str) -> list[list[str]]:
    text = b"".join(chunks).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[1:]


@pytest.mark.parametrize(
    ("write", "delimiter", "numbers"),
    [(excel_csv, ";", ["-1,50", "-3"]), (plain_csv, ",", ["-1.50", "-3"])],
    ids=["excel", "csv"],
)
def test_csv_formats_neutralise_every_formula_start(write, delimiter, numbers):
    rows = _csv_rows(write(_table()), delimiter)
    assert [row[0] for row in rows] == ["'" + text for text in FORMULAS] + ["Tram T1"]
    assert all(row[1:] == numbers for row in rows[:-1])


def test_xlsx_neutralises_every_formula_start_and_keeps_numbers():
    sheet = load_workbook(io.BytesIO(b"".join(xlsx(_table())))).active
    rows = list(sheet.iter_rows(min_row=2))
    # XML reads a stored CR back as LF. A string cell is never evaluated; formula-like text
    # also carries Excel's quote-prefix mark, so it stays text if someone edits the cell, and
    # no apostrophe shows (issue 12, item 11).
    assert [row[0].value for row in rows] == [text.replace("\r", "\n") for text in FORMULAS] + ["Tram T1"]
    assert all(row[0].data_type == "s" for row in rows)
    assert [row[0].quotePrefix for row in rows] == [True] * len(FORMULAS) + [False]
    assert all((row[1].value, row[2].value) == (-1.5, -3) for row in rows[:-1])


def test_the_plain_csv_export_of_a_fullwidth_formula_label(database, login_as, org):
    database.session.get(Mission, org.tram.id).label = '＝HYPERLINK("http://evil.example","Divia")'
    database.session.commit()
    phone, _ = login_as("mediator")
    shift = shift_record(started_at="2025-03-10T08:00:00+01:00", updated_at="2025-03-10T11:30:00+01:00")
    phone.sync(
        shifts=[shift], interventions=[intervention_record(shift["id"], occurred_at="2025-03-10T09:05:00+01:00")]
    )
    coordinator, _ = login_as("coordinator")
    for fmt in ("csv", "excel"):
        body = coordinator.post(f"/exports/by_type?format={fmt}&period=custom&from=2025-03-01&to=2025-03-31").data
        rows = _csv_rows([body], "," if fmt == "csv" else ";")
        assert rows[0][0] == '\'＝HYPERLINK("http://evil.example","Divia")', fmt
