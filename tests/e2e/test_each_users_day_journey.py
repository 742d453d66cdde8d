"""Each user's day (issue 14): where each role lands and what its menu offers, the review queue as
a long table, the OCOP product form's type-ahead, narrowed subgroups and error summary — at a
desktop (1366×900) and a phone (390×844) size, asserting what a person sees, with axe finding no
serious or critical violation on each page visited."""

import re

import pytest
from playwright.sync_api import expect

from communes.models import Review
from territory.models import Commune
from ntm_tracker.collation import sort_key
from tests.e2e.test_accessibility import serious
from tests.factories import make_producer

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

# username: (heading of the landing page, menu items shown, menu items hidden)
LANDINGS = {
    "xa": ("{commune}", ["Xã của tôi", "Sản phẩm OCOP", "Duyệt"], ["Tổng quan", "Bảng điều hành", "Người dùng"]),
    "huyen": ("Huyện Can Lộc", ["Huyện của tôi", "Sản phẩm OCOP", "Duyệt"], ["Tổng quan", "Bảng điều hành"]),
    "tinh": ("Tỉnh Hà Tĩnh", ["Tổng quan", "Bảng điều hành", "Mục tiêu", "Duyệt"], ["Người dùng"]),
    "lanhdao": ("Bảng điều hành · Tỉnh Hà Tĩnh", ["Bảng điều hành", "Mục tiêu"], ["Duyệt", "Người dùng"]),
    "admin": ("Các tỉnh, thành phố", ["Các tỉnh, thành phố", "Người dùng", "Nhật ký hệ thống"], ["Duyệt", "Xã của tôi"]),
    "trunguong": ("Các tỉnh, thành phố", ["Các tỉnh, thành phố", "Sản phẩm OCOP", "Báo cáo năm"],
                  ["Duyệt", "Người dùng", "Mục tiêu"]),
}


@pytest.fixture
def everyone(transactional_db, admin_user, leader_user, province_user, district_user, commune_user, national_user):
    return commune_user.commune


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("username", LANDINGS)
def test_each_role_lands_on_its_own_work_with_only_its_menu(everyone, login, page, viewport, username):
    page.set_viewport_size(VIEWPORTS[viewport])
    heading, shown, hidden = LANDINGS[username]
    login(username)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading.format(commune=everyone.full_name))
    nav = page.get_by_role("navigation", name="Chính")
    if viewport == "phone":
        # A compact bar: at most a sixth of the first screen, the menu behind its button.
        assert page.locator(".site-header").bounding_box()["height"] <= 844 / 6
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    for label in shown:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    if viewport == "desktop":
        # The menu stays on one line: every item at the same height.
        tops = {round(box["y"]) for box in (link.bounding_box() for link in nav.get_by_role("link").all())}
        assert len(tops) == 1, tops
    assert serious(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_province_officer_works_through_a_long_review_queue(transactional_db, province_user, login, page, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    for commune in Commune.objects.filter(district__province__code="42", kind="xa").order_by("code")[:70]:
        Review.objects.update_or_create(commune=commune, year=2024, defaults={"state": "verified"})
    login("tinh")
    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Duyệt", exact=True).click()
    expect(page.locator("#queue-count")).to_have_text("70 hồ sơ xã-năm đang chờ")
    rows = page.locator("#queue-table tbody tr")
    expect(rows).to_have_count(50)
    if viewport == "desktop":
        # The header stays in view while the 50 rows scroll inside their box.
        assert page.locator(".table-scroll").evaluate("box => { box.scrollTop = 600; return box.scrollTop; }") > 300
        head = page.locator("#queue-table thead th").first.bounding_box()
        scroller = page.locator(".table-scroll").bounding_box()
        assert abs(head["y"] - scroller["y"]) < 3
        expect(page.locator("#queue-table thead th").nth(1)).to_be_in_viewport()
    # The bulk button is above the table too.
    expect(page.locator("#queue-actions-top").get_by_role("button", name="Phê duyệt các xã đã chọn")).to_be_visible()
    assert serious(page) == []

    # Sort by commune: an arrow and aria-sort on the header, the names in Vietnamese order.
    header = page.locator("#queue-table thead th").nth(1)
    header.get_by_role("link").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(header).to_contain_text("▲")
    names = [name.split(" ", 1)[1] for name in page.locator("#queue-table tbody th").all_inner_texts()]

    assert names == sorted(names, key=sort_key)

    # Page numbers: page 2 holds the last 20.
    page.get_by_role("link", name="Trang 2").click()
    expect(rows).to_have_count(20)
    expect(page).to_have_url(re.compile(r"sort=commune.*page=2"))

    # The district filter narrows the queue.
    district_select = page.get_by_label("Huyện", exact=True)
    district_select.select_option(index=2)
    chosen = district_select.locator("option:checked").inner_text()
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"district=\d{3}"))
    expect(page.locator("#queue-table tbody tr").first).to_contain_text(chosen)
    for district in page.locator("#queue-table tbody tr td:nth-child(3)").all_inner_texts():
        assert district == chosen

    # Select the whole page with one box.
    page.get_by_label("Chọn mọi dòng của trang này").check()
    boxes = page.locator('#queue-table tbody input[name="item"]')
    assert boxes.count() > 0 and all(box.is_checked() for box in boxes.all())
    assert serious(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ocop_product_form_types_ahead_narrows_subgroups_and_sums_up_errors(
        transactional_db, ha_tinh, province_user, can_loc_commune, login, page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    make_producer(can_loc_commune, name="HTX Bắc Sơn")
    make_producer(can_loc_commune, name="HTX Bùi Xá")
    login("tinh")
    page.goto(f"{live_server.url}/ocop/products/new/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Saved empty: a summary at the top with a link to each field, the errors tied to the inputs.
    page.get_by_role("button", name="Lưu").click()
    summary = page.get_by_role("alert").filter(has_text="Chưa lưu được: vui lòng sửa các lỗi sau.")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Chủ thể: "))).to_be_visible()
    producer = page.get_by_label("Chủ thể")
    expect(producer).to_have_attribute("aria-invalid", "true")
    expect(producer).to_have_attribute("aria-describedby", re.compile("id_producer_error"))
    expect(page.locator("#id_producer_error")).to_be_visible()
    assert serious(page) == []

    # The producer list offers Vietnamese order to the browser's type-ahead.
    options = page.locator("#id_producer_list option")
    labels = [options.nth(i).get_attribute("value") for i in range(options.count())]
    bac, bui = (labels.index(f"HTX {name} — {can_loc_commune.full_name}") for name in ("Bắc Sơn", "Bùi Xá"))
    assert bac < bui

    # The subgroup list shows only the chosen group's subgroups.
    page.get_by_label("Nhóm sản phẩm").select_option(label="Đồ uống")
    subgroup = page.get_by_label("Phân nhóm")
    visible_groups = subgroup.locator("optgroup:not([hidden])")
    expect(visible_groups).to_have_count(1)
    expect(visible_groups).to_have_attribute("label", "Đồ uống")

    page.get_by_label("Tên sản phẩm").fill("Rượu Bắc Sơn")
    producer.fill(f"HTX Bắc Sơn — {can_loc_commune.full_name}")
    subgroup.select_option(label="Đồ uống có cồn")
    page.get_by_label("Xã xuất xứ").fill(f"{can_loc_commune.full_name} — Huyện Can Lộc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rượu Bắc Sơn")
    assert serious(page) == []
