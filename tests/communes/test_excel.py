"""Excel round trip: export a district's assessments, fill them in, preview, confirm (all or nothing)."""

import io
import unicodedata
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from communes.models import Assessment, CommuneYearResult, Review
from communes.services.excel import ImportRefused, assessments_import_apply, assessments_import_check
from ntm_tracker.models import PendingImport


@pytest.fixture
def exported(client, province_user, can_loc_assessed):
    Review.objects.filter(year=2024).update(state="draft")
    client.force_login(province_user)
    response = client.get(reverse("assessments_download", args=["443"]) + "?year=2024")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    return load_workbook(io.BytesIO(response.content))


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(sheet, code):
    return next(cell.column for cell in sheet[1] if cell.value == code)


def test_export_layout_can_be_filled_in(exported, can_loc_assessed):
    sheet = exported.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["Mã xã", "Tên xã", "Năm", "1.1"]
    assert sheet[1][-1].value == "_khoa" and sheet.column_dimensions[sheet[1][-1].column_letter].hidden
    assert "Có quy hoạch" in sheet[2][3].value
    in_programme = [c for c in can_loc_assessed.communes.all() if c.in_programme]
    assert sheet.max_row - 2 == len(in_programme)
    assert sheet.cell(3, 4).value in ("Đạt", "Không đạt")
    assert sheet.protection.sheet and not sheet.cell(3, 4).protection.locked and sheet.cell(3, 1).protection.locked


def test_province_export_covers_every_district(client, leader_user, can_loc_assessed):
    client.force_login(leader_user)  # reading is enough to export
    response = client.get(reverse("assessments_download", args=["42"]) + "?year=2024")
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row - 2 == 181


def test_round_trip_previews_then_applies_every_change(exported, province_user):
    sheet = exported.worksheets[0]
    col = _column(sheet, "2.2")
    sheet.cell(3, col).value = 12
    sheet.cell(4, _column(sheet, "1.1")).value = "Không đạt"
    data = _bytes(exported)
    preview = assessments_import_check(data=data, user=province_user)
    assert preview.ok and len(preview.changes) == 2
    assert not Assessment.objects.filter(value=Decimal("12")).exists()  # the preview writes nothing
    assessments_import_apply(data=data, user=province_user)
    changed = Assessment.objects.get(value=Decimal("12"), year=2024)
    assert changed.met is False and changed.version == 2
    assert CommuneYearResult.objects.get(commune=changed.commune, year=2024).criteria_met < 19


def test_decomposed_vietnamese_is_read_as_composed(exported, province_user):
    """“Đạt” typed or pasted in Unicode NFD (a + combining dot below) is the same word."""
    sheet = exported.worksheets[0]
    cell = sheet.cell(4, _column(sheet, "1.1"))
    word = "Không đạt" if cell.value == "Đạt" else "Đạt"
    cell.value = unicodedata.normalize("NFD", word)
    assert cell.value != word
    preview = assessments_import_check(data=_bytes(exported), user=province_user)
    assert preview.errors == [] and len(preview.changes) == 1 and preview.changes[0].new == word


def test_every_error_names_row_and_column_and_nothing_is_written(exported, province_user, can_loc_assessed):
    sheet = exported.worksheets[0]
    sheet.cell(3, _column(sheet, "2.2")).value = 12  # a valid change, which must not be applied either
    sheet.cell(4, _column(sheet, "2.1")).value = "nhiều"
    sheet.cell(5, _column(sheet, "2.1")).value = 130
    sheet.cell(6, _column(sheet, "1.1")).value = "chắc có"
    sheet.cell(7, 1).value = "99999"
    result = assessments_import_check(data=_bytes(exported), user=province_user)
    text = "\n".join(result.errors)
    assert "Dòng 4, cột" in text and "“nhiều” không phải là số" in text
    assert "Dòng 5, cột" in text and "từ 0 đến 100" in text
    assert "Dòng 6, cột D (1.1)" in text and "ghi “Đạt” hoặc “Không đạt”" in text
    assert "Dòng 7, cột A: không có xã mã “99999”" in text
    with pytest.raises(ImportRefused):
        assessments_import_apply(data=_bytes(exported), user=province_user)
    assert not Assessment.objects.filter(version__gt=1).exists()


