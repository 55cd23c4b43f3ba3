"""Writing a table as CSV for a French Excel, plain CSV for machines, or XLSX, chunk by chunk.

A table is a list of columns (code, title in the reader's language, kind) and an iterable of
rows; rows are consumed as they are written and each chunk leaves at once, so a million-row
export never sits in memory whole and its first bytes leave before its rows are read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr  # nosec B406 # escapes what the XLSX writes; nothing is parsed

# Kinds of column: how each format writes the value. HOURS and DECIMAL are numbers with
# decimals; SHARE is a percentage given as such (31.5 for 31.5 %).
TEXT, INTEGER, DECIMAL, HOURS, SHARE, DAY, MOMENT = "text", "integer", "decimal", "hours", "share", "day", "moment"
# What makes a spreadsheet read a cell as a formula or a DDE call (OWASP "CSV injection"),
# with the fullwidth forms Excel folds into them (＝ is read as =).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\uff5c")
_ROWS_PER_CHUNK = 1000


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str, str]]
    rows: Iterable[tuple]


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run this text, were it typed into a cell."""
    return text.startswith(_FORMULA_STARTS)


def neutralise(text: str) -> str:
    """A leading ' keeps a spreadsheet from running text that starts like a formula (CSV injection).

    Every CSV text cell goes through here; numbers are written by their own kind, never as
    text, so -1.5 stays the number -1.5. XLSX needs no visible quote: see _xlsx_text.
    """
    return "'" + text if looks_like_formula(text) else text


def _text_cell(value) -> str:
    # Machines read the plain CSV too, but so do people who open any .csv in a spreadsheet.
    return "" if value is None else neutralise(str(value))


