"""API tokens: created and revoked by an administrator on the account's page (audited, shown
once, stored as a hash), and the bearer authentication of the API (401 / 403 as JSON)."""

import hashlib

import pytest
from django.urls import reverse

from ntm_tracker.models import ApiToken, AuditEvent
from ntm_tracker.accounts.services import token_create

SUMMARY = reverse("api_summary")


def _create(client, admin_user, user, name="Cổng thông tin"):
    client.force_login(admin_user)
    return client.post(reverse("user_token_create", args=[user.pk]), {"name": name})


def test_administrator_creates_a_token_shown_once_and_stored_as_a_hash(client, admin_user, leader_user):
    response = _create(client, admin_user, leader_user)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("ntm_") and len(secret) > 40 and secret in response.content.decode()
    token = ApiToken.objects.get(user=leader_user)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.secret_hash} and token.created_by == admin_user
    event = AuditEvent.objects.get(action=AuditEvent.Action.TOKEN_CREATED)
    assert event.object_id == str(leader_user.pk) and event.actor == admin_user and event.unit_code == "42"
    # The account page lists it by name and prefix, never the token itself.
    page = client.get(reverse("user_edit", args=[leader_user.pk])).content.decode()
    assert "Cổng thông tin" in page and token.prefix in page and secret not in page


def test_a_token_without_a_name_is_refused_with_the_form(client, admin_user, leader_user):
    response = _create(client, admin_user, leader_user, name="  ")
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert "bắt buộc" in response.content.decode()


@pytest.mark.parametrize("persona", ["province_user", "leader_user", "district_user"])
def test_only_administrators_create_or_revoke_tokens(client, persona, request, leader_user, admin_user):
    user = request.getfixturevalue(persona)
    token, _secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    client.force_login(user)
    assert client.post(reverse("user_token_create", args=[leader_user.pk]), {"name": "y"}).status_code == 403
    assert client.post(reverse("user_token_revoke", args=[leader_user.pk, token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_anonymous_is_sent_to_login_from_the_token_pages(client, leader_user):
    response = client.post(reverse("user_token_create", args=[leader_user.pk]), {"name": "y"})
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_token_reads_the_api_with_its_users_rights_and_records_its_use(client, admin_user, leader_user, bearer, catalogue):
    token, secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    response = client.get(SUMMARY, {"province": "42", "year": 2023}, headers=bearer(secret))
    assert response.status_code == 200 and response.json()["province"] == "42"
    assert response["Cache-Control"] == "private"
    token.refresh_from_db()
    assert token.last_used is not None


def test_revoking_makes_the_token_401(client, admin_user, leader_user, bearer, catalogue):
    token, secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    client.force_login(admin_user)
    response = client.post(reverse("user_token_revoke", args=[leader_user.pk, token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_REVOKED, object_id=str(leader_user.pk)).count() == 1
    client.logout()
    response = client.get(SUMMARY, {"province": "42", "year": 2023}, headers=bearer(secret))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["status"] == 401
    # Revoking again changes nothing and records nothing.
    client.force_login(admin_user)
    client.post(reverse("user_token_revoke", args=[leader_user.pk, token.pk]))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN_REVOKED).count() == 1


def test_a_token_is_revoked_only_through_its_own_account(client, admin_user, leader_user, province_user):
    token, _secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    client.force_login(admin_user)
    assert client.post(reverse("user_token_revoke", args=[province_user.pk, token.pk])).status_code == 404


@pytest.mark.parametrize("header", ["Bearer ntm_unknown", "Bearer ", "Bearer x" * 50, "Token abc"])
def test_unknown_or_malformed_tokens_are_401_json(client, header, territory, catalogue):
    response = client.get(SUMMARY, {"province": "42", "year": 2023}, headers={"Authorization": header})
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"]


def test_a_token_of_a_deactivated_account_is_401(client, admin_user, leader_user, bearer, catalogue):
    _token, secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    leader_user.is_active = False
    leader_user.save()
    response = client.get(SUMMARY, {"province": "42", "year": 2023}, headers=bearer(secret))
    assert response.status_code == 401 and "vô hiệu" in response.json()["error"]["message"]


def test_anonymous_is_401_json_not_a_redirect(client, territory, catalogue):
    for url in (SUMMARY + "?province=42&year=2023", reverse("api_criteria_sets")):
        response = client.get(url)
        assert response.status_code == 401 and response.json()["error"]["status"] == 401


def test_a_token_for_another_province_is_403_json(client, admin_user, other_province_user, territory, bearer, catalogue):
    _token, secret = token_create(actor=admin_user, request=None, user=other_province_user, name="x")
    response = client.get(SUMMARY, {"province": "42", "year": 2023}, headers=bearer(secret))
    assert response.status_code == 403 and response.json()["error"]["status"] == 403
    assert client.get(SUMMARY, {"province": "40", "year": 2023}, headers=bearer(secret)).status_code == 200


def test_the_session_works_too_and_a_post_is_405(client, leader_user, catalogue):
    client.force_login(leader_user)
    assert client.get(SUMMARY, {"province": "42", "year": 2023}).status_code == 200
    response = client.post(SUMMARY, {"province": "42"})
    assert response.status_code == 405 and response.json()["error"]["status"] == 405


def test_token_admin_page_query_count_is_flat(client, admin_user, leader_user, django_assert_max_num_queries):
    url = reverse("user_edit", args=[leader_user.pk])
    client.force_login(admin_user)
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for n in range(10):
        token_create(actor=admin_user, request=None, user=leader_user, name=f"t{n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
