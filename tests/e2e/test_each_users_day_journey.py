"""Each user's day (issue 14): where each role lands and what its menu offers, the review queue as
a long table, the OCOP product form's type-ahead, narrowed subgroups and error summary, the type-ahead
of the user form's scope and of the OCOP list's commune filter, the inline form's error summary — at a
desktop (1366×900) and a phone (390×844) size, asserting what a person sees, with axe finding no
serious or critical violation on each page visited."""

import re

import pytest
from playwright.sync_api import expect

from communes.models import Review
from territory.models import Commune
from ntm_tracker.collation import sort_key
from ntm_tracker.text import fold
from tests.e2e.conftest import edit_form_open
from tests.e2e.test_accessibility import VIEWPORTS, serious
from tests.factories import make_producer, make_product

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


def box(page, label: str):
    """The type-ahead box labelled `label` (with or without the form's colon)."""
    return page.get_by_role("combobox", name=re.compile(rf"^{label}:?$"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_administrator_types_a_new_users_scope_ahead(transactional_db, admin_user, can_loc, can_loc_commune, login,
                                                     page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    login("admin")
    page.goto(f"{live_server.url}/users/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm người dùng")
    assert serious(page) == []
    page.get_by_label("Tên đăng nhập").fill("xa_thienloc")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lộc")
    page.get_by_label("Vai trò").select_option(label="Cán bộ xã")
    province, district, commune = (box(page, name) for name in ("Tỉnh", "Huyện", "Xã"))
    # Before a province or district, the commune box has nothing to offer and says why.
    expect(commune).to_have_attribute("placeholder", "Chọn tỉnh hoặc huyện trước")
    expect(page.locator("#id_commune_list option")).to_have_count(0)

    # Part of the province's name without diacritics: the box shows what it found and the district
    # box now offers that province's districts.
    province.fill("ha tinh")
    province.press("Tab")
    expect(province).to_have_value("Tỉnh Hà Tĩnh")
    expect(page.locator('#id_district_list option[value="Huyện Can Lộc (Hà Tĩnh)"]')).to_have_count(1)
    district.fill("can loc")
    district.press("Tab")
    expect(district).to_have_value("Huyện Can Lộc (Hà Tĩnh)")
    # The commune box offers Can Lộc's communes, and only them.
    options = page.locator("#id_commune_list option")
    expect(options).to_have_count(can_loc.communes.count())
    label = f"{can_loc_commune.full_name} ({can_loc_commune.code})"
    expect(page.locator(f'#id_commune_list option[value="{label}"]')).to_have_count(1)

    # Text that several communes hold: the form says so at the top and by the box.
    commune.fill("xa")
    page.get_by_role("button", name="Tạo người dùng").click()
    summary = page.get_by_role("alert").filter(has_text="Chưa lưu được: vui lòng sửa các lỗi sau.")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Xã: “xa” khớp với "))).to_have_attribute("href", "#id_commune")
    commune = box(page, "Xã")
    expect(commune).to_have_attribute("aria-invalid", "true")
    expect(commune).to_have_attribute("aria-describedby", re.compile("id_commune_error"))
    expect(page.locator("#id_commune_error")).to_contain_text("hãy gõ thêm tên rồi chọn một")
    assert serious(page) == []

    # The label picked from the list creates the account, scoped to that commune.
    commune.fill(label)
    page.get_by_role("button", name="Tạo người dùng").click()
    expect(page.get_by_text("xa_thienloc").first).to_be_visible()
    assert serious(page) == []
    page.goto(f"{live_server.url}/users/?q=xa_thienloc")
    page.get_by_role("link", name="xa_thienloc").click()
    expect(box(page, "Xã")).to_have_value(label)
    expect(box(page, "Huyện")).to_have_value("Huyện Can Lộc (Hà Tĩnh)")
    assert serious(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ocop_list_filters_by_a_commune_typed_ahead(transactional_db, province_user, can_loc, can_loc_commune, login,
                                                    page, live_server, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    neighbour = can_loc.communes.exclude(pk=can_loc_commune.pk).order_by("code").first()
    make_product(can_loc_commune, name="Chè xanh Lộc Hà")
    make_product(neighbour, name="Mật ong Hồng Lĩnh")
    login("tinh")
    page.goto(f"{live_server.url}/ocop/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sản phẩm OCOP")
    rows = page.locator("#products-table tbody tr")
    expect(rows).to_have_count(2)
    assert serious(page) == []

    # The district narrows the commune box's list to its communes.
    page.get_by_label("Đơn vị cấp huyện").select_option(label="Huyện Can Lộc")
    options = page.locator("#id_commune_list option")
    expect(options).to_have_count(can_loc.communes.count())
    expect(page.locator(f'#id_commune_list option[value="{can_loc_commune.full_name}"]')).to_have_count(1)

    # Part of the commune's name without diacritics, then Enter: only its product, the box shows
    # the name it found, the URL can be shared.
    commune = box(page, "Xã")
    commune.fill(fold(can_loc_commune.name))
    commune.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chè xanh Lộc Hà")
    expect(page).to_have_url(re.compile(r"commune="))
    expect(box(page, "Xã")).to_have_value(can_loc_commune.full_name)
    assert serious(page) == []

    # A name matching no commune: the box says so and the list is not narrowed by it.
    commune = box(page, "Xã")
    commune.fill("Xã Không Có")
    commune.press("Enter")
    expect(page.locator("#id_commune_error")).to_contain_text("Không có tên nào trong danh sách khớp với “Xã Không Có”")
    expect(rows).to_have_count(2)
    expect(box(page, "Xã")).to_have_attribute("aria-describedby", re.compile("id_commune_error"))
    assert serious(page) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_refused_inline_save_sums_up_its_errors(transactional_db, commune_user, ntm_indicator, login, page, live_server,
                                                  viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    login("xa")
    page.goto(f"{live_server.url}/communes/{commune_user.commune.code}/?year=2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text(commune_user.commune.full_name)
    assert serious(page) == []
    form = edit_form_open(page, ntm_indicator)
    value = form.get_by_label("Giá trị")
    value.fill("120")
    form.get_by_role("button", name="Lưu").click()

    # The summary at the top of the form, its link pointing at the box, the box naming its error.
    form = page.locator(f"tr.editing#indicator-{ntm_indicator.pk}")
    summary = form.get_by_role("alert").filter(has_text="Chưa lưu được: vui lòng sửa các lỗi sau.")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name=re.compile("^Giá trị: .*0 đến 100"))
    value = form.get_by_label("Giá trị")
    expect(link).to_have_attribute("href", f"#{value.get_attribute('id')}")
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(value).to_have_attribute("aria-describedby", re.compile(f"id_value_{ntm_indicator.pk}_error"))
    expect(form.locator(f"#id_value_{ntm_indicator.pk}_error")).to_contain_text("0 đến 100")
    assert serious(page) == []

    # Corrected: saved, the row shows the value and no summary is left.
    value.fill("90")
    form.get_by_role("button", name="Lưu").click()
    row = page.locator(f"#indicator-{ntm_indicator.pk}")
    expect(row.get_by_test_id("value")).to_have_text("90 %")
    expect(page.locator(".error-summary")).to_have_count(0)
    assert serious(page) == []
