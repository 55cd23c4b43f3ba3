"""Writing a table as CSV for a French Excel, plain CSV for machines, or XLSX, chunk by chunk.

A table is a list of columns (code, French title, kind) and an iterable of rows; rows are
consumed as they are written, so a million-row export never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# Kinds of column: how each format writes the value.
TEXT, INTEGER, DECIMAL, DAY, MOMENT = "text", "integer", "decimal", "day", "moment"
# What makes a spreadsheet read a cell as a formula or a DDE call (OWASP "CSV injection"),
# with the fullwidth forms Excel folds into them (＝ is read as =).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c")
_ROWS_PER_CHUNK = 1000


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str, str]]
    rows: Iterable[tuple]


def neutralise(text: str) -> str:
    """A leading ' keeps a spreadsheet from running text that starts like a formula (CSV injection).

    Every format's text cells go through here; numbers are written by their own kind, never
    as text, so -1.5 stays the number -1.5.
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _excel_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == DAY:
        return value.strftime("%d/%m/%Y")
    if kind == MOMENT:
        return value.strftime("%d/%m/%Y %H:%M")
    if kind == DECIMAL:
        return f"{value:.2f}".replace(".", ",")
    if kind == INTEGER:
        return str(value)
    return neutralise(str(value))


def _plain_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind in (DAY, MOMENT):
        return value.isoformat()
    if kind == DECIMAL:
        return f"{value:.2f}"
    if kind == INTEGER:
        return str(value)
    # Machines read it too, but so do people who open any .csv in a spreadsheet.
    return neutralise(str(value))


def _csv(table: Table, excel: bool) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    convert = _excel_value if excel else _plain_value
    writer.writerow([title if excel else code for code, title, _kind in table.columns])
    kinds = [kind for _code, _title, kind in table.columns]
    prefix = "\ufeff" if excel else ""  # the BOM tells Excel the file is UTF-8
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([convert(value, kind) for value, kind in zip(row, kinds, strict=True)])
        if number % _ROWS_PER_CHUNK == 0:
            yield (prefix + buffer.getvalue()).encode("utf-8")
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    yield (prefix + buffer.getvalue()).encode("utf-8")


def excel_csv(table: Table) -> Iterator[bytes]:
    """UTF-8 with BOM, `;`, CRLF, dd/mm/yyyy, decimal comma: opens cleanly in a French Excel."""
    return _csv(table, excel=True)


def plain_csv(table: Table) -> Iterator[bytes]:
    """UTF-8, `,`, CRLF (RFC 4180), ISO 8601 dates, decimal point, column codes as headers."""
    return _csv(table, excel=False)


def xlsx(table: Table) -> Iterator[bytes]:
    """A write-only workbook (rows go to disk as they come), then the file read back in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.name[:31])
    sheet.append([title for _code, title, _kind in table.columns])
    kinds = [kind for _code, _title, kind in table.columns]
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(64 * 1024):
            yield chunk


def _xlsx_cell(sheet, value, kind: str):
    if value is None:
        return None
    if kind in (DAY, MOMENT):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy" if kind == DAY else "dd/mm/yyyy hh:mm"
        return cell
    if kind in (INTEGER, DECIMAL):
        return value
    # openpyxl would store "=..." as a formula.
    return neutralise(str(value))


FORMATS = {
    "excel": (excel_csv, "text/csv; charset=utf-8", "csv"),
    "csv": (plain_csv, "text/csv; charset=utf-8", "csv"),
    "xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
