"""An administrator brings Hà Tĩnh to the map of 1 July 2025 from the browser: a bad list is
refused naming its row, then the real list's dry run reports what changes, and the confirm writes it."""

import csv
import datetime

from playwright.sync_api import expect

from territory.models import Commune, CommuneLineage
from territory.reference import legacy_rows, today_rows
from territory.reorganisation import units_reorganise

HEADER = ["Tỉnh Thành Phố", "Mã TP", "Phường Xã", "Mã PX", "Cấp"]


def test_an_administrator_imports_the_list_of_1_july_2025(transactional_db, admin_user, login, page, tmp_path,
                                                         console_errors):
    units_reorganise(rows=legacy_rows("42"), effective=datetime.date(2025, 1, 1), province="42",
                     resolution="1283/NQ-UBTVQH15")  # the January step, as the demo does
    rows = today_rows("42")
    good = tmp_path / "ha-tinh-2025.csv"
    with open(good, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([row[h] for h in HEADER] for row in rows)
    bad = tmp_path / "trung-ma.csv"
    with open(bad, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([[row[h] for h in HEADER] for row in rows[:2]] + [[rows[0][h] for h in HEADER]])

    login("admin")
    page.get_by_role("navigation").get_by_role("link", name="Người dùng", exact=True).first.click()
    page.get_by_role("link", name="Nhập danh mục đơn vị hành chính").click()
    page.get_by_label("Danh mục đơn vị (.xlsx hoặc .csv)").set_input_files(str(bad))
    page.get_by_label("Hiệu lực từ ngày").fill("2025-07-01")
    page.get_by_label("Nghị quyết").fill("1665/NQ-UBTVQH15")
    page.get_by_role("button", name="Kiểm tra danh mục").click()
    expect(page.locator("#import-errors")).to_contain_text("Dòng 4")
    expect(page.get_by_role("button", name="Áp dụng các thay đổi này")).to_have_count(0)

    page.get_by_label("Danh mục đơn vị (.xlsx hoặc .csv)").set_input_files(str(good))
    page.get_by_label("Hiệu lực từ ngày").fill("2025-07-01")
    page.get_by_label("Nghị quyết").fill("1665/NQ-UBTVQH15")
    page.get_by_role("button", name="Kiểm tra danh mục").click()
    report = page.locator("#import-report")
    expect(report).to_contain_text("Hình thành do sáp nhập")
    expect(report).to_contain_text("Huyện chấm dứt hoạt động")
    assert Commune.objects.filter(province__code="42", valid_to__isnull=True).count() > 69  # nothing written yet
    page.get_by_role("button", name="Áp dụng các thay đổi này").click()
    expect(page.locator("#import-result")).to_contain_text("có hiệu lực từ ngày 2025-07-01")
    assert Commune.objects.filter(province__code="42", valid_to__isnull=True).count() == 69
    assert CommuneLineage.objects.filter(resolution="1665/NQ-UBTVQH15").exists()
    # The refused list answers 400 on purpose (the browser logs that); nothing else may fail.
    assert [e for e in console_errors if "status of 400" not in e] == []
