"""Province staff add a model garden in the browser; the commune page shows it under the
supplementary provincial criterion label."""

from playwright.sync_api import expect

from communes.models import ModelSite


def test_province_staff_add_a_model_garden(transactional_db, province_user, can_loc_commune, login, page, live_server,
                                           console_errors):
    login("tinh")
    page.goto(f"{live_server.url}/model-villages-gardens/")
    expect(page.locator("#supplementary-label")).to_contain_text("không phải tiêu chí NTM quốc gia")
    page.get_by_role("link", name="Thêm khu dân cư kiểu mẫu hoặc vườn mẫu").click()
    page.get_by_label("Loại").select_option(label="Vườn mẫu")
    page.get_by_label("Xã").fill(f"{can_loc_commune.full_name} ({can_loc_commune.code})")
    page.get_by_label("Khu dân cư hoặc chủ vườn").fill("Hộ ông Trần Văn Bình")
    page.get_by_label("Ngày công nhận").fill("2024-03-01")
    page.get_by_label("Văn bản quyết định").fill("45/QĐ-UBND")
    page.get_by_label("Nguồn").fill("Quyết định 45/QĐ-UBND của UBND xã")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#sites-table")).to_contain_text("Hộ ông Trần Văn Bình")
    expect(page.locator("#total-garden")).to_contain_text("1")
    assert ModelSite.objects.get().kind == "garden"
    page.locator("#sites-table").get_by_role("link", name=can_loc_commune.full_name).click()
    section = page.locator("#model-sites")
    expect(section).to_contain_text("Hộ ông Trần Văn Bình")
    expect(section).to_contain_text("Tiêu chí bổ sung của tỉnh")
    assert console_errors == []
