"""Province staff record money mobilised by hand and from a sheet; they move a recognition
dossier a step."""

import datetime
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from communes.models import Level, RecognitionDossier
from communes.services.dossiers import dossier_submit
from funding.imports import COLUMNS, SPONSORSHIP_COLUMNS
from funding.models import Funding, Sponsorship


def sheet(path, *rows, columns=COLUMNS):
    """An .xlsx at `path` with the import's headers (the amounts', or `columns`) and `rows`."""
    workbook = Workbook()
    workbook.active.append([header for _key, header in columns])
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_province_staff_enter_an_amount_then_import_a_sheet(transactional_db, ha_tinh, province_user, login, page,
                                                            tmp_path, console_errors):
    login("tinh")
    page.get_by_role("link", name="Huy động nguồn lực").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huy động nguồn lực")
    page.get_by_role("link", name="Thêm khoản huy động").click()
    page.locator("#id_unit").select_option(label="Huyện Can Lộc")
    page.locator("#id_year").fill("2023")
    page.locator("#id_source").select_option(label="Doanh nghiệp")
    page.get_by_label("Số tiền (triệu đồng)").fill("-5")
    page.get_by_label("Văn bản nguồn").fill("Báo cáo UBND huyện Can Lộc năm 2023")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Funding.objects.exists()
    page.get_by_label("Số tiền (triệu đồng)").fill("1250")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#funding-total")).to_have_text("1.250")
    expect(page.locator("#funding-table")).to_contain_text("Huyện Can Lộc")

    page.get_by_role("link", name="Nhập từ Excel").click()
    bad = [2023, None, "42", "Tín dụng", "", "nhiều", "Báo cáo tỉnh", "", ""]
    page.get_by_label("Tệp Excel (.xlsx) hoặc .csv").set_input_files(str(sheet(tmp_path / "bad.xlsx", bad)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-errors")).to_contain_text("Số tiền (triệu đồng) (F)")
    assert Funding.objects.count() == 1
    good = [2023, None, "42", "Tín dụng", "", 3000, "Báo cáo tỉnh", "có", ""]
    page.get_by_label("Tệp Excel (.xlsx) hoặc .csv").set_input_files(str(sheet(tmp_path / "good.xlsx", good)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Tệp hợp lệ")).to_be_visible()
    assert Funding.objects.count() == 1
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    expect(page.get_by_text("Đã nhập 1 dòng")).to_be_visible()
    expect(page.locator("#funding-total")).to_have_text("4.250")
    expect(page.locator("#funding-verified-total")).to_have_text("3.000")
    expect(page.locator("#chart-canvas-funding-sources .main-svg").first).to_be_attached()
    assert Funding.objects.get(province=ha_tinh).amount == Decimal("3000")
    # The refused form and the refused sheet answer 400 on purpose; nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_province_staff_move_a_dossier_to_appraised(transactional_db, ha_tinh, province_user, login, page,
                                                    console_errors):
    ky_anh = ha_tinh.districts.get(code="447")
    dossier_submit(dossier=RecognitionDossier(district=ky_anh, level=Level.NTM, standard_year=2023,
                                              body=RecognitionDossier.Body.CENTRAL), on=datetime.date(2023, 12, 1))
    login("tinh")
    page.get_by_role("link", name="Hồ sơ đề nghị công nhận").click()
    row = page.locator("#dossier-table tbody tr").first
    expect(row).to_contain_text("Đã gửi")
    expect(row).to_contain_text("01/12/2023")
    row.get_by_role("link", name="Huyện Kỳ Anh").click()
    page.get_by_label("Trạng thái mới").select_option(label="Đã thẩm định")
    page.get_by_label("Ngày", exact=False).first.fill("2024-03-15")
    page.get_by_label("Ghi chú").fill("Hội đồng thẩm định trung ương họp")
    page.get_by_role("button", name="Ghi nhận bước").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã thẩm định")
    expect(page.locator("#dossier-steps tbody tr")).to_have_count(2)
    assert RecognitionDossier.objects.get().status == RecognitionDossier.Status.APPRAISED
    page.get_by_role("link", name="Hồ sơ đề nghị công nhận").first.click()
    expect(page.locator("#dossier-table tbody tr").first).to_contain_text("15/03/2024")
    assert console_errors == []


def test_the_funding_and_dossier_pages_have_no_serious_accessibility_violation(transactional_db, ha_tinh,
                                                                               province_user, login, page,
                                                                               live_server, console_errors):
    from tests.e2e.test_accessibility import serious
    from showcase.demo.funding import demo_dossiers_load, demo_funding_load

    demo_funding_load()
    demo_dossiers_load()
    dossier = RecognitionDossier.objects.get()
    login("tinh")
    found = {}
    for path in ("/funding/?year=2023", "/funding/new/", "/funding/sponsorships/new/", "/funding/import/",
                 "/dossiers/", "/dossiers/new/", f"/dossiers/{dossier.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        found[path] = serious(page)
    assert all(violations == [] for violations in found.values()), found
    page.goto(f"{live_server.url}/funding/?year=2023")
    expect(page.locator("#funding-total")).to_have_text("95.539")
    expect(page.locator("#funding-period-table")).to_contain_text("2021–2025")
    expect(page.locator("#chart-canvas-funding-sources .main-svg").first).to_be_attached()
    assert console_errors == []


def test_province_staff_import_sponsorships_and_download_them(transactional_db, province_user, can_loc_commune, login,
                                                              page, live_server, tmp_path, console_errors):
    def sponsorships(path, *rows):
        return sheet(path, *rows, columns=SPONSORSHIP_COLUMNS)

    login("tinh")
    page.goto(f"{live_server.url}/funding/?year=2024")
    page.get_by_role("link", name="Nhập danh sách đỡ đầu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập danh sách đỡ đầu")
    bad = [can_loc_commune.code, "Ngân hàng Nông nghiệp", "", "ngày mai", "", "", "", ""]
    page.get_by_label("Tệp Excel (.xlsx) hoặc .csv").set_input_files(str(sponsorships(tmp_path / "bad.xlsx", bad)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-errors")).to_contain_text("Từ ngày (D)")
    good = [can_loc_commune.code, "Ngân hàng Nông nghiệp", "Thôn Trung Thành", "01/01/2024", "", "12/QĐ-UBND", 200, ""]
    page.get_by_label("Tệp Excel (.xlsx) hoặc .csv").set_input_files(str(sponsorships(tmp_path / "good.xlsx", good)))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Tệp hợp lệ")).to_be_visible()
    expect(page.locator("#import-report")).to_contain_text("1 dòng: 1 việc đỡ đầu mới, 0 cập nhật.")
    assert not Sponsorship.objects.exists()
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    expect(page.get_by_text("Đã nhập 1 dòng")).to_be_visible()
    expect(page.locator("#sponsorship-table")).to_contain_text("Thôn Trung Thành")
    with page.expect_download() as download:
        page.locator("#funding-results").get_by_role("link", name="Excel (.xlsx)").last.click()
    assert download.value.suggested_filename.startswith("do-dau-42-")  # the year the list shows
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.values)
    assert rows[1][:4] == (can_loc_commune.code, "Ngân hàng Nông nghiệp", "Thôn Trung Thành", "01/01/2024")
    # The refused sheet answers 400 on purpose; nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []
