import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.models import Target
from ntm_tracker.models import AuditEvent
from showcase.demo.accounts import TARGETS_2024, demo_targets_load
from tests.factories import make_commune, make_recognition, make_target

LIST = reverse("target_list")
NEW = reverse("target_create")


def _form(**overrides) -> dict:
    data = {"year": 2025, "district": "", "metric": "communes_new_advanced", "value": "15", "baseline": "",
            "district_codes": "", "note": "Nghị quyết 2025"}
    data.update(overrides)
    return data


def test_list_shows_the_years_targets_with_actuals(client, leader_user, ha_tinh):
    demo_targets_load()
    client.force_login(leader_user)
    response = client.get(LIST, {"year": 2024})
    assert response.status_code == 200
    assert len(response.context["cards"]) == len(TARGETS_2024) + 1  # and the entered yes/no goal
    html = response.content.decode()
    assert "Thêm mục tiêu" not in html and "Sửa" not in html  # leaders read only
    assert "Các huyện được nêu tên đạt chuẩn NTM nâng cao: Huyện Thạch Hà, Huyện Đức Thọ" in html


def test_province_staff_see_the_edit_links(client, province_user, ha_tinh):
    target = make_target(ha_tinh)
    client.force_login(province_user)
    html = client.get(LIST, {"year": 2024}).content.decode()
    assert reverse("target_edit", args=[target.pk]) in html and f"{NEW}?year=2024" in html


def test_list_htmx_fragment(client, leader_user):
    client.force_login(leader_user)
    html = client.get(LIST, {"year": 2023}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'id="targets-table"' in html


def test_province_staff_add_a_target_and_it_is_audited(client, province_user, can_loc):
    client.force_login(province_user)
    response = client.post(f"{NEW}?year=2025", _form(district=str(can_loc.pk)))
    assert response.status_code == 302 and response.url == f"{LIST}?year=2025"
    target = Target.objects.get(year=2025)
    assert (target.district, target.value, target.created_by) == (can_loc, Decimal("15"), province_user)
    event = AuditEvent.objects.get(object_type="dashboards.target", object_id=str(target.pk))
    assert event.action == AuditEvent.Action.CREATED and event.unit_code == "443"
    assert event.changes["value"] == [None, "15"] and event.actor == province_user


def test_a_target_naming_districts_keeps_their_codes(client, admin_user, ha_tinh):
    client.force_login(admin_user)
    client.post(NEW, _form(metric="districts_advanced_named", value="2", district_codes="443, 442,443"))
    assert Target.objects.get(metric="districts_advanced_named").codes == ["443", "442"]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"value": "-1"}, "value", "Mục tiêu không được là số âm."),
    ({"value": "abc"}, "value", "Nhập một số."),
    ({"value": ""}, "value", "Vui lòng nhập giá trị mục tiêu."),
    ({"metric": "communes_ntm_share", "value": "101"}, "value", "Tỷ lệ phần trăm không được lớn hơn 100."),
    ({"metric": "districts_done_share", "value": "100", "district": "__can_loc__"}, "district",
     "Chỉ tiêu này chỉ áp dụng cho toàn tỉnh."),
    ({"metric": "districts_advanced_named", "value": "4"}, "district_codes",
     "Vui lòng nêu các đơn vị cấp huyện của mục tiêu này."),
    ({"metric": "districts_advanced_named", "value": "1", "district_codes": "443,999"}, "district_codes",
     "Không phải đơn vị cấp huyện của tỉnh: 999"),
    ({"district_codes": "443"}, "district_codes", "Chỉ nhập mã huyện cho mục tiêu nêu tên các đơn vị cấp huyện."),
    ({"year": "1800"}, "year", "Chọn một năm thuộc các giai đoạn của chương trình ("),
    ({"year": "2099"}, "year", "Chọn một năm thuộc các giai đoạn của chương trình ("),
    ({"metric": "khong-co"}, "metric", "khong-co"),
])
def test_bad_input_gets_a_vietnamese_message_next_to_the_field(client, province_user, can_loc, overrides, field,
                                                               message):
    if overrides.get("district") == "__can_loc__":
        overrides["district"] = str(can_loc.pk)
    client.force_login(province_user)
    response = client.post(NEW, _form(**overrides))
    assert response.status_code == 200 and not Target.objects.exists()
    html = response.content.decode()
    # The error list has the id the input's aria-describedby names (the form renderer's field template).
    assert f'<ul class="errorlist" id="id_{field}_error">' in html and message in html
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error|aria-describedby="[^"]*id_{field}_error[^>]*id="id_{field}"', html)


