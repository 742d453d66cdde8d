"""The administrator's user pages: list with filters, create, edit role and scope, deactivate,
reset a password, the scope pickers."""

import re

from django.test import Client
from django.urls import reverse

from ntm_tracker.models import AuditEvent, User
from territory.models import Commune
from tests.factories import make_commune, make_user

LIST = reverse("user_list")
CREATE = reverse("user_create")


# --- List ---------------------------------------------------------------------------------------

def test_list_shows_every_account_with_role_and_scope(client, world):
    client.force_login(world.users["admin"])
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "canbo_xa" in html and "Huyện Can Lộc" in html and "Cán bộ huyện" in html
    assert response.context["page"].paginator.count == 10


def test_filters_by_district_include_the_communes_inside(client, world):
    client.force_login(world.users["admin"])
    response = client.get(LIST, {"district": world.district.pk})
    names = {u.username for u in response.context["page"]}
    assert names == {"huyen", "xa", "xakhac", "canbo_xa"}


def test_filters_by_province_role_status_and_text(client, world):
    client.force_login(world.users["admin"])
    by_province = {u.username for u in client.get(LIST, {"province": world.province.pk}).context["page"]}
    assert "nghean" not in by_province and "nghixuan" in by_province and "admin" not in by_province
    assert [u.username for u in client.get(LIST, {"role": "leader"}).context["page"]] == ["lanhdao"]
    assert [u.username for u in client.get(LIST, {"q": "Cán bộ xã thử"}).context["page"]] == ["canbo_xa"]
    assert [u.username for u in client.get(LIST, {"commune": world.other_commune.code}).context["page"]] == ["xakhac"]
    world.target.is_active = False
    world.target.save()
    assert [u.username for u in client.get(LIST, {"active": "0"}).context["page"]] == ["canbo_xa"]


def test_list_is_paginated(client, admin_user, ha_tinh):
    for n in range(30):
        make_user(User.Role.PROVINCE, username=f"tinh{n:02d}", province=ha_tinh)
    client.force_login(admin_user)
    first = client.get(LIST)
    assert len(first.context["page"]) == 25
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"]) == 6 and "tinh29" in second.content.decode()


