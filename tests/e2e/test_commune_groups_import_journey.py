"""Province staff import the group decisions of their communes from a sheet: from a commune's
group page to the import, upload → preview → confirm, and the commune page shows the new group."""

from playwright.sync_api import expect

from communes.models import CommuneGroupAssignment
from communes.services.groups import IMPORT_COLUMNS
from territory.models import Commune


def test_province_staff_import_commune_groups_from_a_sheet(
        transactional_db, catalogue, province_user, reformed_commune, login, page, live_server,
        console_errors, tmp_path):
    tung_loc = Commune.objects.get(code="18418", valid_to__isnull=True)  # Thuần Thiện's code, kept
    path = tmp_path / "nhom-xa.csv"
    path.write_text(",".join(IMPORT_COLUMNS) + "\n"
                    f"{reformed_commune.code},3,2026,,ethnic_area,60/QĐ-BDTTG,04/02/2026,\n"
                    f"{tung_loc.code},1,2026,,urban_adjacent,12/QĐ-UBND,,\n", encoding="utf-8")

    login("tinh")
    page.goto(f"{live_server.url}/communes/{reformed_commune.code}/groups/")
    page.get_by_role("link", name="Nhập quyết định phân nhóm của nhiều xã từ một bảng tính").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập phân nhóm xã")
    page.get_by_label("Bảng phân nhóm xã (.csv hoặc .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    changes = page.locator("#import-changes tbody tr")
    expect(changes).to_have_count(2)
    expect(changes.first).to_contain_text("Đan Hải")
    assert not CommuneGroupAssignment.objects.exists()  # the preview writes nothing
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messages")).to_contain_text("2 quyết định phân nhóm đã được nhập")

    page.goto(f"{live_server.url}/communes/{reformed_commune.code}/?year=2026")
    expect(page.get_by_test_id("commune-group")).to_contain_text("nhóm 3")
    assert CommuneGroupAssignment.objects.count() == 2
    assert console_errors == []
