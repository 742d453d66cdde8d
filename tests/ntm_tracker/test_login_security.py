"""Lockout after repeated failures, the password rules, session settings, and the login audit."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ntm_tracker.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = reverse("login")


def fail_login(client, username="lanhdao", times=1):
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "sai-mat-khau"})
    return response


def test_five_failures_lock_the_account_with_a_vietnamese_page(client, leader_user):
    assert fail_login(client, times=4).status_code == 200
    response = fail_login(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tài khoản tạm thời bị khóa" in html and "quản trị viên mở khóa" in html
    # Even the right password is refused while locked, and from another browser too.
    response = Client().post(LOGIN, {"username": "lanhdao", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_lockout_is_recorded_in_the_audit_trail(client, leader_user):
    fail_login(client, times=5)
    actions = list(AuditEvent.objects.filter(actor_name="lanhdao").values_list("action", flat=True))
    assert actions.count(AuditEvent.Action.LOGIN_FAILED) == 5
    assert AuditEvent.Action.LOCKED_OUT in actions


def test_other_accounts_still_log_in_from_another_browser_at_the_same_address(client, leader_user, province_user):
    fail_login(client, times=5)
    response = Client().post(LOGIN, {"username": "tinh", "password": PASSWORD}, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 302


def test_administrator_unlocks_from_the_user_page(client, admin_user, leader_user):
    fail_login(Client(), times=5)
    client.force_login(admin_user)
    page = client.get(reverse("user_edit", args=[leader_user.pk])).content.decode()
    assert "Mở khóa đăng nhập" in page
    assert client.post(reverse("user_unlock", args=[leader_user.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username="lanhdao").exists()
    assert Client().post(LOGIN, {"username": "lanhdao", "password": PASSWORD}).status_code == 302
    event = AuditEvent.objects.filter(actor=admin_user, object_id=str(leader_user.pk)).get()
    assert event.changes == {"locked_out": [True, False]}


def test_locked_users_show_in_the_user_list(client, admin_user, leader_user):
    fail_login(Client(), times=5)
    client.force_login(admin_user)
    row = client.get(reverse("user_list"), {"q": "lanhdao"}).content.decode()
    assert "Bị khóa" in row


def test_django_admin_lists_the_lockouts_for_unlocking(client, admin_user, leader_user):
    fail_login(Client(), times=5)
    client.force_login(admin_user)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200 and "lanhdao" in response.content.decode()


def test_successful_login_and_logout_are_recorded_with_the_address(client, district_user):
    client.post(LOGIN, {"username": "huyen", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    login, logout = AuditEvent.objects.filter(actor=district_user).order_by("id")
    assert (login.action, login.ip_address, login.unit_code) == (AuditEvent.Action.LOGIN, "10.1.2.3", "443")
    assert logout.action == AuditEvent.Action.LOGOUT


def test_failed_login_is_recorded_with_the_name_typed(client, db):
    fail_login(client, username="khongco")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_name, event.actor) == (AuditEvent.Action.LOGIN_FAILED, "khongco", None)


@pytest.mark.parametrize("password, reason", [
    ("Ngan-1a", "quá ngắn"),
    ("password123", "quá phổ biến"),
    ("12345678901234", "toàn là số"),
    ("chuthuongdaimotchut", "ít nhất 3 loại ký tự"),
])
def test_weak_passwords_are_refused_in_vietnamese(client, leader_user, password, reason):
    client.force_login(leader_user)
    response = client.post(reverse("account_password"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert reason in response.content.decode()


def test_password_like_the_username_is_refused(leader_user):
    with pytest.raises(ValidationError):
        validate_password("lanhdao-2024", leader_user)


def test_a_strong_password_passes(leader_user):
    validate_password("Lua-Chiem-Xuan-7", leader_user)


def test_a_session_ends_with_the_browser_or_after_eight_hours(client, leader_user):
    response = client.post(LOGIN, {"username": "lanhdao", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]  # out of reach of scripts
    left = Session.objects.get(session_key=cookie.value).expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)


def test_overlong_usernames_are_refused_without_touching_the_lockout_tables(client, db):
    response = client.post(LOGIN, {"username": "x" * 5000, "password": "sai"})
    assert response.status_code == 200 and "id_username_error" in response.content.decode()  # the field error, tied to its input


def test_admin_login_with_an_overlong_username_is_not_a_500(client, db):
    response = client.post("/admin/login/", {"username": "x" * 5000, "password": "sai"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 150


def test_one_browser_trying_many_usernames_is_locked_out(client, db):
    for n in range(5):
        response = client.post(LOGIN, {"username": f"doan{n}", "password": "sai"}, HTTP_USER_AGENT="spray")
    assert response.status_code == 429
    assert client.post(LOGIN, {"username": "khac", "password": "sai"}, HTTP_USER_AGENT="spray").status_code == 429
