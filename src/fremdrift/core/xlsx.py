"""The one place that writes spreadsheets (XLSX and CSV) for downloads and exports.

User text that a spreadsheet program would run as a formula (OWASP "CSV injection": a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) stays readable text:

- in XLSX every text is stored as a string cell, never as a formula or an error value
  (openpyxl makes a formula of any text starting with ``=`` unless told the cell's type);
- in CSV such text gets a leading ``'``, which spreadsheets show instead of running the cell.
  Text that already starts with ``'`` before such a character gets one more, so that
  :func:`csv_unescape` (used by the importer) gives back exactly the text that was written.

Numbers stay numbers: only text is neutralised. Every module that writes a workbook or a CSV
file goes through the helpers here (a test checks that no other module creates one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.http import HttpResponse

from fremdrift.core.downloads import attach

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED_FIRST = frozenset("'=+-@\t\r")  # the first character of any text _ESCAPED matches
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --------------------------------------------------------------------------- CSV


def csv_text(value: Any) -> Any:
    """A CSV cell: formula-like text gets a leading ``'``; anything else is returned as is."""
    if isinstance(value, str) and value[:1] in _ESCAPED_FIRST and _ESCAPED.match(value):
        return "'" + value
    return value


def csv_unescape(text: str) -> str:
    """Undo :func:`csv_text` on a cell read from a CSV file."""
    if text.startswith("'") and _ESCAPED.match(text, 1):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` whose every cell passes through :func:`csv_text`."""

    def __init__(self, stream: IO[str] | Any, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def write_csv_text(
    stream: IO[str] | Any, rows: Sequence[Sequence[str]], *, delimiter: str = ";"
) -> None:
    """Write rows whose cells are all text exactly as :meth:`CsvWriter.writerows` would, fast
    for large tables: the rows are joined directly unless a cell needs quoting, and
    :func:`csv_text` runs only over the columns where some cell may start like a formula."""
    text = "\r\n".join(map(delimiter.join, rows))
    lines = len(rows)
    plain = not (
        '"' in text
        or text.count("\r") != lines - 1
        or text.count("\n") != lines - 1
        or text.count(delimiter) != sum(map(len, rows)) - lines
        or [""] in rows  # csv.writer writes a row's only, empty cell as ""
    )
    if _may_start_formula(text, delimiter, plain):
        escape = _formula_columns(rows)
        rows = [_escaped(row, escape) for row in rows]
        text = "\r\n".join(map(delimiter.join, rows))
    if not plain:  # a cell holds a delimiter, a quote or a line break
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    elif rows:
        stream.write(text)
        stream.write("\r\n")


def _may_start_formula(text: str, delimiter: str, plain: bool) -> bool:
    """Could a cell start with a character :func:`csv_text` looks at? Not when no such
    character comes first, after a delimiter or after a line break in the joined text."""
    return any(
        char in text and (text.startswith(char) or delimiter + char in text or "\n" + char in text)
        for char in _ESCAPED_FIRST
        if not (plain and char == "\r")  # no cell of plain text holds a carriage return
    )


def _formula_columns(rows: Sequence[Sequence[str]]) -> list[int]:
    width = max(map(len, rows), default=0)
    return [
        i for i in range(width) if any(row[i][:1] in _ESCAPED_FIRST for row in rows if i < len(row))
    ]


def _escaped(row: Sequence[str], columns: list[int]) -> list[str]:
    row = list(row)
    for i in columns:
        if i < len(row):
            row[i] = csv_text(row[i])
    return row


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";"
) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the Danish letters)."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(filename: str) -> tuple[HttpResponse, CsvWriter]:
    """An attachment response with the byte-order mark written, and a writer into it."""
    response = attach(HttpResponse(content_type=CSV_MEDIA_TYPE), filename)
    response.write("\ufeff")
    return response, CsvWriter(response)


# --------------------------------------------------------------------------- XLSX


def new_workbook(*, keep_first_sheet: bool = True) -> Any:
    """An empty openpyxl workbook (its one sheet removed unless ``keep_first_sheet``)."""
    from openpyxl import Workbook

    book = Workbook()
    if not keep_first_sheet:
        book.remove(book.active)
    return book


def _cell_value(value: Any) -> Any:
    return _ILLEGAL_XLSX.sub("", value) if isinstance(value, str) else value


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into a cell; text is always a string cell, never a formula."""
    target = sheet.cell(row=row, column=column)
    target.value = _cell_value(value)
    if isinstance(value, str):
        target.data_type = "s"
    return target


def append(sheet: Any, values: Iterable[Any]) -> None:
    """Write ``values`` as the next row, like ``sheet.append``; text stays text."""
    values = list(values)
    sheet.append([_cell_value(value) for value in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def workbook_bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
    *,
    wrap: bool = True,
) -> bytes:
    """A one-sheet workbook with a bold, frozen header row (and wrapped cells)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = new_workbook()
    sheet = book.active
    sheet.title = title[:31]
    append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if wrap:
        alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = alignment
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)


def attachment(data: bytes, filename: str, content_type: str = XLSX_MEDIA_TYPE) -> HttpResponse:
    """A download of ``data`` named ``filename``."""
    return attach(HttpResponse(data, content_type=content_type), filename)


def xlsx_response(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int],
    filename: str,
) -> HttpResponse:
    """A one-sheet workbook with a bold, frozen header row and wrapped cells."""
    return attachment(xlsx_bytes(title, header, rows, widths), filename)
