"""A ministry office's national user: logs in, lands on every province side by side, sorts by the
NTM share, goes from 2024 (63 provinces) to 2026 (34, after the 1 July 2025 reform) and opens a
province's dashboard — at a desktop and a phone size, axe finding no serious violation."""

import re

from playwright.sync_api import expect

from showcase.demo.territory import demo_country_load, demo_reorganisations_load
from tests.e2e.test_accessibility import VIEWPORTS, serious


def test_national_user_compares_the_provinces_across_the_reform(
        transactional_db, national_user, login, page, live_server, console_errors):
    demo_reorganisations_load()
    demo_country_load(sample=True)  # every province and their lineage, a few communes each
    for viewport in VIEWPORTS:
        page.context.clear_cookies()
        _journey(page, login, VIEWPORTS[viewport])
    assert console_errors == []


def _journey(page, login, size):
    page.set_viewport_size(size)
    login("trunguong")
    expect(page).to_have_url(re.compile(r"/provinces/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Các tỉnh, thành phố")

    page.get_by_label("Năm").select_option("2024")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"year=2024"))
    rows = page.locator("#provinces-table tbody tr")
    expect(rows).to_have_count(63)
    expect(page.locator("#chart-canvas-national-share")).to_have_attribute("data-drawn", "true")

    # Sort by the NTM share, highest first (a second click): Hà Tĩnh, the only province with history, on top.
    page.get_by_role("link", name=re.compile("^Tỷ lệ NTM")).click()
    expect(page.locator("#provinces-table th[aria-sort=ascending]")).to_contain_text("Tỷ lệ NTM")
    page.get_by_role("link", name=re.compile("^Tỷ lệ NTM")).click()
    expect(page.locator("#provinces-table th[aria-sort=descending]")).to_contain_text("Tỷ lệ NTM")
    expect(rows.first).to_have_attribute("data-code", "42")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("—")  # no data, not 0
    assert "sort=-ntm_share" in page.url

    page.get_by_label("Năm").select_option("2026")
    page.get_by_role("button", name="Xem").click()
    expect(rows).to_have_count(34)
    expect(page.locator("#provinces-table tr[data-code='37'] th")).to_contain_text("hình thành từ")
    # Yên Bái's code went on under the name Lào Cai: formed from both, its own former name first.
    expect(page.locator("#provinces-table tr[data-code='15'] th")).to_contain_text(
        "hình thành từ Tỉnh Yên Bái, Tỉnh Lào Cai")
    assert serious(page) == []

    page.locator("#provinces-table tr[data-code='42'] th a").click()
    expect(page).to_have_url(re.compile(r"/dashboard/\?province=42&year=2026"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tỉnh Hà Tĩnh")
    expect(page.get_by_role("link", name="Sửa mục tiêu")).to_have_count(0)  # read-only
    assert serious(page) == []
