"""An administrator imports a list of users: a dry run first, then the accounts and their
temporary passwords."""

from playwright.sync_api import expect

from ntm_tracker.models import User


def test_import_users_from_a_csv_list(transactional_db, admin_user, ha_tinh, login, page, tmp_path, console_errors):
    bad = tmp_path / "sai.csv"
    bad.write_text("username,full_name,email,role,unit_code\nhuyen_a,Cán bộ A,,district,999\n", encoding="utf-8")
    good = tmp_path / "dung.csv"
    good.write_text("username,full_name,email,role,unit_code\nhuyen_a,Cán bộ A,,district,443\n"
                    "tinh_b,Cán bộ B,b@example.vn,province,42\n", encoding="utf-8")

    login("admin")
    page.get_by_role("navigation").get_by_role("link", name="Người dùng", exact=True).first.click()
    page.get_by_role("link", name="Nhập người dùng từ tệp").click()
    page.get_by_label("Danh sách người dùng").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-rows")).to_contain_text("Không có đơn vị nào có mã GSO “999”.")
    expect(page.get_by_role("button", name="Tạo các người dùng này")).to_have_count(0)

    page.get_by_label("Danh sách người dùng").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#import-preview")).to_contain_text("Cả 2 dòng đều đúng. Chưa có gì được ghi.")
    assert not User.objects.filter(username="huyen_a").exists()
    page.get_by_role("button", name="Tạo các người dùng này").click()
    expect(page.locator("#import-result")).to_contain_text("Đã tạo 2 người dùng")
    expect(page.locator("#import-result code")).to_have_count(2)
    assert User.objects.get(username="huyen_a").district.code == "443"
    assert [e for e in console_errors if "status of 400" not in e] == []  # the refused file's page is a 400
