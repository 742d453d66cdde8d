"""A user chooses English as their interface language; it comes back at the next login."""

from playwright.sync_api import expect


def test_language_preference_is_applied_at_the_next_login(transactional_db, district_user, login, page, console_errors):
    login("huyen")
    page.get_by_role("link", name="Cán bộ huyện").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")
    expect(page.locator("#your-scope")).to_contain_text("Bạn chỉ được sửa dữ liệu của Huyện Can Lộc.")
    page.get_by_label("Tiếng Anh").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.context.clear_cookies()  # another day, another browser session
    page.goto(page.url)
    page.get_by_label("Tên đăng nhập").fill("huyen")
    page.get_by_label("Mật khẩu").fill("Mat-khau-thu-2024")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert console_errors == []
