import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from ocop.models import Certificate, Product, add_months
from showcase.demo.ocop import demo_ocop_load
from tests.e2e.test_accessibility import VIEWPORTS, serious
from tests.factories import make_certificate, make_producer, make_product


def test_staff_filter_the_product_list_with_and_without_diacritics(transactional_db, ha_tinh, leader_user, login, page, live_server, console_errors):
    demo_ocop_load()
    login("lanhdao")
    page.get_by_role("link", name="Sản phẩm OCOP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sản phẩm OCOP")
    page.get_by_label("Tìm kiếm").fill("buoi phuc trach")
    expect(page.locator("#products-table tbody tr").first).to_contain_text("Bưởi Phúc Trạch")
    expect(page).to_have_url(re.compile(r"/ocop/\?q=buoi(\+|%20)phuc(\+|%20)trach&"))
    rows = page.locator("#products-table tbody tr")
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("Bưởi Phúc Trạch")
    page.get_by_label("Tìm kiếm").fill("")
    page.get_by_label("Đơn vị cấp huyện").select_option(label="Huyện Hương Sơn")
    page.get_by_label("Nhóm sản phẩm").select_option(label="Thảo dược")
    expect(page).to_have_url(re.compile(r"district=439.*group=herbal"))
    expect(page.locator("#products-table tbody tr").first).to_contain_text("Huyện Hương Sơn")
    expect(page.locator("#products-table tbody")).not_to_contain_text("Huyện Can Lộc")
    expect(page.locator("#products-table tbody")).not_to_contain_text("Thực phẩm")
    # the commune box's type-ahead list follows the district
    communes = ha_tinh.districts.get(code="439").communes.count()
    expect(page.locator("#id_commune_list option")).to_have_count(communes)
    # the URL can be shared: opening it again shows the same filtered list
    count = page.locator("#products-table tbody tr").count()
    page.goto(page.url)
    expect(page.locator("#products-table tbody tr")).to_have_count(count)
    expect(page.get_by_label("Nhóm sản phẩm")).to_have_value("herbal")
    assert console_errors == []


def test_province_staff_create_a_product_with_an_evaluation_and_a_certificate(transactional_db, ha_tinh, province_user, can_loc_commune, login, page, console_errors):
    make_producer(can_loc_commune, name="HTX Kẹo cu đơ Thiên Lộc")
    login("tinh")
    page.get_by_role("link", name="Sản phẩm OCOP").click()
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_label("Tên sản phẩm").fill("Kẹo cu đơ Thiên Lộc")
    page.get_by_label("Chủ thể").fill(f"HTX Kẹo cu đơ Thiên Lộc — {can_loc_commune.full_name}")  # the type-ahead's label
    page.get_by_label("Nhóm sản phẩm").select_option(label="Thực phẩm")
    page.get_by_label("Phân nhóm").select_option(label="Thực phẩm chế biến")
    page.get_by_label("Xã xuất xứ").fill(f"{can_loc_commune.full_name} — Huyện Can Lộc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kẹo cu đơ Thiên Lộc")

    page.get_by_role("link", name="Ghi kết quả đánh giá").click()
    page.get_by_label("Cấp hội đồng").select_option(label="Hội đồng cấp huyện")
    page.get_by_label("Điểm phần A (tối đa 40)").fill("41")
    page.get_by_label("Điểm phần B (tối đa 25)").fill("15")
    page.get_by_label("Điểm phần C (tối đa 35)").fill("20")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".errorlist").get_by_text("Điểm phần A phải từ 0 đến 40.")).to_be_visible()
    page.get_by_label("Điểm phần A (tối đa 40)").fill("25.5")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#evaluations-table")).to_contain_text("60,50")
    expect(page.locator("#evaluations-table")).to_contain_text("3★")

    page.get_by_role("link", name="Ghi giấy chứng nhận").click()
    page.get_by_label("Kết quả đánh giá").select_option(index=1)
    page.get_by_label("Số sao").fill("2")
    page.get_by_label("Cơ quan ban hành").select_option(label="UBND cấp huyện (3★)")
    page.get_by_label("Số quyết định").fill("321/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2024-05-31")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".errorlist").get_by_text("Chỉ sản phẩm đạt từ 3★ đến 5★ mới được cấp giấy chứng nhận")).to_be_visible()
    page.get_by_label("Số sao").fill("3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#certificates-table")).to_contain_text("321/QĐ-UBND (31/05/2024)")
    expect(page.locator("#certificates-table")).to_contain_text("31/05/2027")
    product = Product.objects.get(name="Kẹo cu đơ Thiên Lộc")
    assert product.current_certificate == Certificate.objects.get(decision_number="321/QĐ-UBND")
    # The two refused submissions answer 400 on purpose (the browser logs that); nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []
    assert len(console_errors) == 2