def test_a_second_target_for_the_same_metric_year_and_scope_is_refused(client, province_user, ha_tinh):
    make_target(ha_tinh, year=2025)
    client.force_login(province_user)
    response = client.post(NEW, _form())
    assert "Đã có mục tiêu cho chỉ tiêu, năm và phạm vi này." in response.content.decode()
    assert Target.objects.count() == 1


def test_province_staff_edit_a_target_and_it_is_audited(client, province_user, ha_tinh):
    target = make_target(ha_tinh, year=2025, value=15)
    client.force_login(province_user)
    page = client.get(reverse("target_edit", args=[target.pk]))
    assert page.status_code == 200 and 'name="version" value="1"' in page.content.decode()
    response = client.post(reverse("target_edit", args=[target.pk]), _form(value="18", version="1"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.value, target.version, target.updated_by) == (Decimal("18"), 2, province_user)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGED, object_id=str(target.pk))
    assert event.changes == {"note": ["", "Nghị quyết 2025"], "value": ["15.00", "18.00"]}
    assert event.unit_code == "42"


def test_a_stale_edit_is_refused(client, province_user, ha_tinh):
    target = make_target(ha_tinh, year=2025, value=15)
    client.force_login(province_user)
    client.post(reverse("target_edit", args=[target.pk]), _form(value="18", version="1"))
    response = client.post(reverse("target_edit", args=[target.pk]), _form(value="25", version="1"))
    assert response.status_code == 409 and "Chưa lưu: người khác đã lưu dữ liệu này" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("18")


@pytest.mark.parametrize("persona", ["leader_user", "district_user", "commune_user"])
def test_other_roles_cannot_add_or_edit_targets(client, request, persona, ha_tinh):
    target = make_target(ha_tinh)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form()).status_code == 403
    assert client.post(reverse("target_edit", args=[target.pk]), _form(version="1")).status_code == 403
    assert Target.objects.count() == 1


def test_other_province_gets_404(client, other_province_user, ha_tinh):
    target = make_target(ha_tinh)
    client.force_login(other_province_user)
    assert client.get(reverse("target_edit", args=[target.pk])).status_code == 404
    assert client.get(LIST, {"province": "42"}).status_code == 404
    assert client.get(NEW, {"province": "42"}).status_code == 404


def test_anonymous_is_sent_to_login(client, ha_tinh):
    for url in (LIST, NEW):
        assert client.get(url).url.startswith(reverse("login"))


def test_demo_loads_the_2024_targets_once(ha_tinh):
    assert demo_targets_load() == "Targets 2024: 9 added."  # 8 computed, 1 entered yes/no
    Target.objects.filter(metric="communes_new_advanced").update(value=25)  # an edit survives a reload
    assert demo_targets_load() == "Targets 2024: 0 added."
    assert Target.objects.get(metric="communes_new_advanced").value == 25
    named = Target.objects.get(metric="districts_advanced_named")
    assert named.codes == ["445", "440", "443", "442"] and named.value == 4


def test_list_query_count_is_flat(client, leader_user, can_loc, ha_tinh, django_assert_num_queries):
    demo_targets_load()
    client.force_login(leader_user)
    client.get(LIST)
    with django_assert_num_queries(10) as first:  # 7 + one per OCOP metric (new products, new ≥ 4★) + the years
        client.get(LIST, {"year": 2024})
    for n in range(20):
        make_recognition(make_commune(can_loc, code=f"9{n:04d}"), standard_year=2024)
    make_target(ha_tinh, year=2024, district=can_loc)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(LIST, {"year": 2024})


def test_a_district_abolished_on_1_july_2025_takes_no_2026_target(client, province_user, can_loc, reformed_territory):
    client.force_login(province_user)
    for overrides, field in (({"district": str(can_loc.pk)}, "district"),
                             ({"metric": "districts_advanced_named", "value": "1", "district_codes": "443"},
                              "district_codes")):
        response = client.post(NEW, _form(year=2026, **overrides))
        assert response.status_code == 200 and not Target.objects.exists()
        html = response.content.decode()
        assert f'<ul class="errorlist" id="id_{field}_error">' in html
        assert "Huyện Can Lộc chỉ tồn tại đến ngày 30/06/2025: không có số liệu năm 2026." in html
    # In 2025 it still existed (until 30 June): its target of that year is taken.
    response = client.post(NEW, _form(year=2025, district=str(can_loc.pk)))
    assert response.status_code == 302 and Target.objects.filter(year=2025, district=can_loc).exists()
