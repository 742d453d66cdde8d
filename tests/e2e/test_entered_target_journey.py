"""Province staff add an entered yes/no target, then enter that it was done, with its source; the
leaders' dashboard shows it met."""

from playwright.sync_api import expect


def test_province_staff_enter_a_yes_no_target(transactional_db, province_user, login, page, live_server,
                                              console_errors):
    login("tinh")
    page.goto(f"{live_server.url}/targets/?year=2024")
    page.get_by_role("link", name="Thêm mục tiêu").click()
    page.get_by_label("Loại mục tiêu").select_option(label="Nhập: có hoặc không")
    page.locator("#id_title").fill("Tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới")
    page.get_by_role("button", name="Lưu").click()
    row = page.locator("#targets-table tbody tr", has_text="Tỉnh hoàn thành nhiệm vụ")
    expect(row).to_contain_text("Chưa có dữ liệu")

    row.get_by_role("link", name="Sửa").click()
    page.locator("#id_done").select_option(label="Có")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_actual_source_error, .errorlist").first).to_contain_text("Ghi nguồn của giá trị thực hiện")
    page.locator("#id_actual_source").fill("Quyết định công nhận của Thủ tướng (ví dụ)")
    page.get_by_role("button", name="Lưu").click()
    row = page.locator("#targets-table tbody tr", has_text="Tỉnh hoàn thành nhiệm vụ")
    expect(row).to_contain_text("Đã đạt")
    expect(row).to_contain_text("chưa xác minh")

    row.get_by_role("link", name="Sửa").click()
    expect(page.locator("#target-history")).to_contain_text("Giá trị thực hiện")
    page.goto(f"{live_server.url}/dashboard/?year=2024")
    card = page.locator('.target-card[data-metric="yes_no"]')
    expect(card).to_contain_text("Tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới")
    expect(card).to_contain_text("Đã đạt")
    assert [e for e in console_errors if "status of 400" not in e] == []
