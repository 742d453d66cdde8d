"""An administrator creates a district user, who logs in, must set a password, and can edit only
that district: an indicator of one of its communes saves, another district's commune is refused."""

import re

from playwright.sync_api import expect

from communes.models import Assessment, Indicator
from ntm_tracker.models import User
from tests.e2e.conftest import edit_form_open
from territory.models import Commune

NEW_PASSWORD = "Lua-Xuan-Can-Loc-2025"


def settled(page):
    """Wait until htmx has swapped and settled the scope pickers (only then do they listen again)."""
    expect(page.locator("#scope-fields:is(.htmx-request, .htmx-settling, .htmx-added, .htmx-swapping)")).to_have_count(0)


def test_administrator_creates_a_district_user_who_must_set_a_password(
        transactional_db, admin_user, ha_tinh, can_loc, can_loc_commune, nghe_an, login, page, live_server,
        console_errors):
    login("admin")
    page.get_by_role("link", name="Người dùng", exact=True).click()  # where an administrator lands
    expect(page.get_by_role("heading", level=1)).to_have_text("Người dùng")
    page.get_by_role("link", name="Thêm người dùng").click()

    page.locator("#id_username").fill("huyen_canloc")
    page.locator("#id_full_name").fill("Trần Thị Huyện")
    # The type-ahead boxes narrow one another through htmx: the province's districts, then the district's communes.
    expect(page.locator("#id_district_list option")).to_have_count(13 + nghe_an.districts.count())
    expect(page.locator("#id_commune_list option")).to_have_count(0)
    page.locator("#id_province").fill("Tỉnh Hà Tĩnh")  # as picked from the list
    page.locator("#id_province").press("Tab")
    expect(page.locator("#id_district_list option")).to_have_count(13)
    settled(page)
    page.locator("#id_district").fill("Huyện Can Lộc (Hà Tĩnh)")
    page.locator("#id_district").press("Tab")
    expect(page.locator("#id_commune_list option")).to_have_count(can_loc.communes.count())
    settled(page)
    page.locator("#id_role").select_option("district")
    expect(page.locator("#id_role")).to_have_value("district")
    page.get_by_role("button", name="Tạo người dùng").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo tài khoản")
    temporary = page.locator("#temporary-password").inner_text()
    created = User.objects.get(username="huyen_canloc")
    assert created.district == can_loc and created.must_change_password

    page.get_by_role("button", name="Đăng xuất").click()
    login("huyen_canloc", temporary)
    expect(page).to_have_url(re.compile(r"/account/password/$"))
    expect(page.get_by_role("status").first).to_contain_text("Hãy đặt mật khẩu của riêng bạn")
    page.goto(f"{live_server.url}/provinces/42/")  # every page leads back here until the password is changed
    expect(page).to_have_url(re.compile(r"/account/password/$"))

    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill("ngan")
    page.locator("#id_new_password2").fill("ngan")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".errorlist").first).to_contain_text("quá ngắn")
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Can Lộc")  # their own district

    page.get_by_role("link", name=re.compile("Trần Thị Huyện")).click()
    expect(page.locator("#your-scope")).to_contain_text("Bạn chỉ được sửa dữ liệu của Huyện Can Lộc.")
    expect(page.get_by_role("link", name="Người dùng")).to_have_count(0)
    assert console_errors == []
    assert page.goto(f"{live_server.url}/users/").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
    assert page.goto(f"{live_server.url}/audit/").status == 403

    # In their district: an indicator of one of its communes saves.
    indicator = Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")
    page.goto(f"{live_server.url}/provinces/42/")
    page.get_by_role("link", name="Huyện Can Lộc", exact=True).first.click()
    page.locator("#communes-table").get_by_role("link", name=can_loc_commune.full_name, exact=True).click()
    page.goto(f"{page.url.split('?')[0]}?year=2024")
    form = edit_form_open(page, indicator)
    form.get_by_label("Giá trị").fill("87")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("87")
    saved = Assessment.objects.get(commune=can_loc_commune, indicator=indicator, year=2024)
    assert (saved.value, saved.updated_by) == (87, created)

    # Another district's commune: read-only page, and the edit form itself is refused.
    other = Commune.objects.filter(district__province=ha_tinh, kind=Commune.Kind.COMMUNE).exclude(
        district=can_loc).order_by("code").first()
    page.goto(f"{live_server.url}/communes/{other.code}/?year=2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text(other.full_name)
    expect(page.locator("#progress-commune").get_by_role("link", name="Sửa")).to_have_count(0)
    assert page.goto(f"{live_server.url}/communes/{other.code}/assessments/{indicator.pk}/2024/").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
    assert not Assessment.objects.filter(commune=other, updated_by=created).exists()
    assert [error for error in console_errors if "status of 403" not in error] == []  # only the refusals
