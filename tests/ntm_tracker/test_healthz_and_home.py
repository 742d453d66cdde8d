import pytest
from django.urls import reverse


def test_healthz_answers_200_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_home_sends_province_staff_to_their_province(client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("province_overview", args=["42"])


def test_home_sends_district_staff_to_their_district(client, district_user):
    client.force_login(district_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("district_detail", args=["443"])


def test_home_sends_commune_staff_to_their_commune(client, commune_user):
    client.force_login(commune_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("commune_detail", args=[commune_user.commune.code])


def test_home_sends_leaders_to_the_dashboard_and_administrators_and_national_users_to_the_provinces(
        client, leader_user, admin_user, national_user):
    client.force_login(leader_user)
    assert client.get(reverse("home")).url == reverse("dashboard")
    for user in (admin_user, national_user):
        client.force_login(user)
        assert client.get(reverse("home")).url == reverse("province_list")


@pytest.mark.parametrize("persona, shown, hidden", [
    ("commune_user", ["Xã của tôi", "Sản phẩm OCOP", "Duyệt"], ["Tổng quan", "Bảng điều hành", "Mục tiêu", "Người dùng"]),
    ("district_user", ["Huyện của tôi", "Sản phẩm OCOP", "Duyệt"], ["Tổng quan", "Bảng điều hành", "Mục tiêu", "Người dùng"]),
    ("province_user", ["Tổng quan", "Bảng điều hành", "Mục tiêu", "Duyệt"], ["Xã của tôi", "Người dùng"]),
    ("leader_user", ["Tổng quan", "Bảng điều hành", "Mục tiêu"], ["Duyệt", "Người dùng"]),
    ("admin_user", ["Các tỉnh, thành phố", "Người dùng", "Nhật ký hệ thống"], ["Duyệt", "Xã của tôi"]),
    ("national_user", ["Các tỉnh, thành phố", "Sản phẩm OCOP", "Báo cáo năm"],
     ["Tổng quan", "Duyệt", "Mục tiêu", "Người dùng", "Nhật ký hệ thống"]),
])
def test_the_menu_shows_each_role_only_its_items(db, client, request, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("account_language")).content.decode()  # a page every role has
    nav = html[html.index('<nav class="main-nav"'):html.index("</nav>")]
    for label in shown:
        assert f">{label}<" in nav, label
    for label in hidden:
        assert f">{label}<" not in nav, label


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_login_page_is_vietnamese_and_logs_in(client, leader_user):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("login"), {"username": "lanhdao", "password": "Mat-khau-thu-2024"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_shows_a_vietnamese_error(client, leader_user):
    response = client.post(reverse("login"), {"username": "lanhdao", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_overview_link_sends_every_role_to_their_province(client, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("overview"))
    assert response.status_code == 302 and response.url == reverse("province_overview", args=["42"])
