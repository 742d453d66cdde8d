"""The amounts of a province's year as .xlsx or .csv, in the import's columns (a sheet exported
can be corrected and imported again); cells written through `ntm_tracker.exports`."""

import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from funding.imports import COLUMNS
from ntm_tracker.exports import csv_response, xlsx_append


def _row(funding) -> list:
    return [funding.year, funding.period_start, funding.unit.code, funding.get_source_display(), funding.get_component_display(),
            funding.amount, funding.source_document, "có" if funding.verified else "", funding.note]


def funding_export(rows, *, fmt: str, filename: str) -> HttpResponse:
    headers = [header for _key, header in COLUMNS] + ["Đơn vị"]
    lines = ([*_row(funding), funding.unit.full_name] for funding in rows)
    if fmt == "csv":
        return csv_response([headers, *lines], filename=f"{filename}.csv")
    if fmt != "xlsx":
        raise Http404
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Huy dong nguon luc"
    xlsx_append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        xlsx_append(sheet, line)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
