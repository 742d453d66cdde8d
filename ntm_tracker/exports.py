"""Writing cells of exported spreadsheets: every .xlsx and .csv the app produces goes through here.

Names and notes are typed by users, so a cell may start like a formula (`=HYPERLINK(…)`, `+`, `-`,
`@`, a tab or a carriage return). A spreadsheet must show such text, never run it:

* .xlsx: `xlsx_append` writes every text as a text cell (openpyxl would store a string starting
  with "=" as a formula), and drops the control characters the format cannot hold;
* .csv: `csv_cell` puts an apostrophe before text that starts like a formula (the usual defence:
  Excel and LibreOffice show the text, without the apostrophe in Excel), and `csv_response` writes
  rows that way, with the byte-order mark Excel needs to read UTF-8 Vietnamese.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value as a CSV cell: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(sheet, value):
    """The value for `sheet.append`: text as a text cell (never a formula), other values as they are."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value  # openpyxl stores any other text as text
    cell = Cell(sheet, row=1, column=1, value=value)  # append moves it to its place
    cell.data_type = "s"
    return cell


def xlsx_append(sheet, values: Iterable) -> None:
    """Append one row to an openpyxl sheet (ordinary or write-only) with every cell written safely."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


class _Echo:
    def write(self, value):
        return value


def _lines(rows: Iterable[Iterable]):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens a UTF-8 .csv correctly only with the byte-order mark
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(rows: Iterable[Iterable], *, filename: str, streaming: bool = False) -> HttpResponse:
    """A .csv download of `rows` (the header first), every cell written safely; `streaming` for
    long exports read lazily."""
    if streaming:
        response = StreamingHttpResponse(_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse("".join(_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
