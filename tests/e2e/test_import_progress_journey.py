"""While an import's confirm runs, the person sees it running: the button is disabled, the status says
how many values are being written above a progress bar, and the seconds waited count up; then the
result page replaces it. The submission is held in the page until the checks are done, so "while it
runs" lasts as long as the test needs."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from communes.models import Assessment, Review
from tests.e2e.test_accessibility import serious


def _workbook_with_two_changes(province_user, tmp_path):
    Review.objects.filter(year=2024).update(state="draft")
    client = Client()
    client.force_login(province_user)
    book = load_workbook(io.BytesIO(client.get(reverse("assessments_download", args=["443"]) + "?year=2024").content))
    sheet = book.worksheets[0]
    column = next(cell.column for cell in sheet[1] if cell.value == "2.2")
    sheet.cell(3, column).value = 41.5
    sheet.cell(4, column).value = 42.5
    path = tmp_path / "can-loc-2024.xlsx"
    book.save(path)
    return path


def test_the_confirm_shows_its_progress_until_the_result(transactional_db, can_loc_assessed, province_user, login, page,
                                                         live_server, console_errors, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    path = _workbook_with_two_changes(province_user, tmp_path)
    login("tinh")
    page.goto(f"{live_server.url}{reverse('assessments_import')}")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-changes tbody tr")).to_have_count(2)
    status = page.locator("[data-busy-status]")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_be_empty()  # in the page from the start (a live region), silent until the click

    # Playwright cannot read a page whose navigation is pending (its locators wait for the navigation,
    # its evaluations fail as the old document is being left). So the test holds the submission in
    # the page itself: a last submit listener (on window, after busy.js's on document) keeps the
    # browser from leaving; everything before it — the click, busy.js, the page's state — is real.
    page.evaluate("() => window.addEventListener('submit', (event) => event.preventDefault(), {once: true})")
    button = page.get_by_role("button", name="Xác nhận nhập")
    button.click()

    expect(button).to_be_disabled()
    expect(status).to_have_text("Đang ghi 2 giá trị…")
    expect(page.get_by_role("progressbar", name="Đang ghi 2 giá trị…")).to_be_visible()
    assert page.locator("[data-busy-status] progress").get_attribute("value") is None  # indeterminate
    waited = page.locator("[data-busy-waited]")
    expect(waited).to_contain_text("Đang chờ máy chủ: 1 giây. Dữ liệu được ghi toàn bộ hoặc không ghi gì")
    assert not Assessment.objects.filter(value=42.5).exists()
    assert serious(page) == []

    # The submission goes on as the browser would have sent it: the result page replaces this one.
    page.evaluate("() => document.querySelector('form[data-busy]').submit()")
    expect(page.locator(".messages")).to_contain_text("Đã nhập 2 giá trị")
    expect(page.locator("[data-busy-status]")).to_have_count(0)  # the result page has no confirm
    assert Assessment.objects.filter(value__in=[41.5, 42.5]).count() == 2
    assert console_errors == []


def test_a_confirm_that_fails_shows_the_errors_and_nothing_is_written(transactional_db, can_loc_assessed, province_user,
                                                                      login, page, live_server, console_errors, tmp_path,
                                                                      settings):
    settings.MEDIA_ROOT = tmp_path
    path = _workbook_with_two_changes(province_user, tmp_path)
    login("tinh")
    page.goto(f"{live_server.url}{reverse('assessments_import')}")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-changes tbody tr")).to_have_count(2)
    # Someone edits one of the communes between the preview and the confirm.
    Assessment.objects.filter(commune__district__code="443", year=2024).update(version=9)

    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("#import-errors")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Không có gì được nhập")
    assert not Assessment.objects.filter(value__in=[41.5, 42.5]).exists()
    assert [e for e in console_errors if "status of 400" not in e] == []  # the refused confirm's page is a 400
