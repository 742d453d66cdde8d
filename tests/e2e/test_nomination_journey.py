"""Province staff record a product's nomination for 4★, correct a mistake, then its outcome."""

import datetime

from playwright.sync_api import expect

from tests.factories import make_certificate, make_product


def test_province_staff_record_a_nomination_and_its_outcome(transactional_db, ha_tinh, province_user, can_loc_commune,
                                                            login, page, live_server, console_errors):
    product = make_product(can_loc_commune, name="Kẹo cu đơ Thiên Lộc")
    make_certificate(product, decision_number="55/QĐ-UBND", decision_date=datetime.date(2023, 4, 3))
    login("tinh")
    page.goto(f"{live_server.url}/ocop/products/{product.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kẹo cu đơ Thiên Lộc")
    expect(page.locator("#certificates-table")).to_contain_text("Giấy chứng nhận đầu tiên")
    page.get_by_role("link", name="Ghi đề nghị nâng hạng").click()
    page.get_by_label("Hạng sao đề nghị").select_option(label="4★")
    page.get_by_label("Cơ quan đề nghị").fill("UBND huyện Can Lộc")
    page.get_by_label("Ngày đề nghị").fill("2023-10-02")
    page.locator("#id_outcome").select_option(label="Được chấp thuận")
    page.get_by_label("Nguồn").fill("Báo cáo kết quả năm 2023")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".errorlist").get_by_text("Nhập ngày có kết quả.")).to_be_visible()
    page.locator("#id_outcome").select_option(label="Đang chờ")
    page.get_by_role("button", name="Lưu").click()
    table = page.locator("#nominations-table")
    expect(table).to_contain_text("UBND huyện Can Lộc")
    expect(table).to_contain_text("02/10/2023")
    expect(table).to_contain_text("Đang chờ")
    expect(table).to_contain_text("chưa xác minh")

    table.get_by_role("link", name="Sửa").click()
    page.locator("#id_outcome").select_option(label="Được chấp thuận")
    page.get_by_label("Ngày có kết quả").fill("2024-05-20")
    page.get_by_label("Quyết định về kết quả").fill("1234/QĐ-UBND")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#nominations-table")).to_contain_text("Được chấp thuận (20/05/2024, 1234/QĐ-UBND)")
    assert console_errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]  # the refused form
