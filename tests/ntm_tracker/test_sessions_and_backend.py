"""The session store and the auth backend that read each request's session and user with plain SQL
(ntm_tracker/sessions.py, ntm_tracker/auth_backends.py): same answers as Django's."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ntm_tracker.auth_backends import ModelBackend
from ntm_tracker.sessions import SessionStore
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_a_stored_session_is_read_back():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    again = SessionStore(store.session_key)
    assert again["answer"] == 42 and again.session_key == store.session_key


@pytest.mark.django_db
def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert "answer" not in expired and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert dict(unknown.items()) == {} and unknown.session_key is None


def test_the_backend_returns_active_users_only(province_user):
    backend = ModelBackend()
    assert backend.get_user(province_user.pk) == province_user
    assert backend.get_user(province_user.pk).province_id == province_user.province_id
    assert backend.get_user(10 ** 9) is None
    province_user.is_active = False
    province_user.save(update_fields=["is_active"])
    assert backend.get_user(province_user.pk) is None


def test_login_request_and_logout_go_through_them(client, province_user):
    assert client.post(reverse("login"), {"username": "tinh", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    assert SESSION_KEY in client.session
    client.post(reverse("logout"))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("login") in response.url
