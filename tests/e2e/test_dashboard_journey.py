import re

from playwright.sync_api import expect

from showcase.demo.accounts import demo_targets_load
from showcase.demo.communes import demo_assessments_load
from showcase.demo.ocop import demo_ocop_load

CHARTS = ["levels_by_district", "progress", "criteria_by_district", "ocop_stars_by_district", "certificates_expiring"]


DISTRICT_CHARTS = ["progress", "criteria_by_district", "certificates_expiring"]  # one district: no one-bar chart


def _expect_charts_drawn(page, charts=CHARTS):
    for name in charts:
        canvas = page.locator(f"#chart-canvas-{name}")
        expect(canvas).to_have_attribute("data-drawn", "true")
        expect(canvas.locator(".main-svg").first).to_be_visible()


def _trace(page, name: str, key: str, index: int = 0):
    return page.evaluate(f"() => document.getElementById('chart-canvas-{name}').data[{index}].{key}")


def test_leader_changes_year_and_district_and_every_chart_renders(transactional_db, leader_user, login, page,
                                                                  console_errors, live_server):
    demo_targets_load()
    demo_ocop_load()
    demo_assessments_load(districts=["443", "444"])
    login("lanhdao")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều hành · Tỉnh Hà Tĩnh")
    _expect_charts_drawn(page)
    # It opens on the latest year with assessments (2024), the year of the provincial conference's targets.
    expect(page.locator(".scope-title")).to_contain_text("năm 2024")
    expect(page.locator("#target-cards .target-card")).to_have_count(9)  # 8 computed, 1 entered yes/no
    # 2024 is over: a target it missed reads "Không đạt", not "behind".
    expect(page.locator("[data-metric=communes_new_advanced]")).to_contain_text("Không đạt")
    _expect_charts_drawn(page)

    page.get_by_label("Năm", exact=True).select_option("2023")
    expect(page).to_have_url(re.compile(r"year=2023"))
    expect(page.locator(".stat").nth(1)).to_contain_text("(+10)")
    _expect_charts_drawn(page)
    # Real data: the 337 OCOP products certified at the end of 2023, the assessed districts' heatmap rows.
    assert sum(sum(_trace(page, "ocop_stars_by_district", "x", i)) for i in range(3)) == 337
    heatmap_rows = dict(zip(_trace(page, "criteria_by_district", "y"), _trace(page, "criteria_by_district", "z")))
    assert heatmap_rows["Huyện Can Lộc"] == [100] * 19
    expect(page.locator("#chart-canvas-criteria_by_district image").first).to_be_attached()
    assert len(_trace(page, "certificates_expiring", "x")) == 8

    page.get_by_label("Đơn vị cấp huyện", exact=True).select_option(label="Huyện Can Lộc")
    expect(page).to_have_url(re.compile(r"year=2023.*district=443"))
    expect(page.locator(".scope-title")).to_contain_text("Huyện Can Lộc")
    # Headed by the district; no "per district unit" chart of one bar.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều hành · Huyện Can Lộc")
    _expect_charts_drawn(page, DISTRICT_CHARTS)
    expect(page.locator("#chart-levels_by_district")).to_have_count(0)
    assert _trace(page, "criteria_by_district", "y")[-1].startswith("Xã ")  # one row per commune

    page.locator("#chart-criteria_by_district summary").click()
    expect(page.locator("#chart-criteria_by_district details table")).to_contain_text("Xã ")

    # The URL is shareable: opening it directly shows the same scope.
    page.goto(page.url)
    expect(page.locator(".scope-title")).to_contain_text("Huyện Can Lộc · năm 2023")
    _expect_charts_drawn(page, DISTRICT_CHARTS)

    # The leaders' district view: its scorecard, the same charts, and a link to the district page.
    page.get_by_role("link", name="Mở trang của huyện").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Can Lộc")
    expect(page.locator("#scorecard-table tbody tr").first).to_contain_text("19/19")
    _expect_charts_drawn(page, DISTRICT_CHARTS)
    page.get_by_label("Năm", exact=True).select_option("2022")
    expect(page).to_have_url(re.compile(r"/dashboard/districts/443/\?.*year=2022"))
    expect(page.locator("#scorecard-title")).to_contain_text("2022")
    _expect_charts_drawn(page, DISTRICT_CHARTS)
    page.locator("#district-page-link").click()
    expect(page).to_have_url(re.compile(r"/districts/443/\?year=2022"))
    expect(page.locator("#scorecard-district")).to_be_visible()
    assert console_errors == []


def test_png_download_and_csv_link(transactional_db, leader_user, login, page, console_errors):
    login("lanhdao")
    _expect_charts_drawn(page)
    with page.expect_download() as png:
        page.locator("[data-chart-png=chart-canvas-progress]").click()
    assert png.value.suggested_filename.endswith(".png")
    with page.expect_download() as csv_file:
        page.locator("#chart-progress").get_by_role("link", name="Tải CSV").click()
    assert csv_file.value.suggested_filename.startswith("progress-")
    assert console_errors == []


def test_province_staff_set_a_target_and_see_it_on_the_dashboard(transactional_db, province_user, login, page,
                                                                 console_errors):
    login("tinh")
    page.get_by_role("link", name="Mục tiêu").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mục tiêu · Tỉnh Hà Tĩnh")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Năm", exact=True).select_option("2023")
    expect(page).to_have_url(re.compile(r"year=2023"))
    page.get_by_role("link", name="Thêm mục tiêu").click()
    page.get_by_label("Chỉ tiêu").select_option(label="Số xã đạt chuẩn NTM kiểu mẫu mới")
    page.get_by_label("Giá trị mục tiêu").fill("-3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_value_error")).to_have_text("Mục tiêu không được là số âm.")
    page.get_by_label("Giá trị mục tiêu").fill("8")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".message")).to_have_text("Đã lưu mục tiêu.")
    expect(page.locator("#targets-table")).to_contain_text("Số xã đạt chuẩn NTM kiểu mẫu mới")

    page.get_by_role("link", name="Bảng điều hành").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều hành · Tỉnh Hà Tĩnh")
    _expect_charts_drawn(page)
    page.get_by_label("Năm", exact=True).select_option("2023")
    expect(page).to_have_url(re.compile(r"/dashboard/\?.*year=2023"))
    card = page.locator("[data-metric=communes_new_model]")
    expect(card).to_contain_text("8")
    expect(card).to_contain_text("Đã đạt")
    assert console_errors == []


def test_leader_prints_the_annual_summary(transactional_db, leader_user, login, page, console_errors):
    demo_ocop_load()
    login("lanhdao")
    page.get_by_role("link", name="Báo cáo năm").click()
    page.get_by_role("link", name="2023", exact=True).click()
    expect(page.locator("#new-ntm")).to_have_text("4")
    expect(page.locator("#new-advanced")).to_have_text("10")
    expect(page.locator("#new-model")).to_have_text("8")
    expect(page.locator("#ocop-new-3")).to_have_text("128")
    expect(page.locator("#summary-exports tbody tr")).to_have_count(6)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-years")).to_be_hidden()
    assert console_errors == []
