from django.urls import reverse


def test_healthz_answers_200_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_home_sends_a_user_to_their_province(client, district_user):
    client.force_login(district_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("province_overview", args=["42"])


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