def test_district_staff_read_the_expiry_list_of_their_district(transactional_db, ha_tinh, district_user, can_loc_commune, login, page, console_errors):
    today = timezone.localdate()
    soon = make_product(can_loc_commune, name="Mật ong Thiên Lộc")
    make_certificate(soon, decision_date=add_months(today + datetime.timedelta(days=12), -36), decision_number="5/QĐ-UBND")
    lapsed = make_product(can_loc_commune, name="Nón lá Thiên Lộc")
    make_certificate(lapsed, decision_date=add_months(today - datetime.timedelta(days=40), -36), decision_number="6/QĐ-UBND")
    other = ha_tinh.districts.get(code="439").communes.first()
    make_certificate(make_product(other, name="Chè xanh Hương Sơn"),
                     decision_date=add_months(today + datetime.timedelta(days=50), -36), decision_number="7/QĐ-UBND")
    login("huyen")
    page.get_by_role("link", name="Sản phẩm OCOP").click()
    page.get_by_role("link", name="Giấy chứng nhận sắp hết hạn").click()
    expect(page.locator("#expiry-30 .stat-value")).to_have_text("1")
    expect(page.locator("#expiry-60 .stat-value")).to_have_text("1")
    expect(page.locator("#expiry-expired .stat-value")).to_have_text("1")
    page.get_by_label("Đơn vị cấp huyện").select_option(label="Huyện Can Lộc")
    expect(page.locator("#expiry-60 .stat-value")).to_have_text("0")
    section = page.locator("#expiry-443")
    expect(section.locator("tbody tr").first).to_contain_text("Nón lá Thiên Lộc")
    expect(section.locator("tbody tr").first).to_contain_text("đã hết hạn 40 ngày")
    expect(section.locator("tbody tr").nth(1)).to_contain_text("còn 12 ngày")
    assert "district=443" in page.url
    assert console_errors == []


def test_since_the_reform_province_staff_read_the_expiry_list_per_commune_of_today(
        transactional_db, reformed_territory, province_user, login, page, live_server, console_errors):
    """On today's map (no district) the list is per commune-level unit: a product of a new commune is
    there, and one registered in a commune closed by the reform is under the unit it became. On a
    phone, as an officer calling producers from the field would read it."""
    from territory.models import Commune

    today = timezone.localdate()
    make_certificate(make_product(Commune.objects.get(code="18364"), name="Nước mắm Đan Hải"),
                     decision_date=add_months(today + datetime.timedelta(days=8), -36), decision_number="8/QĐ-UBND")
    former = Commune.objects.get(code="18415")  # Xã Thiên Lộc, part of Xã Can Lộc (18406) since 1 July 2025
    make_certificate(make_product(former, name="Kẹo cu đơ Thiên Lộc"),
                     decision_date=add_months(today + datetime.timedelta(days=70), -36), decision_number="9/QĐ-UBND")
    page.set_viewport_size(VIEWPORTS["phone"])
    login("tinh")
    page.goto(f"{live_server.url}/ocop/expiring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Giấy chứng nhận OCOP sắp hết hạn")
    expect(page.locator("#expiry-18364 h2")).to_contain_text("Xã Đan Hải")
    expect(page.locator("#expiry-18364 tbody")).to_contain_text("Nước mắm Đan Hải")
    expect(page.locator("#expiry-18406 tbody tr").first).to_contain_text("Xã Thiên Lộc (đơn vị cũ)")
    expect(page.get_by_label("Đơn vị cấp huyện")).to_have_count(0)
    assert serious(page) == []
    page.get_by_label("Đơn vị cấp xã").select_option(label="Xã Can Lộc")
    expect(page.locator("#expiry-18364")).to_have_count(0)
    expect(page.locator("#expiry-90 .stat-value")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"commune=18406"))
    page.go_back()
    expect(page.locator("#expiry-18364")).to_be_visible()
    assert console_errors == []


def test_province_staff_import_a_sheet_after_a_dry_run(transactional_db, ha_tinh, province_user, can_loc_commune, login, page, tmp_path, console_errors):
    from openpyxl import Workbook

    from ocop.imports import COLUMNS

    def sheet(path, *rows):
        workbook = Workbook()
        workbook.active.append([header for _key, header in COLUMNS])
        for r in rows:
            workbook.active.append(r)
        workbook.save(path)
        return path

    good = ["Chè xanh Thiên Lộc", "Thực phẩm", "Chè và sản phẩm từ chè", can_loc_commune.code, "HTX Chè Thiên Lộc",
            "Hợp tác xã (HTX)", "", 2024, 1, "Hội đồng cấp huyện", 24, 15, 20, 3, "88/QĐ-UBND", "12/04/2024"]
    bad = good[:10] + [44] + good[11:]
    login("tinh")
    page.get_by_role("link", name="Sản phẩm OCOP").click()
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(sheet(tmp_path / "bad.xlsx", bad)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-errors")).to_contain_text("Điểm A (K)")
    expect(page.locator("#import-errors")).to_contain_text("Điểm phần A phải từ 0 đến 40.")
    assert not Product.objects.exists()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(sheet(tmp_path / "good.xlsx", good)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Tệp hợp lệ")).to_be_visible()
    assert not Product.objects.exists()
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    expect(page.get_by_text("Đã nhập 1 dòng")).to_be_visible()
    product = Product.objects.get(name="Chè xanh Thiên Lộc")
    assert product.current_certificate.decision_number == "88/QĐ-UBND"
    assert [e for e in console_errors if "status of 400" not in e] == []
