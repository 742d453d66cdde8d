"""A district officer works through what their communes submitted: corrects a value with a reason,
verifies one commune on its page and the rest from the queue; other districts stay out of reach."""

import re

from playwright.sync_api import expect

from communes.models import Assessment, Indicator, Review
from communes.services.reviews import review_transition
from territory.models import Commune


def test_district_officer_corrects_and_verifies_what_their_communes_submitted(
        transactional_db, can_loc_assessed, district_user, commune_user, login, page, live_server, console_errors):
    mine = list(Commune.objects.filter(district=can_loc_assessed, kind=Commune.Kind.COMMUNE).order_by("code")[:2])
    elsewhere = Commune.objects.filter(district__province=can_loc_assessed.province, kind=Commune.Kind.COMMUNE
                                       ).exclude(district=can_loc_assessed).order_by("code").first()
    for commune in [*mine, elsewhere]:
        review_transition(commune=commune, year=2024, step="submit", user=commune_user)
    indicator = Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")
    waiting = Review.objects.filter(commune__district=can_loc_assessed, state="submitted").count()  # with the demo's

    login("huyen")
    page.get_by_role("link", name="Duyệt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chờ tôi xử lý")
    queue = page.locator("#queue-table tbody tr")
    expect(queue).to_have_count(waiting)
    for commune in mine:
        expect(page.locator("#queue-table").get_by_role("link", name=commune.full_name)).to_have_count(1)
    expect(page.locator("#queue-table")).not_to_contain_text(elsewhere.full_name)

    page.get_by_role("link", name=mine[0].full_name).click()
    expect(page).to_have_url(re.compile(rf"/communes/{mine[0].code}/\?year=2024#review"))
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi")
    details = page.locator("#criterion-2")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    page.locator(f"#indicator-{indicator.pk}").get_by_role("link", name="Sửa").click()
    form = page.locator("tr.editing")
    form.get_by_label("Giá trị").fill("88")
    form.get_by_label("Lý do thay đổi (không bắt buộc)").fill("Số liệu theo biên bản kiểm tra của huyện")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("88")
    page.reload()
    page.locator("#history").scroll_into_view_if_needed()  # the latest changes load when in view
    expect(page.locator("#history")).to_contain_text("Số liệu theo biên bản kiểm tra của huyện")
    assert Assessment.objects.get(commune=mine[0], indicator=indicator, year=2024).updated_by == district_user

    page.get_by_role("button", name="Thẩm định (huyện)").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Huyện đã thẩm định")
    expect(page.get_by_role("button", name="Phê duyệt (tỉnh)")).to_have_count(0)  # the province's step

    page.get_by_role("link", name="Duyệt", exact=True).click()
    expect(queue).to_have_count(waiting - 1)
    for checkbox in page.locator("#queue-table input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Thẩm định các xã đã chọn").first.click()  # the button above the table
    expect(page.locator(".messages")).to_contain_text(f"Đã cập nhật {waiting - 1} đánh giá")
    expect(page.locator("#queue-table")).to_have_count(0)
    expect(page.get_by_text("Không có hồ sơ nào chờ bạn xử lý.")).to_be_visible()
    assert [Review.objects.get(commune=c, year=2024).state for c in mine] == ["verified", "verified"]
    assert Review.objects.get(commune=elsewhere, year=2024).state == "submitted"
    assert console_errors == []

    # another district's commune: readable, but neither editable nor verifiable
    page.goto(f"{live_server.url}/communes/{elsewhere.code}/?year=2024")
    expect(page.get_by_role("button", name="Thẩm định (huyện)")).to_have_count(0)
    expect(page.locator("#progress-commune").get_by_role("link", name="Sửa")).to_have_count(0)
    response = page.goto(f"{live_server.url}/communes/{elsewhere.code}/assessments/{indicator.pk}/2024/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