def test_rows_outside_the_users_scope_are_refused(exported, commune_user):
    sheet = exported.worksheets[0]
    sheet.cell(4, _column(sheet, "2.2")).value = 12  # row 4 is another Can Lộc commune
    errors = assessments_import_check(data=_bytes(exported), user=commune_user).errors
    assert any("Dòng 4: bạn không có quyền sửa" in e for e in errors)


def test_row_changed_in_the_app_since_export_is_refused_as_stale(exported, province_user):
    sheet = exported.worksheets[0]
    code = sheet.cell(3, 1).value
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    Assessment.objects.filter(commune__code=code, year=2024).update(version=5)
    errors = assessments_import_check(data=_bytes(exported), user=province_user).errors
    assert any("Dòng 3" in e and "xuất lại" in e for e in errors)


def test_a_stale_row_the_file_leaves_unchanged_passes(exported, province_user):
    sheet = exported.worksheets[0]
    Assessment.objects.filter(commune__code=sheet.cell(3, 1).value, year=2024).update(version=5)
    sheet.cell(4, _column(sheet, "2.2")).value = 12
    result = assessments_import_check(data=_bytes(exported), user=province_user)
    assert result.ok and [c.row for c in result.changes] == [4]


def test_approved_rows_are_read_only(exported, province_user):
    sheet = exported.worksheets[0]
    Review.objects.filter(commune__code=sheet.cell(3, 1).value, year=2024).update(state="approved")
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    errors = assessments_import_check(data=_bytes(exported), user=province_user).errors
    assert len(errors) == 1 and "Dòng 3" in errors[0] and "đã được phê duyệt" in errors[0]


def test_an_export_re_imported_after_approvals_passes_its_unchanged_rows(exported, province_user):
    """Issue 13, item 11: approving communes after the export does not make the file unusable."""
    sheet = exported.worksheets[0]
    approved = [sheet.cell(row, 1).value for row in (3, 5)]
    Review.objects.filter(commune__code__in=approved, year=2024).update(state="approved")
    sheet.cell(4, _column(sheet, "2.2")).value = 12
    result = assessments_import_check(data=_bytes(exported), user=province_user)
    assert result.ok and [c.row for c in result.changes] == [4]
    assessments_import_apply(data=_bytes(exported), user=province_user)
    assert Assessment.objects.get(commune__code=sheet.cell(4, 1).value, year=2024, indicator__code="2.2").value == 12
    sheet.cell(5, _column(sheet, "2.2")).value = 14  # now a change to an approved commune
    errors = assessments_import_check(data=_bytes(exported), user=province_user).errors
    assert len(errors) == 1 and errors[0].startswith("Dòng 5:") and "đã được phê duyệt" in errors[0]


@pytest.mark.parametrize("value, message", [
    (1e13, "12 chữ số"), ("1e13", "12 chữ số"), ("Infinity", "Nhập một số"),
    ("NaN", "Nhập một số"), ("sNaN", "Nhập một số"), ("-5", "không được âm"), ("12,345", "2 chữ số thập phân"),
])
def test_a_value_the_form_refuses_is_refused_by_the_import(exported, province_user, value, message):
    """Issue 13, item 1: the import validates numbers with the edit form's own field."""
    sheet = exported.worksheets[0]
    column = _column(sheet, "2.2")
    sheet.cell(3, column).value = value
    result = assessments_import_check(data=_bytes(exported), user=province_user)
    assert len(result.errors) == 1, result.errors
    assert result.errors[0].startswith(f"Dòng 3, cột {sheet.cell(1, column).column_letter} (2.2)")
    assert message in result.errors[0]


def test_not_a_workbook_is_refused(province_user, ha_tinh):
    assert assessments_import_check(data=b"not excel", user=province_user).errors


