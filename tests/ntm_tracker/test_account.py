"""The user's own account: password change (forced after a reset), interface language."""

from django.test import Client
from django.urls import reverse

from ntm_tracker.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.factories import make_user

PASSWORD_URL = reverse("account_password")
LANGUAGE_URL = reverse("account_language")
NEW_PASSWORD = "Dong-Lua-Que-2025"


def change_password(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post(PASSWORD_URL, {"old_password": old, "new_password1": new, "new_password2": new})


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, commune_user):
    other = Client()
    other.force_login(commune_user)
    assert other.get(reverse("home")).status_code == 302  # logged in: sent to the province page
    client.force_login(commune_user)
    response = change_password(client)
    assert response.status_code == 302 and response.url == reverse("home")
    commune_user.refresh_from_db()
    assert commune_user.check_password(NEW_PASSWORD)
    assert client.get(PASSWORD_URL).status_code == 200
    after = other.get(PASSWORD_URL)
    assert after.status_code == 302 and reverse("login") in after.url
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED, actor=commune_user).count() == 1


def test_wrong_old_password_is_refused_in_vietnamese(client, commune_user):
    client.force_login(commune_user)
    response = change_password(client, old="sai-mat-khau")
    assert response.status_code == 200 and "Mật khẩu cũ" in response.content.decode()


def test_user_who_must_change_password_is_sent_to_the_page_on_every_request(client, ha_tinh):
    user = make_user(User.Role.PROVINCE, username="moi", province=ha_tinh, must_change_password=True)
    client.force_login(user)
    for url in (reverse("home"), reverse("province_overview", args=["42"]), LANGUAGE_URL, "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == PASSWORD_URL, url
    htmx = client.get(reverse("district_detail", args=["443"]), HTTP_HX_REQUEST="true")
    assert htmx.headers["HX-Redirect"] == PASSWORD_URL
    page = client.get(PASSWORD_URL)
    assert page.status_code == 200 and "Hãy đặt mật khẩu của riêng bạn" in page.content.decode()
    assert client.get("/static/css/app.css").status_code == 200
    change_password(client)
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 302 and client.get(reverse("home")).url != PASSWORD_URL


def test_forced_user_can_still_log_out(client, ha_tinh):
    user = make_user(User.Role.PROVINCE, username="moi", province=ha_tinh, must_change_password=True)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")


def test_language_preference_is_stored_and_applied(client, leader_user):
    client.force_login(leader_user)
    page = client.get(LANGUAGE_URL)
    assert page.status_code == 200 and "Ngôn ngữ giao diện" in page.content.decode()
    response = client.post(LANGUAGE_URL, {"language": "en"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    leader_user.refresh_from_db()
    assert leader_user.language == "en"
    assert "Interface language" in client.get(LANGUAGE_URL).content.decode()


def test_login_applies_the_users_language(client, leader_user):
    leader_user.language = "en"
    leader_user.save()
    response = client.post(reverse("login"), {"username": "lanhdao", "password": PASSWORD})
    assert response.cookies["django_language"].value == "en"
    assert "Log out" in client.get(reverse("province_overview", args=["42"])).content.decode()


def test_unknown_language_is_refused(client, leader_user):
    client.force_login(leader_user)
    response = client.post(LANGUAGE_URL, {"language": "fr"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    leader_user.refresh_from_db()
    assert leader_user.language == "vi"


def test_account_pages_require_login(client, db):
    for url in (PASSWORD_URL, LANGUAGE_URL):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url
