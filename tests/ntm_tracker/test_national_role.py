"""The national role (a ministry office): reads every province, edits nothing, manages no one."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ntm_tracker import access
from ntm_tracker.models import User
from territory.models import Commune, District
from tests.factories import make_user

CREATE = reverse("user_create")


def _data(**overrides):
    return {"username": "bo_nn", "full_name": "Văn phòng Điều phối NTM Trung ương", "email": "", "role": "national",
            "province": "", "district": "", "commune": "", "language": "vi", **overrides}


def test_administrator_creates_a_national_user_without_a_scope(client, admin_user, territory):
    client.force_login(admin_user)
    response = client.post(CREATE, _data())
    assert response.status_code == 200
    user = User.objects.get(username="bo_nn")
    assert (user.role, user.scope, user.is_staff) == ("national", None, False)
    assert user.get_role_display() == "Cán bộ trung ương (chỉ xem, mọi tỉnh)"


def test_a_national_user_with_a_scope_is_refused_in_vietnamese(client, admin_user, territory):
    client.force_login(admin_user)
    response = client.post(CREATE, _data(province=territory.pk))
    assert response.status_code == 200 and not User.objects.filter(username="bo_nn").exists()
    assert "Cán bộ trung ương xem mọi tỉnh: để trống tỉnh, huyện và xã." in response.content.decode()


def test_the_database_refuses_a_national_user_with_a_scope(territory):
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_user(User.Role.NATIONAL, username="sai", province=territory)


def test_reads_every_province_and_edits_nothing(national_user, territory, nghe_an):
    commune = Commune.objects.get(code="18415")
    district = District.objects.get(code="443")
    for province in (territory, nghe_an):
        assert access.can_view_province(national_user, province)
        assert not access.can_edit_province(national_user, province)
        assert not access.can_create_ocop(national_user, province)
        assert not access.ocop_editable_communes(national_user, province).exists()
    assert not access.can_edit_commune(national_user, commune) and not access.can_edit_district(national_user, district)
    assert not any(access.can_review(national_user, commune, step, "submitted") for step in access.REVIEW_STEPS)
    assert not access.can_import_assessments(national_user) and not access.can_manage_users(national_user)
    assert access.editable_unit(national_user) is None and access.can_view_national(national_user)


def test_menu_of_a_national_user(client, national_user, territory):
    client.force_login(national_user)
    html = client.get(reverse("province_list")).content.decode()
    nav = html.split('<nav class="main-nav"')[1].split("</nav>")[0]
    assert "Các tỉnh, thành phố" in nav and "Sản phẩm OCOP" in nav
    for absent in ("Người dùng", "Duyệt", "Mục tiêu", "Nhập kết quả"):
        assert absent not in nav