def test_import_page_preview_then_confirm(client, exported, province_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = exported.worksheets[0]
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    url = reverse("assessments_import")
    upload = SimpleUploadedFile("x.xlsx", _bytes(exported))
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and len(response.context["result"].changes) == 1
    assert not Assessment.objects.filter(value=12).exists()
    token = response.context["token"]
    assert PendingImport.objects.filter(token=token, owner=province_user, kind="assessments").exists()
    response = client.post(url, {"token": token})
    assert response.status_code == 302 and Assessment.objects.filter(value=12).exists()
    assert "Đã nhập 1 giá trị" in client.get(url).content.decode()
    assert not PendingImport.objects.exists() and not any(tmp_path.rglob("*"))  # nothing left behind


def test_another_users_staged_import_is_404(client, exported, province_user, admin_user):
    sheet = exported.worksheets[0]
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    url = reverse("assessments_import")
    token = client.post(url, {"file": SimpleUploadedFile("x.xlsx", _bytes(exported))}).context["token"]
    client.force_login(admin_user)
    client.raise_request_exception = False
    assert client.post(url, {"token": token}).status_code == 404
    assert client.post(url, {"token": "not-a-token"}).status_code == 404
    assert not Assessment.objects.filter(value=12).exists()


def test_import_page_refuses_other_file_types(client, province_user, ha_tinh):
    client.force_login(province_user)
    response = client.post(reverse("assessments_import"), {"file": SimpleUploadedFile("x.csv", b"a,b")})
    assert "Loại tệp này không được phép" in response.content.decode()


@pytest.mark.parametrize("persona, status", [("leader_user", 403), ("commune_user", 200), ("district_user", 200)])
def test_import_page_access(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("assessments_import")).status_code == status


def test_anonymous_cannot_export_or_import(client, ha_tinh):
    assert client.get(reverse("assessments_import")).status_code == 302
    assert client.get(reverse("assessments_download", args=["443"])).status_code == 302


def test_other_province_cannot_export(client, other_province_user, ha_tinh):
    client.force_login(other_province_user)
    assert client.get(reverse("assessments_download", args=["443"])).status_code == 404


@pytest.mark.parametrize("persona", ["admin_user", "province_user"])
def test_import_page_open_to_province_staff_and_admins(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("assessments_import")).status_code == 200


def test_confirm_checks_again_and_refuses_rows_changed_since_the_preview(client, exported, province_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = exported.worksheets[0]
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    sheet.cell(4, _column(sheet, "2.2")).value = 13
    url = reverse("assessments_import")
    token = client.post(url, {"file": SimpleUploadedFile("x.xlsx", _bytes(exported))}).context["token"]
    Assessment.objects.filter(commune__code=sheet.cell(4, 1).value, year=2024).update(version=9)  # edited meanwhile
    response = client.post(url, {"token": token})
    assert response.status_code == 400 and "Không có gì được nhập" in response.content.decode()
    assert any("Dòng 4" in e for e in response.context["result"].errors)
    assert not Assessment.objects.filter(value__in=[12, 13]).exists()


def test_an_import_changing_a_verified_assessment_sends_it_back_to_submitted(exported, province_user):
    from ntm_tracker.models import AuditEvent

    sheet = exported.worksheets[0]
    code = sheet.cell(3, 1).value
    Review.objects.filter(commune__code=code, year=2024).update(state="verified")
    Review.objects.filter(commune__code=sheet.cell(4, 1).value, year=2024).update(state="verified")  # unchanged
    sheet.cell(3, _column(sheet, "2.2")).value = 12
    assessments_import_apply(data=_bytes(exported), user=province_user)
    assert Review.objects.get(commune__code=code, year=2024).state == "submitted"
    assert Review.objects.get(commune__code=sheet.cell(4, 1).value, year=2024).state == "verified"
    event = AuditEvent.objects.filter(action="workflow", unit_code=code).latest("pk")
    assert event.actor == province_user and event.changes == {"state": ["verified", "submitted"]}
    assert "2.2" in event.reason
