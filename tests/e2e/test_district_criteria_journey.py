"""A district's standing on the district set (320/QĐ-TTg): from the district page, province staff
enter the criteria of 2024, the district officer submits, province staff approve; approved is
read-only."""

from playwright.sync_api import expect

from communes.models import DistrictAssessment, DistrictReview, DistrictYearResult

YEAR = 2024


def test_province_staff_enter_a_district_value_and_approve(
        transactional_db, catalogue, can_loc, province_user, district_user, login, page, live_server, console_errors,
        browser):
    login("tinh")
    page.goto(f"{live_server.url}/districts/{can_loc.code}/")
    summary = page.locator("#district-criteria-summary")
    expect(summary).to_contain_text("Chưa có kết quả đánh giá của huyện")
    summary.get_by_role("link", name="Các tiêu chí của huyện theo từng năm").click()
    page.get_by_role("link", name=str(YEAR), exact=True).click()
    expect(page.get_by_role("heading", level=2, name=f"Các tiêu chí năm {YEAR}")).to_be_visible()
    for number in range(1, 10):
        page.locator(f"#district-criterion-{number}").get_by_role("combobox").select_option("yes" if number != 9 else "no")
    page.get_by_label("Ghi chú 9").fill("Chỉ tiêu 9.2 chưa đạt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu kết quả đánh giá của huyện")
    expect(page.get_by_test_id("district-criteria-met")).to_contain_text("Đạt 8/9 tiêu chí")
    page.get_by_label("9. Hệ thống chính trị", exact=False).select_option("yes")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("district-criteria-met")).to_contain_text("Đạt 9/9 tiêu chí")

    # The district officer submits; the province approves.
    context = browser.new_context(locale="vi-VN")
    other = context.new_page()
    other.goto(f"{live_server.url}/accounts/login/")
    other.get_by_label("Tên đăng nhập").fill("huyen")
    other.get_by_label("Mật khẩu").fill("Mat-khau-thu-2024")
    other.get_by_role("button", name="Đăng nhập").click()
    other.goto(f"{live_server.url}/districts/{can_loc.code}/criteria/?year={YEAR}")
    other.get_by_role("button", name="Gửi duyệt").click()
    expect(other.get_by_test_id("district-review-state")).to_have_text("Đã gửi")
    context.close()

    page.reload()
    page.get_by_role("button", name="Phê duyệt (tỉnh)").click()
    expect(page.get_by_test_id("district-review-state")).to_have_text("Tỉnh đã phê duyệt")
    expect(page.get_by_role("button", name="Lưu")).to_have_count(0)  # approved: read-only

    assert DistrictReview.objects.get(district=can_loc, year=YEAR).state == "approved"
    assert DistrictYearResult.objects.get(district=can_loc, year=YEAR).level == "ntm"
    assert DistrictAssessment.objects.filter(district=can_loc, year=YEAR, met=True).count() == 9
    page.goto(f"{live_server.url}/districts/{can_loc.code}/")
    expect(page.locator("#district-criteria-summary")).to_contain_text("9/9")
    assert console_errors == []
