"""A commune officer enters a 2026 indicator under the 2026–2030 set (Decision 51/2025/QĐ-TTg):
the threshold the form and the row show is the one of the commune's group. The officer's commune
is a post-reform one (`xamoi`): formed on 1 July 2025, under its province, no district."""

from decimal import Decimal

from playwright.sync_api import expect

from communes.models import Assessment, Indicator, Threshold
from communes.services.groups import group_assign
from territory.reference import REFORM_DATE

YEAR = 2026


def test_commune_officer_saves_a_2026_indicator_against_its_groups_threshold(
        transactional_db, catalogue, reformed_commune_user, login, page, live_server, console_errors):
    commune = reformed_commune_user.commune
    assert commune.district_id is None and commune.current_from >= REFORM_DATE  # a post-reform commune
    indicator = Indicator.objects.get(code="2", criterion__criteria_set__code="commune-ntm-2026-2030")
    for group, value in ((1, 90), (2, 70), (3, 50)):  # distinct, so the page shows which one applies
        Threshold.objects.filter(indicator=indicator, commune_group=group).update(value=value)
    group_assign(commune=commune, group=3, valid_from=YEAR, basis="ethnic_area", deciding_act="60/QĐ-BDTTG", user=None)

    login("xamoi")
    page.goto(f"{live_server.url}/communes/{commune.code}/?year={YEAR}")
    expect(page.get_by_test_id("commune-group")).to_contain_text("nhóm 3")
    details = page.locator(f"#criterion-{indicator.criterion.number}")
    details.locator("summary").click()
    row = page.locator(f"#indicator-{indicator.pk}")
    expect(row).to_contain_text("≥\u00a050\u00a0% (nhóm 3)")
    row.get_by_role("link", name="Sửa").click()
    form = page.locator("tr.editing")
    expect(form).to_contain_text("(nhóm 3)")
    form.get_by_label("Giá trị").fill("60")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("Đạt")

    stored = Assessment.objects.get(commune=commune, indicator=indicator, year=YEAR)
    assert (stored.value, stored.met, stored.commune_group) == (Decimal(60), True, 3)  # group 2's 70 would fail
    assert console_errors == []
