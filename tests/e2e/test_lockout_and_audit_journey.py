"""A leader mistypes the password five times and is locked out; the administrator sees it, unlocks
the account and finds the events in the audit log."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_locked_out_user_is_unlocked_by_the_administrator(transactional_db, admin_user, leader_user, browser,
                                                          live_server, login, page, console_errors):
    # The leader works on another computer than the administrator.
    leader = browser.new_context(locale="vi-VN", user_agent="Chromium ở văn phòng huyện").new_page()
    for _ in range(5):
        leader.goto(f"{live_server.url}/accounts/login/")
        leader.get_by_label("Tên đăng nhập").fill("lanhdao")
        leader.get_by_label("Mật khẩu").fill("sai-mat-khau")
        leader.get_by_role("button", name="Đăng nhập").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Tài khoản tạm thời bị khóa")

    login("admin")
    page.get_by_role("navigation").get_by_role("link", name="Người dùng", exact=True).first.click()
    page.get_by_label("Tìm kiếm").fill("lanhdao")
    page.get_by_label("Tìm kiếm").press("Enter")
    expect(page).to_have_url(re.compile(r"q=lanhdao"))
    row = page.locator("#users-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bị khóa đăng nhập")
    # Leaving the search box fires its "change", which reloads the list (htmx, pushing the URL): a
    # click on the link at that moment can be cancelled by it. Follow the link's address instead.
    page.goto(live_server.url + row.get_by_role("link", name="lanhdao").get_attribute("href"))
    page.get_by_role("button", name="Mở khóa đăng nhập").click()
    expect(page.get_by_role("status").first).to_contain_text("Tài khoản đã được mở khóa đăng nhập.")

    page.get_by_role("link", name="Nhật ký hệ thống").click()
    page.get_by_label("Thao tác").select_option(label="Bị khóa đăng nhập")
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
    expect(page.locator("#audit-table tbody tr")).to_contain_text("lanhdao")
    expect(page).to_have_url(re.compile(r"action=locked_out"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất .csv").click()
    assert "lanhdao" in open(download.value.path(), encoding="utf-8-sig").read()
    assert console_errors == []

    leader.goto(f"{live_server.url}/accounts/login/")
    leader.get_by_label("Tên đăng nhập").fill("lanhdao")
    leader.get_by_label("Mật khẩu").fill(PASSWORD)
    leader.get_by_role("button", name="Đăng nhập").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Bảng điều hành · Tỉnh Hà Tĩnh")
