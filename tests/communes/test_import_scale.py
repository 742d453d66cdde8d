"""Issue 13, item 12: a province's full-year workbook (~10,000 values) confirms in bulk: one lock,
bulk reads and writes, the results recomputed by the one rule. Its time through gunicorn is the
benchmark's `import confirm` step (`manage.py benchmark`)."""

import io

from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from communes.models import Assessment, CommuneYearResult, CriterionResult
from communes.services.excel import FIRST_DATA_ROW, KEY_HEADERS, assessments_import_apply, assessments_import_check
from ntm_tracker.models import AuditEvent


def test_a_province_workbook_confirms_in_bulk(client, province_user, ha_tinh):
    client.force_login(province_user)
    book = load_workbook(io.BytesIO(client.get(reverse("assessments_download", args=["42"]) + "?year=2024").content))
    sheet = book.worksheets[0]
    codes = [cell.value for cell in sheet[1]][len(KEY_HEADERS):-1]
    texts = [cell.value for cell in sheet[2]][len(KEY_HEADERS):-1]
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW):
        for cell, text in zip(row[len(KEY_HEADERS):-1], texts):
            cell.value = "Đạt" if "(Đạt/Không đạt)" in text else 90
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    communes = sheet.max_row - FIRST_DATA_ROW + 1
    values = communes * len(codes)
    assert communes == 181 and values > 9_900  # Hà Tĩnh: 181 communes × 55 indicators

    queries = []  # counted by a wrapper: CaptureQueriesContext's SQL formatting would be timed too
    with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(
            sql, params, many, context)):
        result = assessments_import_apply(data=data, user=province_user)
    assert len(result.changes) == values
    # Batches of 1,000 rows: the number of statements grows with the batches, not with the rows.
    assert len(queries) < 60, len(queries)

    assert Assessment.objects.filter(year=2024).count() == values
    assert AuditEvent.objects.filter(object_type="communes.assessment").count() == values
    assert CommuneYearResult.objects.filter(year=2024).count() == communes
    assert CriterionResult.objects.filter(year=2024, met__isnull=False).count() == communes * 19
    # The same workbook again changes nothing and passes.
    assert assessments_import_check(data=data, user=province_user).changes == []
