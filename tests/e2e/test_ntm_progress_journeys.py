"""Browser journeys of the NTM progress pages: inline editing, stale edits, the review workflow,
the Excel round trip."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from communes.models import Assessment, Indicator, Review
from communes.services.assessments import assessment_save
from tests.e2e.conftest import edit_form_open


@pytest.fixture
def xa_commune(transactional_db, can_loc_assessed, commune_user):
    return commune_user.commune


def _open_indicator(page, number: int, code: str):
    indicator = Indicator.objects.get(code=code, criterion__criteria_set__code="commune-ntm-2021-2025")
    assert indicator.criterion.number == number
    return edit_form_open(page, indicator)


def test_commune_officer_edits_an_indicator_inline_and_the_summary_follows(xa_commune, login, page, live_server, console_errors):
    login("xa")
    page.goto(f"{live_server.url}/communes/{xa_commune.code}/?year=2024")
    expect(page.get_by_test_id("criteria-met")).to_have_text("19/19")

    form = _open_indicator(page, 2, "2.2")
    form.get_by_label("Giá trị").fill("50")
    form.get_by_role("button", name="Lưu").click()

    indicator = Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")
    row = page.locator(f"#indicator-{indicator.pk}")
    expect(row).to_contain_text("50 %")
    expect(row).to_contain_text("Không đạt")
    expect(page.locator("#criterion-2-status")).to_contain_text("Không đạt")
    expect(page.get_by_test_id("criteria-met")).to_have_text("18/19")
    expect(page.locator("#summary-commune")).to_contain_text("Còn thiếu 1 tiêu chí")

    form = _open_indicator(page, 2, "2.2")
    form.get_by_label("Giá trị").fill("120")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("tr.editing")).to_contain_text("Tỷ lệ phần trăm phải từ 0 đến 100")
    assert console_errors == []


def test_stale_edit_is_refused_with_the_current_value(xa_commune, province_user, login, page, live_server, console_errors):
    login("xa")
    page.goto(f"{live_server.url}/communes/{xa_commune.code}/?year=2024")
    form = _open_indicator(page, 2, "2.2")

    indicator = Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")
    current = Assessment.objects.get(commune=xa_commune, indicator=indicator, year=2024)
    assessment_save(commune=xa_commune, indicator=indicator, year=2024, value=77, expected_version=current.version,
                    user=province_user)  # someone at the province saves first

    form.get_by_label("Giá trị").fill("95")
    form.get_by_role("button", name="Lưu").click()
    stale = page.get_by_test_id("stale")
    expect(stale).to_contain_text("Chưa lưu")
    expect(stale).to_contain_text("tinh")
    expect(stale).to_contain_text("77")
    assert Assessment.objects.get(pk=current.pk).value == 77
    # The refusal is a 409 (ntm_tracker/stale.py), which the browser logs; htmx swapped it in, nothing failed.
    assert console_errors == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_submit_return_resubmit_verify_approve(xa_commune, district_user, province_user, login, page, live_server, console_errors):
    url = f"{live_server.url}/communes/{xa_commune.code}/?year=2024"
    _as(page, login, "xa")
    page.goto(url)
    expect(page.get_by_test_id("review-state")).to_have_text("Bản nháp")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi")

    _as(page, login, "huyen")
    page.goto(f"{live_server.url}/review/?year=2024")
    page.get_by_role("link", name=xa_commune.full_name).click()
    page.get_by_label("Lý do (bắt buộc)").fill("Thiếu minh chứng tiêu chí 17")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Trả lại để sửa")
    expect(page.locator("#review")).to_contain_text("Thiếu minh chứng tiêu chí 17")

    _as(page, login, "xa")
    page.goto(url)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi")

    _as(page, login, "huyen")
    page.goto(url)
    page.get_by_role("button", name="Thẩm định (huyện)").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Huyện đã thẩm định")

    _as(page, login, "tinh")
    page.goto(f"{live_server.url}/review/?year=2024")
    page.get_by_label(f"{xa_commune.full_name} 2024").check()
    page.get_by_role("button", name="Phê duyệt các xã đã chọn").first.click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật 1 đánh giá")
    page.goto(url)
    expect(page.get_by_test_id("review-state")).to_have_text("Tỉnh đã phê duyệt")
    expect(page.locator("#progress-commune").get_by_role("link", name="Sửa")).to_have_count(0)
    expect(page.locator("#review .timeline li")).to_have_count(5)
    assert Review.objects.get(commune=xa_commune, year=2024).state == "approved"
    assert console_errors == []


def test_excel_export_edited_and_imported_back(xa_commune, province_user, login, page, live_server, console_errors, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    login("tinh")
    page.goto(f"{live_server.url}/districts/443/?year=2024")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)

    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c.column for c in sheet[1] if c.value == "2.2")
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == xa_commune.code)
    sheet.cell(row, column).value = 42.5
    book.save(path)

    page.get_by_role("link", name="Nhập kết quả NTM").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    changes = page.locator("#import-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes).to_contain_text("42,5")
    assert not Assessment.objects.filter(value=42.5).exists()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messages")).to_contain_text("Đã nhập 1 giá trị")

    page.goto(f"{live_server.url}/communes/{xa_commune.code}/?year=2024")
    expect(page.get_by_test_id("criteria-met")).to_have_text("18/19")
    page.locator("#history").scroll_into_view_if_needed()  # the latest changes load when in view
    expect(page.locator("#history")).to_contain_text("Nhập từ Excel")
    assert console_errors == []
