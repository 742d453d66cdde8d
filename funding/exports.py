"""The amounts of a province's year, and its sponsorships, as .xlsx or .csv in the import's columns
(a sheet exported can be corrected and imported again); cells written through `ntm_tracker.exports`."""

import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from funding.imports import COLUMNS, SPONSORSHIP_COLUMNS
from ntm_tracker.exports import csv_response, xlsx_append


def _row(funding) -> list:
    return [funding.year, funding.period_start, funding.unit.code, funding.get_source_display(), funding.get_component_display(),
            funding.amount, funding.source_document, "có" if funding.verified else "", funding.note]


def funding_export(rows, *, fmt: str, filename: str) -> HttpResponse:
    headers = [header for _key, header in COLUMNS] + ["Đơn vị"]
    lines = ([*_row(funding), funding.unit.full_name] for funding in rows)
    return _sheet_response(headers, lines, fmt=fmt, filename=filename, title="Huy dong nguon luc")


def sponsorship_export(rows, *, fmt: str, filename: str) -> HttpResponse:
    """Sponsorships (`rows`, communes joined) in the sponsorship import's columns, then the commune's name."""
    headers = [header for _key, header in SPONSORSHIP_COLUMNS] + ["Xã"]
    lines = ([s.commune.code, s.sponsor, s.village, s.date_from.strftime("%d/%m/%Y"),
              s.date_to.strftime("%d/%m/%Y") if s.date_to else "", s.decision, s.amount, s.note, s.commune.full_name]
             for s in rows)
    return _sheet_response(headers, lines, fmt=fmt, filename=filename, title="Do dau")


def _sheet_response(headers: list, lines, *, fmt: str, filename: str, title: str) -> HttpResponse:
    if fmt == "csv":
        return csv_response([headers, *lines], filename=f"{filename}.csv")
    if fmt != "xlsx":
        raise Http404
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
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
