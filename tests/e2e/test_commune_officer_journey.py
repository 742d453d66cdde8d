"""A commune officer, from the login page: finds their commune, fills in a new year's indicators
(a percentage, a yes/no one with its evidence file) and submits the year for review."""

import re

from playwright.sync_api import expect

from communes.models import Assessment, CommuneYearResult, Indicator, Review
from tests.e2e.conftest import edit_form_open

NTM_SET = "commune-ntm-2021-2025"


def _indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, criterion__criteria_set__code=NTM_SET)


def _edit(page, indicator: Indicator):
    return edit_form_open(page, indicator)


def test_commune_officer_fills_in_a_new_year_and_submits_it(
        transactional_db, commune_user, district_user, login, page, live_server, console_errors, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    commune = commune_user.commune
    login("xa")
    # A commune officer lands on their own commune's page.
    expect(page.get_by_role("heading", level=1)).to_contain_text(commune.full_name)
    page.goto(f"{page.url.split('?')[0]}?year=2025")
    expect(page.get_by_test_id("review-state")).to_have_text("Bản nháp")

    roads = _indicator("2.2")
    form = _edit(page, roads)
    form.get_by_label("Giá trị").fill("91,5")
    form.get_by_label("Ghi chú").fill("Theo báo cáo của thôn")
    form.get_by_role("button", name="Lưu").click()
    row = page.locator(f"#indicator-{roads.pk}")
    expect(row).to_contain_text("91,5")
    expect(row).to_contain_text("Đạt")

    planning = _indicator("1.1")
    evidence = tmp_path / "quy-hoach.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% quy hoach xa\n")
    form = _edit(page, planning)
    form.get_by_label("Tình trạng").select_option(label="Không đạt")
    form.get_by_label("Minh chứng").set_input_files(str(evidence))
    form.get_by_role("button", name="Lưu").click()
    row = page.locator(f"#indicator-{planning.pk}")
    expect(row).to_contain_text("Không đạt")
    expect(page.locator("#criterion-1-status")).to_contain_text("Không đạt")

    stored = Assessment.objects.get(commune=commune, indicator=planning, year=2025)
    assert stored.met is False and stored.evidence.name.endswith(".pdf")
    assert Assessment.objects.get(commune=commune, indicator=roads, year=2025).met is True
    summary = CommuneYearResult.objects.get(commune=commune, year=2025)
    assert summary.criteria_met == 0 and summary.level == ""  # criterion 2 still has indicators without data

    page.reload()  # what was saved inline is what the page shows afterwards
    page.locator(f"#criterion-{roads.criterion.number} summary").click()
    expect(page.locator(f"#indicator-{roads.pk}")).to_contain_text("91,5")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Đã gửi")
    expect(page.locator(".messages")).to_contain_text("Đã gửi")
    expect(page.get_by_role("button", name="Thẩm định (huyện)")).to_have_count(0)
    expect(page.locator("#review .timeline li")).to_have_count(1)
    assert Review.objects.get(commune=commune, year=2025).state == Review.State.SUBMITTED
    assert console_errors == []

    # the district officer now finds it in their queue
    page.context.clear_cookies()
    login("huyen")
    page.get_by_role("link", name="Duyệt", exact=True).click()
    expect(page.get_by_role("link", name=commune.full_name)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/review/"))
