import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from funding.imports import COLUMNS, ImportFileError, funding_import
from funding.models import Funding, Source
from ntm_tracker.models import AuditEvent, PendingImport

HEADER = [header for _key, header in COLUMNS]


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_rows(commune_code: str) -> list[list]:
    return [
        [2023, None, "42", "Tín dụng", "Toàn chương trình (không chia)", 1500, "Báo cáo tỉnh", "có", ""],
        [2023, None, "443", "doanh nghiep", "", "250,5", "Báo cáo huyện", "", "Nhà máy"],
        [2023, None, commune_code, "Community (cash and in kind)", "OCOP", 12, "Báo cáo xã", "", ""],
        [2025, 2021, "42", "Tín dụng", "", 56300000, "Báo chí", "", ""],
    ]


def test_a_valid_sheet_is_written_whole_and_audited(province_user, territory, can_loc_commune):
    data = workbook(*good_rows(can_loc_commune.code))
    report = funding_import(data=data, province=territory, actor=province_user, dry_run=True)
    assert report.ok and report.created == 4 and not Funding.objects.exists()  # a dry run writes nothing
    report = funding_import(data=data, province=territory, actor=province_user, dry_run=False)
    assert report.ok and report.created == 4 and report.total == Decimal("56301762.5")
    rows = {(row.unit.code, row.source): row for row in Funding.objects.all()}
    assert rows[("443", Source.ENTERPRISES)].amount == Decimal("250.5")
    assert rows[(can_loc_commune.code, Source.COMMUNITY)].component == "ocop"
    assert rows[("42", Source.CREDIT)].verified is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).count() == 4
    # the same sheet again updates the rows instead of adding them
    report = funding_import(data=data, province=territory, actor=province_user, dry_run=False)
    assert report.updated == 4 and report.created == 0 and Funding.objects.count() == 4


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_written(district_user, territory, can_loc_commune):
    rows = good_rows(can_loc_commune.code)[1:3] + [
        [2023, None, "42", "Tín dụng", "", 10, "Báo cáo", "", ""],  # the province: not the district's
        [2023, None, "99999", "Tín dụng", "", 10, "Báo cáo", "", ""],  # no such unit
        ["năm", None, "443", "Tiền trời", "", -5, "", "có", ""],  # everything wrong
        [2030, None, "443", "Tín dụng", "", "1e15", "Báo cáo", "", ""],
    ]
    report = funding_import(data=workbook(*rows), province=territory, actor=district_user, dry_run=False)
    assert not report.ok and not Funding.objects.exists() and not AuditEvent.objects.exists()
    errors = {(error.row, error.column) for error in report.errors}
    assert (4, "Mã đơn vị") in errors and (5, "Mã đơn vị") in errors
    assert {(6, "Năm"), (6, "Nguồn"), (6, "Số tiền (triệu đồng)"), (6, "Văn bản nguồn"), (6, "Đã xác minh")} <= errors
    assert (7, "Số tiền (triệu đồng)") in errors
    assert all(error.letter for error in report.errors)


def test_a_file_that_is_not_the_sheet_is_refused(province_user, territory):
    with pytest.raises(ImportFileError, match=r"\.xlsx"):
        funding_import(data=b"not a workbook", province=territory, actor=province_user)
    with pytest.raises(ImportFileError, match="Năm"):
        funding_import(data=workbook([1, 2], header=["Tên", "Giá trị"]), province=territory, actor=province_user)


def test_csv_is_read_too(province_user, territory):
    data = ("\ufeff" + ";".join(HEADER) + "\n2024;;42;Tín dụng;;12,5;Báo cáo;;\n").encode()
    report = funding_import(data=data, name="nguon-luc.csv", province=territory, actor=province_user, dry_run=False)
    assert report.ok and Funding.objects.get().amount == Decimal("12.5")


def test_the_page_previews_then_confirms_the_staged_file(client, province_user, territory, can_loc_commune):
    client.force_login(province_user)
    assert client.get(reverse("funding_import")).status_code == 200
    upload = SimpleUploadedFile("nguon-luc.xlsx", workbook(*good_rows(can_loc_commune.code)))
    response = client.post(reverse("funding_import"), {"file": upload})
    assert response.status_code == 200 and response.context["report"].ok and not Funding.objects.exists()
    token = response.context["token"]
    assert PendingImport.objects.filter(kind=PendingImport.Kind.FUNDING, owner=province_user).count() == 1
    response = client.post(reverse("funding_import"), {"action": "confirm", "token": token})
    assert response.status_code == 302 and Funding.objects.count() == 4
    assert not PendingImport.objects.exists()
    # the token is used: confirming again says the upload has expired
    response = client.post(reverse("funding_import"), {"action": "confirm", "token": token}, follow=True)
    assert response.redirect_chain == [(reverse("funding_import"), 302)] and Funding.objects.count() == 4
    assert "Tệp đã tải lên không còn" in response.content.decode()


def test_the_page_shows_row_errors_and_refuses_bad_files(client, province_user, territory):
    client.force_login(province_user)
    upload = SimpleUploadedFile("nguon-luc.xlsx", workbook([2023, None, "42", "Tín dụng", "", "abc", "Báo cáo", "", ""]))
    response = client.post(reverse("funding_import"), {"file": upload})
    assert response.status_code == 400 and response.context["report"].errors[0].row == 2
    assert not response.context["token"] and not PendingImport.objects.exists()
    response = client.post(reverse("funding_import"), {"file": SimpleUploadedFile("x.xlsx", b"garbage")})
    assert response.status_code == 400 and response.context["error"]


def test_the_template_is_the_import_columns(client, province_user, territory):
    client.force_login(province_user)
    response = client.get(reverse("funding_import_template"))
    from funding.imports import read_rows

    assert response.status_code == 200 and len(read_rows(response.content)) == 1
    report = funding_import(data=response.content, province=territory, actor=province_user)  # its example row is valid
    assert report.ok and report.created == 1 and not Funding.objects.exists()
