"""Since 1 July 2025 a commune stands directly under its province: the post-reform commune's user
(`xamoi`, Xã Đan Hải 18364, on the whole province after the demo's two 2025 steps) sees what the commune was formed from, submits its year,
and the province approves it — no district step in between."""

import re

from playwright.sync_api import expect

from communes.models import Review


def test_a_post_reform_commune_submits_and_the_province_approves_without_a_district(
        transactional_db, province_user, reformed_commune_user, login, page, live_server, console_errors):
    commune = reformed_commune_user.commune
    assert commune.district_id is None and commune.valid_to is None

    login("xamoi")
    page.goto(f"{live_server.url}/communes/{commune.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(commune.full_name)
    year = int(page.locator("#year-select").input_value())
    assert year >= 2025  # never a year before the unit's first period
    predecessors = page.locator("#predecessors")
    expect(predecessors).to_contain_text("Hình thành từ")
    expect(predecessors).to_contain_text("không phải trạng thái chính thức")
    expect(page.locator(".breadcrumbs")).not_to_contain_text("Huyện")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(rf"/communes/{commune.code}/\?year={year}#review"))
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi")

    page.context.clear_cookies()
    login("tinh")
    page.get_by_role("link", name="Duyệt", exact=True).click()
    page.locator("#queue-table").get_by_role("link", name=commune.full_name).click()
    expect(page.get_by_role("button", name="Thẩm định (huyện)")).to_have_count(0)
    # The commune's year is not complete: the province reads the warnings and goes on knowingly.
    expect(page.locator("#review-warnings")).to_be_visible()
    page.get_by_label("Tôi đã đọc các cảnh báo và vẫn tiếp tục").check()
    page.get_by_role("button", name="Phê duyệt (tỉnh)").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Tỉnh đã phê duyệt")
    assert Review.objects.get(commune=commune, year=year).state == Review.State.APPROVED
    assert console_errors == []