def test_htmx_request_gets_only_the_results(client, world):
    client.force_login(world.users["admin"])
    response = client.get(LIST, {"role": "district"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'id="users-results"' in html and "nghixuan" in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_non_administrators_get_403(client, world):
    for persona in ("province", "district", "leader"):
        client.force_login(world.users[persona])
        assert client.get(LIST).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("login") in response.url


def test_list_query_count_does_not_grow_with_the_number_of_users(client, admin_user, ha_tinh, can_loc, can_loc_commune,
                                                                   django_assert_num_queries):
    client.force_login(admin_user)
    client.get(LIST)
    with django_assert_num_queries(7) as first:
        client.get(LIST)
    for n in range(20):
        make_user(User.Role.COMMUNE, username=f"xa{n:02d}", commune=can_loc_commune)
        make_user(User.Role.DISTRICT, username=f"huyen{n:02d}", district=can_loc)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(LIST)


# --- Create -------------------------------------------------------------------------------------

def district_user_data(world, **overrides):
    return {"username": "huyen_moi", "full_name": "Nguyễn Văn Mới", "email": "moi@example.vn", "role": "district",
            "province": world.province.pk, "district": world.district.pk, "commune": "", "language": "vi", **overrides}


def test_create_shows_the_temporary_password_once_and_forces_a_change(client, world):
    client.force_login(world.users["admin"])
    response = client.post(CREATE, district_user_data(world))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert password in response.content.decode()
    user = User.objects.get(username="huyen_moi")
    # The province was only picked to narrow the district list: the scope is the district alone.
    assert (user.role, user.district, user.province, user.must_change_password) == ("district", world.district, None, True)
    assert user.check_password(password)
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_CREATED)
    assert event.actor == world.users["admin"] and event.unit_code == "443" and event.changes["role"] == [None, "district"]
    assert password not in str(event.changes)


def test_scope_must_match_the_role_with_vietnamese_messages(client, world):
    client.force_login(world.users["admin"])
    cases = [
        ({"role": "district", "district": ""}, "Cán bộ huyện cần được gán một huyện."),
        ({"role": "commune", "commune": ""}, "Cán bộ xã cần được gán một xã."),
        ({"role": "province", "province": ""}, "Cán bộ tỉnh cần được gán một tỉnh."),
        ({"role": "province"}, "Cán bộ tỉnh làm việc trên toàn tỉnh: để trống huyện và xã."),
        ({"role": "admin"}, "Quản trị viên không có phạm vi"),
        ({"role": "leader", "commune": world.commune.pk}, "Lãnh đạo xem một tỉnh hoặc một huyện"),
        ({"role": "commune", "district": world.other_district.pk, "commune": world.commune.pk}, "Xã này không thuộc huyện đã chọn."),
    ]
    for overrides, message in cases:
        response = client.post(CREATE, district_user_data(world, **overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert not User.objects.filter(username="huyen_moi").exists()


def test_duplicate_username_is_refused(client, world):
    client.force_login(world.users["admin"])
    response = client.post(CREATE, district_user_data(world, username="huyen"))
    assert "Tên đăng nhập đã được sử dụng" in response.content.decode()


def datalist(html: str, name: str) -> list[str]:
    """The labels the browser's type-ahead offers in the `name` box."""
    found = re.search(rf'<datalist id="id_{name}_list">(.*?)</datalist>', html, flags=re.S)
    return re.findall(r'<option value="([^"]*)">', found.group(1)) if found else []


def test_scope_boxes_offer_the_communes_of_the_chosen_district(client, world):
    client.force_login(world.users["admin"])
    response = client.get(reverse("user_scope_fields"), {"role": "commune", "district": world.district.pk},
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'id="scope-fields"' in html
    assert '<input type="text" name="commune" list="id_commune_list"' in html
    offered = datalist(html, "commune")
    assert f"{world.commune.full_name} ({world.commune.code})" in offered
    assert len(offered) == world.district.communes.count()
    assert "Xã Xuân Phổ" not in html  # Nghi Xuân's communes are not offered
    # The district box shows the district picked, by its label.
    assert f'value="{world.district.full_name} ({world.province.name})"' in html
    by_province = client.get(reverse("user_scope_fields"), {"province": world.province.pk}).content.decode()
    assert "Huyện Nghi Xuân (Hà Tĩnh)" in datalist(by_province, "district")
    # Without a district, the province's communes (a commune without a district since 2025 too).
    assert len(datalist(by_province, "commune")) == Commune.objects.filter(province=world.province).count()
    nothing = client.get(reverse("user_scope_fields")).content.decode()
    assert datalist(nothing, "commune") == [] and 'placeholder="Chọn tỉnh hoặc huyện trước"' in nothing


def test_scope_boxes_follow_labels_typed_so_far(client, world):
    """The htmx refresh carries what was typed: labels, not ids."""
    client.force_login(world.users["admin"])
    html = client.get(reverse("user_scope_fields"), {"province": "ha tinh", "district": "can loc"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert datalist(html, "commune") and all(f"({c.code})" in " ".join(datalist(html, "commune"))
                                             for c in world.district.communes.all())
    assert "Xã Xuân Phổ" not in html
    # The boxes show the units the typing found.
    assert 'value="Tỉnh Hà Tĩnh"' in html and f'value="{world.district.full_name} (Hà Tĩnh)"' in html


def test_scope_is_typed_by_label_with_or_without_diacritics(client, world):
    client.force_login(world.users["admin"])
    typed = {"province": "Tỉnh Hà Tĩnh", "district": f"{world.district.full_name} ({world.province.name})",
             "commune": f"{world.commune.full_name} ({world.commune.code})"}
    response = client.post(CREATE, district_user_data(world, username="xa_moi", role="commune", **typed))
    assert response.status_code == 200 and "password" in response.context
    assert User.objects.get(username="xa_moi").commune == world.commune
    # Part of a name, without diacritics, that only one unit holds.
    response = client.post(CREATE, district_user_data(world, username="huyen_moi2", province="ha tinh",
                                                      district="nghi xuan"))
    assert "password" in response.context
    assert User.objects.get(username="huyen_moi2").district == world.other_district


def test_a_typed_scope_matching_none_or_several_units_is_refused_in_vietnamese(client, world):
    client.force_login(world.users["admin"])
    response = client.post(CREATE, district_user_data(world, district="Huyện Không Có"))
    assert response.context["form"].errors["district"] == [
        "Không có tên nào trong danh sách khớp với “Huyện Không Có”: hãy gõ vài chữ rồi chọn trong danh sách."]
    response = client.post(CREATE, district_user_data(world, role="commune", district="", commune="xa"))
    html = response.content.decode()
    [error] = response.context["form"].errors["commune"]
    assert error.startswith("“xa” khớp với ") and "hãy gõ thêm tên rồi chọn một" in error
    # The summary at the top links to the box; the box names its error.
    assert 'href="#id_commune"' in html and 'aria-describedby="id_commune_helptext id_commune_error"' in html
    assert not User.objects.filter(username="huyen_moi").exists()


# --- Edit, deactivate, reset --------------------------------------------------------------------

def test_edit_changes_role_and_scope_and_records_it(client, world):
    client.force_login(world.users["admin"])
    url = reverse("user_edit", args=[world.target.pk])
    response = client.post(url, {"full_name": "Cán bộ huyện mới", "email": "", "role": "district",
                                 "district": world.other_district.pk, "language": "en"})
    assert response.status_code == 302
    world.target.refresh_from_db()
    assert (world.target.role, world.target.district, world.target.commune, world.target.language) == (
        "district", world.other_district, None, "en")
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_CHANGED)
    assert event.changes["role"] == ["commune", "district"] and event.changes["district"] == [None, "Huyện Nghi Xuân"]
    assert event.unit_code == "442"
    page = client.get(url).content.decode()
    assert "Đã lưu." in page and "Huyện Nghi Xuân" in page


def test_deactivated_user_is_logged_out_and_cannot_log_in(client, world):
    target_client = Client()
    target_client.force_login(world.target)
    client.force_login(world.users["admin"])
    response = client.post(reverse("user_set_active", args=[world.target.pk]), {"active": "0"})
    assert response.status_code == 302
    world.target.refresh_from_db()
    assert not world.target.is_active
    response = target_client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url
    refused = Client().post(reverse("login"), {"username": "canbo_xa", "password": "Mat-khau-thu-2024"})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    client.post(reverse("user_set_active", args=[world.target.pk]), {"active": "1"})
    world.target.refresh_from_db()
    assert world.target.is_active
    assert [e.changes["is_active"] for e in AuditEvent.objects.filter(action="user_changed").order_by("id")] == [[True, False], [False, True]]


def test_administrator_cannot_deactivate_themselves(client, world):
    admin = world.users["admin"]
    client.force_login(admin)
    client.post(reverse("user_set_active", args=[admin.pk]), {"active": "0"})
    admin.refresh_from_db()
    assert admin.is_active


def test_password_reset_shows_a_new_temporary_password_and_ends_the_users_sessions(client, world):
    target_client = Client()
    target_client.force_login(world.target)
    client.force_login(world.users["admin"])
    response = client.post(reverse("user_password_reset", args=[world.target.pk]))
    assert response.status_code == 200
    world.target.refresh_from_db()
    assert world.target.check_password(response.context["password"]) and world.target.must_change_password
    response = target_client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET, object_id=str(world.target.pk)).exists()


def test_edit_page_lists_the_accounts_recent_changes(client, world, django_assert_max_num_queries):
    client.force_login(world.users["admin"])
    client.post(reverse("user_set_active", args=[world.target.pk]), {"active": "0"})
    with django_assert_max_num_queries(12):
        page = client.get(reverse("user_edit", args=[world.target.pk])).content.decode()
    assert "Đã vô hiệu hóa" in page and "Kích hoạt lại" in page


def test_scope_error_is_not_doubled_by_the_database_constraint_name(client, world):
    client.force_login(world.users["admin"])
    html = client.post(CREATE, district_user_data(world, role="commune")).content.decode()
    assert "Cán bộ xã cần được gán một xã." in html and "user_scope_matches_role" not in html


def test_django_admin_user_page_shows_the_new_fields(client, world):
    client.force_login(world.users["admin"])
    html = client.get(reverse("admin:ntm_tracker_user_change", args=[world.target.pk])).content.decode()
    assert 'name="language"' in html and 'name="must_change_password"' in html


def test_changes_made_in_the_django_admin_are_audited(client, world):
    client.force_login(world.users["admin"])
    url = reverse("admin:ntm_tracker_user_change", args=[world.target.pk])
    response = client.post(url, {
        "username": "canbo_xa", "full_name": "Cán bộ xã thử", "email": "", "is_active": "on",
        "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00", "role": "district",
        "district": world.district.pk, "language": "vi"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_CHANGED)
    assert event.changes["role"] == ["commune", "district"] and event.actor == world.users["admin"]


def test_an_administrator_created_in_the_app_gets_the_django_admin(client, world):
    client.force_login(world.users["admin"])
    client.post(CREATE, district_user_data(world, username="qt2", role="admin", province="", district=""))
    created = User.objects.get(username="qt2")
    assert created.is_staff and created.is_superuser


def test_htmx_refresh_narrows_the_district_filter_to_the_province(client, world):
    client.force_login(world.users["admin"])
    html = client.get(LIST, {"province": world.other_district.province.pk, "district": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="filter-district" hx-swap-oob="true"' in html and "Huyện Nghi Xuân" in html
    html = client.get(LIST, {"province": world.users["other_province"].province.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Huyện Nghi Xuân" not in html


def test_one_bad_filter_does_not_cancel_the_others(client, world):
    client.force_login(world.users["admin"])
    response = client.get(LIST, {"role": "leader", "province": "abc"})
    assert [u.username for u in response.context["page"]] == ["lanhdao"]
    assert "errorlist" in response.content.decode()


def test_administrator_cannot_take_away_their_own_role(client, world):
    admin = world.users["admin"]
    client.force_login(admin)
    response = client.post(reverse("user_edit", args=[admin.pk]), {
        "full_name": "Quản trị", "role": "province", "province": world.province.pk, "language": "vi"})
    assert response.status_code == 200
    assert "Bạn không thể tự bỏ vai trò quản trị viên của mình." in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_a_commune_user_can_be_saved_unchanged(client, admin_user):
    """The edit form opens on the account's district and commune (the account stores only the
    commune), so saving it unchanged is accepted."""
    commune = make_commune()
    managed = make_user(User.Role.COMMUNE, username="xa_thu", full_name="Cán bộ xã", commune=commune)
    client.force_login(admin_user)
    url = reverse("user_edit", args=[managed.pk])
    html = client.get(url).content.decode()
    # The boxes open on the province, district and commune, by their labels.
    boxes = dict(re.findall(r'<input type="text" name="(province|district|commune)"[^>]* value="([^"]*)"', html))
    district = commune.district
    assert boxes == {"province": district.province.full_name, "district": f"{district.full_name} ({district.province.name})",
                     "commune": f"{commune.full_name} ({commune.code})"}
    picked = boxes
    response = client.post(url, {"full_name": "Cán bộ xã", "email": "", "role": "commune", "language": "vi", **picked},
                           follow=True)
    assert response.redirect_chain and "Không có thay đổi nào." in response.content.decode()
    managed.refresh_from_db()
    assert (managed.commune, managed.district, managed.province) == (commune, None, None)