def _decimal_comma(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _decimal_point(value) -> str:
    return "" if value is None else f"{value:.2f}"


# How each kind of column reads in each CSV, one function a column (a year is millions of cells).
_EXCEL_CSV = {
    TEXT: _text_cell,
    INTEGER: lambda value: "" if value is None else str(value),
    DECIMAL: _decimal_comma,
    HOURS: _decimal_comma,
    # A French Excel reads "31,5 %" as the number 0,315 shown as a percentage.
    SHARE: lambda value: "" if value is None else f"{value:.1f} %".replace(".", ","),
    DAY: lambda value: "" if value is None else value.strftime("%d/%m/%Y"),
    MOMENT: lambda value: "" if value is None else value.strftime("%d/%m/%Y %H:%M"),
}
_PLAIN_CSV = {
    TEXT: _text_cell,
    INTEGER: _EXCEL_CSV[INTEGER],
    DECIMAL: _decimal_point,
    HOURS: _decimal_point,
    SHARE: lambda value: "" if value is None else f"{value:.1f}",
    DAY: lambda value: "" if value is None else value.isoformat(),
    MOMENT: lambda value: "" if value is None else value.isoformat(),
}


def _csv(table: Table, excel: bool) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    by_kind = _EXCEL_CSV if excel else _PLAIN_CSV
    converters = [by_kind[kind] for _code, _title, kind in table.columns]
    # Machines read the plain CSV by its column codes, which stay the same in every language.
    writer.writerow([title if excel else code for code, title, _kind in table.columns])
    # The BOM tells Excel the file is UTF-8. The header leaves before any row is read.
    yield (("\ufeff" if excel else "") + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([convert(value) for convert, value in zip(converters, row, strict=True)])
        if number % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def excel_csv(table: Table) -> Iterator[bytes]:
    """UTF-8 with BOM, `;`, CRLF, dd/mm/yyyy, decimal comma: opens cleanly in a French Excel."""
    return _csv(table, excel=True)


def plain_csv(table: Table) -> Iterator[bytes]:
    """UTF-8, `,`, CRLF (RFC 4180), ISO 8601 dates, decimal point, column codes as headers."""
    return _csv(table, excel=False)


# XLSX, written by hand as it streams: a workbook is a zip of a few XML parts, and only the
# sheet's grows with the rows. The fixed parts go first, then the sheet's rows are deflated
# chunk by chunk into the zip (sizes in a data descriptor after each part, which Excel,
# LibreOffice and openpyxl read), so the first bytes leave before any row is read.
_NUMBER_FORMATS = {
    # kind: (cell style index in styles.xml, number format)
    INTEGER: (2, "0"),
    HOURS: (3, "0.0"),
    SHARE: (4, "0.0 %"),
    DAY: (5, "dd/mm/yyyy"),
    MOMENT: (6, "dd/mm/yyyy hh:mm"),
    DECIMAL: (7, "0.00"),
}
_HEADER_STYLE, _QUOTED_TEXT_STYLE = 1, 8
_EXCEL_EPOCH = datetime(1899, 12, 30)
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Text to write as it is: no markup character, no space at either end.
_PLAIN = re.compile(r"(?:[^\s&<>][^&<>]*[^\s&<>]|[^\s&<>])?\Z")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDTHS = {TEXT: 24, INTEGER: 10, DECIMAL: 12, HOURS: 10, SHARE: 10, DAY: 12, MOMENT: 17}

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _styles() -> str:
    custom = [(kind, style, code) for kind, (style, code) in _NUMBER_FORMATS.items() if kind != INTEGER]
    formats = "".join(
        f'<numFmt numFmtId="{164 + n}" formatCode={quoteattr(code)}/>' for n, (_k, _s, code) in enumerate(custom)
    )
    ids = {kind: 164 + n for n, (kind, _s, _c) in enumerate(custom)} | {INTEGER: 1}
    by_style = sorted((style, ids[kind]) for kind, (style, _code) in _NUMBER_FORMATS.items())
    number_xfs = "".join(
        f'<xf numFmtId="{number_format}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for _style, number_format in by_style
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(custom)}">{formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(by_style) + 3}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f"{number_xfs}"
        # Excel's own mark for text typed after a ': shown without it, kept as text when edited.
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _workbook(sheet_name: str) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub(" ", _NOT_XML.sub("", sheet_name)).strip("' ")[:31] or "Export"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(text: str) -> str:
    # Most text is printable and needs no scan: isprintable() is the fast test.
    if not text.isprintable():
        text = _NOT_XML.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _xlsx_text(reference: str, value) -> str:
    """Text is an inline string: a string cell is never evaluated, and formula-like text also
    gets Excel's quote-prefix mark, so it stays text even if someone edits the cell, with no
    apostrophe to see."""
    if value is None:
        return ""
    text = str(value)
    # A million cells a year: the common case (printable, nothing to escape) stays short.
    inline = f"<is><t>{text}</t></is>" if text.isprintable() and _PLAIN.match(text) else _text(text)
    if text.startswith(_FORMULA_STARTS):
        return f'<c r="{reference}" t="inlineStr" s="{_QUOTED_TEXT_STYLE}">{inline}</c>'
    return f'<c r="{reference}" t="inlineStr">{inline}</c>'


def _xlsx_number(kind: str, to_number):
    style = _NUMBER_FORMATS[kind][0]

    def cell(reference: str, value) -> str:
        return "" if value is None else f'<c r="{reference}" s="{style}"><v>{to_number(value)}</v></c>'

    return cell


def _excel_moment(value: datetime) -> float:
    elapsed = value - _EXCEL_EPOCH
    return elapsed.days + elapsed.seconds / 86400


# How each kind of column is written as a cell, typed, with its number format.
_XLSX_CELLS = {
    TEXT: _xlsx_text,
    INTEGER: _xlsx_number(INTEGER, int),
    DECIMAL: _xlsx_number(DECIMAL, float),
    HOURS: _xlsx_number(HOURS, float),
    SHARE: _xlsx_number(SHARE, lambda value: round(value / 100, 6)),
    DAY: _xlsx_number(DAY, lambda value: (value - _EXCEL_EPOCH.date()).days),
    MOMENT: _xlsx_number(MOMENT, _excel_moment),
}


class _Outgoing:
    """Where the zip writes: collects bytes until the stream takes them (no seek: the zip
    then puts each part's sizes after its data)."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def xlsx(table: Table) -> Iterator[bytes]:
    """One sheet, header in bold and frozen, numbers and dates typed with their formats."""
    outgoing = _Outgoing()
    writers = [_XLSX_CELLS[kind] for _code, _title, kind in table.columns]
    letters = [_column_letters(index) for index in range(len(writers))]
    with zipfile.ZipFile(outgoing, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", _workbook(table.name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELATIONSHIPS)
        archive.writestr("xl/styles.xml", _styles())
        yield outgoing.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            widths = "".join(
                f'<col min="{n}" max="{n}" width="{max(_WIDTHS[kind], min(len(title) + 2, 40))}" customWidth="1"/>'
                for n, (_code, title, kind) in enumerate(table.columns, start=1)
            )
            header = "".join(
                f'<c r="{letter}1" t="inlineStr" s="{_HEADER_STYLE}">{_text(title)}</c>'
                for letter, (_code, title, _kind) in zip(letters, table.columns, strict=True)
            )
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<sheetViews><sheetView workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    "</sheetView></sheetViews>"
                    f"<cols>{widths}</cols><sheetData>"
                    f'<row r="1">{header}</row>'
                ).encode()
            )
            chunk: list[str] = []
            for number, row in enumerate(table.rows, start=2):
                cells = "".join(
                    [
                        write(f"{letter}{number}", value)
                        for write, letter, value in zip(writers, letters, row, strict=True)
                    ]
                )
                chunk.append(f'<row r="{number}">{cells}</row>')
                if len(chunk) == _ROWS_PER_CHUNK:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
                    yield outgoing.take()
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    yield outgoing.take()


FORMATS = {
    "excel": (excel_csv, "text/csv; charset=utf-8", "csv"),
    "csv": (plain_csv, "text/csv; charset=utf-8", "csv"),
    "xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
