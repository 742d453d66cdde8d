from playwright.sync_api import expect


def test_leader_reads_the_province_overview_and_opens_a_district(transactional_db, leader_user, login, page, console_errors):
    login("lanhdao")
    page.get_by_role("link", name="Tổng quan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Hà Tĩnh")
    expect(page.locator("#districts-table tbody tr")).to_have_count(13)
    expect(page.locator(".stat").first).to_contain_text("181/181")

    page.get_by_role("link", name="Huyện Nghi Xuân").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Nghi Xuân")
    xuan_pho = page.locator("#communes-table tr", has_text="Xã Xuân Phổ")
    expect(xuan_pho).to_contain_text("NTM kiểu mẫu")
    expect(xuan_pho).to_contain_text("1763/QĐ-UBND")
    assert console_errors == []


def test_interface_switches_to_english_and_back(transactional_db, leader_user, login, page):
    login("lanhdao")
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("columnheader", name="District unit")).to_be_visible()
    page.get_by_role("button", name="VI").click()
    expect(page.get_by_role("columnheader", name="Đơn vị cấp huyện")).to_be_visible()
