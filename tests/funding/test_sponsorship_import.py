"""Sponsorships in and out of Excel: the export in the import's columns, the import checked whole
(every error by row and column, nothing written on any), previewed, then confirmed."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from funding.imports import SPONSORSHIP_COLUMNS, ImportFileError, read_rows, sponsorship_import
from funding.models import Sponsorship
from ntm_tracker.models import AuditEvent, PendingImport
from territory.models import Commune
from tests.funding.test_import import workbook as amounts_workbook

HEADER = [header for _key, header in SPONSORSHIP_COLUMNS]
IMPORT = reverse("sponsorship_import")


def workbook(*rows, header=HEADER) -> bytes:
    return amounts_workbook(*rows, header=header)


def good_rows(commune: Commune) -> list[list]:
    return [
        [commune.code, "Ngân hàng Nông nghiệp Can Lộc", "Thôn Trung Thành", "01/01/2024", "31/12/2025", "12/QĐ-UBND",
         "200,5", ""],
        [int(commune.code), "Bộ đội Biên phòng", "", datetime.datetime(2023, 3, 1), None, "", None, "cả xã"],
    ]


def test_a_valid_sheet_is_written_whole_audited_and_again_updates(province_user, can_loc_commune):
    data = workbook(*good_rows(can_loc_commune))
    report = sponsorship_import(data=data, province=can_loc_commune.province, actor=province_user, dry_run=True)
    assert report.ok and report.created == 2 and not Sponsorship.objects.exists()  # a dry run writes nothing
    report = sponsorship_import(data=data, province=can_loc_commune.province, actor=province_user, dry_run=False)
    assert report.ok and report.created == 2 and report.total == Decimal("200.5")
    bank = Sponsorship.objects.get(village="Thôn Trung Thành")
    assert (bank.commune, bank.date_from, bank.date_to, bank.amount) == (
        can_loc_commune, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31), Decimal("200.5"))
    assert Sponsorship.objects.get(sponsor="Bộ đội Biên phòng").date_from == datetime.date(2023, 3, 1)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).count() == 2
    report = sponsorship_import(data=data, province=can_loc_commune.province, actor=province_user, dry_run=False)
    assert (report.created, report.updated, Sponsorship.objects.count()) == (0, 2, 2)


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_written(commune_user, can_loc_commune, territory):
    other = Commune.objects.filter(province=territory).exclude(pk=can_loc_commune.pk).first()
    rows = good_rows(can_loc_commune) + [
        [other.code, "Công ty A", "", "01/01/2024", "", "", "", ""],  # not the commune officer's commune
        ["99999", "Công ty B", "", "01/01/2024", "", "", "", ""],  # no such commune
        [can_loc_commune.code, "", "", "ngày mai", "2024-13-01", "", "-5", ""],  # everything wrong
        [can_loc_commune.code, "Công ty C", "", "01/06/2024", "01/01/2024", "", "", ""],  # ends before it starts
    ]
    report = sponsorship_import(data=workbook(*rows), province=territory, actor=commune_user, dry_run=False)
    assert not report.ok and not Sponsorship.objects.exists() and not AuditEvent.objects.exists()
    errors = {(error.row, error.column): error.message for error in report.errors}
    assert errors[(4, "Mã xã")] == "Bạn không được ghi nhận đỡ đầu cho xã này."
    assert errors[(5, "Mã xã")].startswith("Không có xã nào mang mã 99999")
    assert {(6, "Đơn vị đỡ đầu"), (6, "Từ ngày"), (6, "Đến ngày"), (6, "Kinh phí (triệu đồng)")} <= set(errors)
    assert errors[(7, "Đến ngày")] == "Ngày kết thúc trước ngày bắt đầu."
    assert all(error.letter for error in report.errors)


def test_a_commune_merged_away_takes_no_sponsorship_after_it_ended(province_user, reformed_territory):
    merged = Commune.objects.get(code="18415")  # Thiên Lộc, part of Xã Can Lộc since 1 July 2025
    rows = [[merged.code, "Công ty A", "", "01/03/2026", "", "", "", ""],
            [merged.code, "Công ty B", "", "01/03/2025", "", "", "", ""]]
    report = sponsorship_import(data=workbook(*rows), province=reformed_territory, actor=province_user)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Từ ngày", "Xã Thiên Lộc tồn tại đến ngày 30/06/2025.")]


def test_a_file_that_is_not_the_sheet_is_refused(province_user, territory):
    with pytest.raises(ImportFileError, match="Mã xã"):
        sponsorship_import(data=workbook([1, 2], header=["Tên", "Giá trị"]), province=territory, actor=province_user)


def test_the_export_is_the_import_columns_and_reads_back_unchanged(client, province_user, can_loc_commune):
    sponsorship_import(data=workbook(*good_rows(can_loc_commune)), province=can_loc_commune.province,
                       actor=province_user, dry_run=False)
    client.force_login(province_user)
    response = client.get(reverse("sponsorship_export", args=["xlsx"]), {"year": 2024})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-2024.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [*HEADER, "Xã"] and sheet.max_row == 3
    report = sponsorship_import(data=response.content, province=can_loc_commune.province, actor=province_user,
                                dry_run=False)
    assert (report.ok, report.created, report.updated) == (True, 0, 2)
    csv = client.get(reverse("sponsorship_export", args=["csv"]), {"year": 2024}).content.decode("utf-8-sig")
    assert "Ngân hàng Nông nghiệp Can Lộc" in csv and "01/01/2024" in csv
    assert client.get(reverse("sponsorship_export", args=["pdf"])).status_code == 404


def test_the_page_previews_then_confirms_the_staged_file(client, province_user, can_loc_commune):
    client.force_login(province_user)
    page = client.get(IMPORT)
    assert page.status_code == 200 and "Nhập danh sách đỡ đầu" in page.content.decode()
    upload = SimpleUploadedFile("do-dau.xlsx", workbook(*good_rows(can_loc_commune)))
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200 and response.context["report"].ok and not Sponsorship.objects.exists()
    assert "2 dòng: 2 việc đỡ đầu mới, 0 cập nhật." in response.content.decode()
    assert PendingImport.objects.filter(kind=PendingImport.Kind.SPONSORSHIPS, owner=province_user).count() == 1
    response = client.post(IMPORT, {"action": "confirm", "token": response.context["token"]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("funding_list") and Sponsorship.objects.count() == 2
    assert "Đã nhập 2 dòng: 2 việc đỡ đầu mới, 0 cập nhật." in response.content.decode()


def test_the_page_shows_row_errors_with_a_400(client, province_user, can_loc_commune):
    client.force_login(province_user)
    upload = SimpleUploadedFile("do-dau.xlsx", workbook([can_loc_commune.code, "", "", "", "", "", "", ""]))
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 400 and not response.context["token"] and not PendingImport.objects.exists()


def test_the_template_reads_as_a_valid_sheet(client, province_user, territory):
    client.force_login(province_user)
    response = client.get(reverse("sponsorship_import_template"))
    assert response.status_code == 200 and len(read_rows(response.content, sponsorships=True)) == 1
    report = sponsorship_import(data=response.content, province=territory, actor=province_user)
    assert report.ok and report.created == 1 and not Sponsorship.objects.exists()


def test_who_may_import(client, leader_user, other_province_user, territory):
    assert client.get(IMPORT).status_code == 302  # anonymous: to the login page
    client.force_login(leader_user)  # reads, never writes
    assert client.get(IMPORT).status_code == 403
    client.force_login(other_province_user)  # another province's staff: their own province's page
    assert client.get(IMPORT).status_code == 200


def test_the_export_reads_a_fixed_number_of_queries(client, leader_user, can_loc_commune, django_assert_num_queries):
    url = reverse("sponsorship_export", args=["csv"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(leader_user)  # every reader of the province may download
    Sponsorship.objects.create(commune=can_loc_commune, sponsor="Công ty 0", date_from=datetime.date(2024, 1, 1))
    client.get(url, {"year": 2024})
    with django_assert_num_queries(4) as first:  # session, user, province, the sponsorships
        client.get(url, {"year": 2024})
    for n in range(1, 6):
        Sponsorship.objects.create(commune=can_loc_commune, sponsor=f"Công ty {n}", date_from=datetime.date(2024, 1, n))
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url, {"year": 2024}).content.decode("utf-8-sig").count("Công ty") == 6
