"""A provincial leader, from the login page: reads the dashboard (every chart draws), follows a
district, then opens the annual summary and prints it; the print stylesheet leaves only the report."""

import re

from playwright.sync_api import expect

from showcase.demo.accounts import demo_targets_load
from showcase.demo.communes import demo_assessments_load

DRAWN = ["levels_by_district", "progress"]


def _charts_drawn(page):
    for name in DRAWN:
        canvas = page.locator(f"#chart-canvas-{name}")
        expect(canvas).to_have_attribute("data-drawn", "true")
        expect(canvas.locator(".main-svg").first).to_be_visible()


def test_leader_reads_the_dashboard_then_prints_the_annual_summary(
        transactional_db, leader_user, login, page, live_server, console_errors):
    demo_targets_load()
    demo_assessments_load(districts=["443"])  # the dashboard opens on the latest year with data: 2024
    # The print dialog cannot be driven headless: count the calls, then render print media as a PDF.
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    login("lanhdao")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    _charts_drawn(page)
    expect(page.locator("#target-cards .target-card")).to_have_count(9)  # 8 computed, 1 entered yes/no
    bars = page.evaluate("() => document.getElementById('chart-canvas-levels_by_district').data[0].x.length")
    assert bars == 13  # one bar per district unit of Hà Tĩnh

    # the dashboard prints without its filters and chart buttons, charts kept
    page.emulate_media(media="print")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".filters")).to_be_hidden()
    expect(page.locator(".chart-actions").first).to_be_hidden()
    expect(page.locator("#chart-canvas-progress")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Báo cáo năm").click()
    page.get_by_role("link", name="2024", exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/2024/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024")
    expect(page.locator("#summary-headline")).to_be_visible()

    page.get_by_role("link", name="In báo cáo").click()
    assert page.evaluate("window.__printed") == 1
    assert page.url.endswith("/reports/2024/")  # the button does not navigate

    page.emulate_media(media="print")
    for chrome in [".site-header", ".main-nav", ".site-footer", ".lang-switch", ".report-years", ".print-button"]:
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#summary-headline")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert console_errors == []
