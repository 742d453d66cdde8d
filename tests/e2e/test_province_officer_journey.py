"""A province officer approves a commune the district verified, then records the province's
recognition decision, which shows on the commune's page and on its district's page."""

import re

from playwright.sync_api import expect

from communes.models import Recognition, Review
from communes.services.reviews import review_transition


def test_province_officer_approves_and_records_the_recognition_decision(
        transactional_db, can_loc_assessed, province_user, district_user, commune_user, login, page, live_server,
        console_errors):
    commune = commune_user.commune
    review_transition(commune=commune, year=2024, step="submit", user=commune_user)
    review_transition(commune=commune, year=2024, step="verify", user=district_user)
    Recognition.objects.filter(commune=commune, level="advanced").delete()  # the decision recorded below is new

    login("tinh")
    page.get_by_role("link", name="Duyệt", exact=True).click()
    page.get_by_label("Năm").select_option("2024")
    page.get_by_role("button", name="Xem").click()
    page.locator("#queue-table").get_by_role("link", name=commune.full_name).click()
    expect(page.get_by_test_id("review-state")).to_have_text("Huyện đã thẩm định")
    page.get_by_role("button", name="Phê duyệt (tỉnh)").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Tỉnh đã phê duyệt")
    expect(page.locator("#progress-commune").get_by_role("link", name="Sửa")).to_have_count(0)
    assert Review.objects.get(commune=commune, year=2024).state == Review.State.APPROVED

    page.locator("#recognitions").get_by_role("link", name="Ghi quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("quyết định công nhận", re.I))
    page.locator("#id_level").select_option("advanced")
    page.locator("#id_issuer").select_option("province_pc")
    page.locator("#id_standard_year").fill("2024")
    page.locator("#id_decision_date").fill("2025-03-15")
    page.get_by_role("button", name="Lưu").click()  # without its number: refused, next to the field
    expect(page.locator("#id_decision_number_error")).to_contain_text("bắt buộc")
    assert not Recognition.objects.filter(commune=commune, level="advanced").exists()

    page.locator("#id_decision_number").fill("1234/QĐ-UBND")
    page.locator("#id_verified").check()
    page.get_by_role("button", name="Lưu").click()
    # The assessment of 2024 falls short of the advanced set: said first, recorded once confirmed.
    expect(page.locator("#id_confirm_level_error")).to_contain_text("tiêu chí của “NTM nâng cao”")
    assert not Recognition.objects.filter(commune=commune, level="advanced").exists()
    page.locator("#id_confirm_level").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(rf"/communes/{commune.code}/"))
    expect(page.locator(".messages")).to_contain_text("Đã lưu quyết định.")
    decisions = page.locator("#recognitions")
    expect(decisions).to_contain_text("NTM nâng cao")
    expect(decisions).to_contain_text("1234/QĐ-UBND (15/03/2025)")

    page.goto(f"{live_server.url}/districts/{commune.district.code}/")
    row = page.locator("#communes-table tr", has=page.get_by_role("link", name=commune.full_name, exact=True))
    expect(row).to_contain_text("NTM nâng cao: 1234/QĐ-UBND (15/03/2025)")
    recognition = Recognition.objects.get(commune=commune, level="advanced")
    assert (recognition.decision_number, recognition.verified, recognition.created_by) == ("1234/QĐ-UBND", True, province_user)
    assert console_errors == []
