"""The client's address behind a reverse proxy (BEHIND_PROXY) and without one, as the audit trail
and the login lockout (django-axes) read it."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from ntm_tracker.audit import client_ip
from ntm_tracker.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = reverse("login")
PROXY = "10.0.0.5"  # the reverse proxy, as the app server sees it
behind_proxy = override_settings(BEHIND_PROXY=True)


def request(forwarded: str | None = None, remote: str = PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize("forwarded", ["1.2.3.4, 203.0.113.7", None])
def test_axes_and_the_audit_trail_record_the_same_address_for_a_failed_login(db, province_user, forwarded):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    with behind_proxy:
        Client(REMOTE_ADDR=PROXY).post(LOGIN, {"username": "tinh", "password": "sai"}, **headers)
    audited = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).ip_address
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {audited}
    assert audited == ("203.0.113.7" if forwarded else PROXY)


@pytest.mark.parametrize(("forwarded", "expected"), [
    ("203.0.113.7", "203.0.113.7"),
    # The proxy appends the address it saw; what the client sent before it is not believed.
    ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
    ("1.2.3.4,203.0.113.7 ", "203.0.113.7"),
    ("2001:DB8::1", "2001:db8::1"),
    # No usable last entry: the peer that really connected (the proxy, or a probe straight to the app).
    (None, PROXY),
    ("", PROXY),
    ("203.0.113.7, ", PROXY),
    ("203.0.113.7, not-an-address", PROXY),
    ("203.0.113.7, 203.0.113.8:5555", PROXY),
])
def test_behind_the_proxy_the_last_forwarded_entry_is_the_client(forwarded, expected):
    with behind_proxy:
        assert client_ip(request(forwarded)) == expected


def test_without_the_proxy_the_forwarded_header_is_ignored():
    assert client_ip(request("203.0.113.7", remote="198.51.100.9")) == "198.51.100.9"
    assert client_ip(request(None, remote="")) is None
    assert client_ip(None) is None


@behind_proxy
def test_the_audit_trail_records_the_forwarded_client(client, district_user):
    client.post(LOGIN, {"username": "huyen", "password": PASSWORD},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert event.ip_address == "203.0.113.7"


def test_without_the_proxy_the_audit_trail_records_the_peer(client, district_user):
    client.post(LOGIN, {"username": "huyen", "password": PASSWORD},
                REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).ip_address == "198.51.100.9"


def fail(username: str, forwarded: str) -> int:
    """A failed login from a browser (one user agent) whose address the proxy forwards."""
    response = Client().post(LOGIN, {"username": username, "password": "sai-mat-khau"},
                             REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded, HTTP_USER_AGENT="Firefox")
    return response.status_code


@behind_proxy
def test_the_lockout_counts_the_forwarded_client_not_the_proxy(db, province_user):
    # One client trying many usernames is locked (address + browser), though every request comes
    # from the proxy's address; what it puts in front of the forwarded entry does not help it.
    statuses = [fail(f"khong-co-{n}", f"9.9.9.{n}, 203.0.113.7") for n in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = Client().post(LOGIN, {"username": "tinh", "password": PASSWORD}, REMOTE_ADDR=PROXY,
                           HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    assert locked.status_code == 429

    # Another client behind the same proxy, same browser, is not locked out with it.
    other = Client().post(LOGIN, {"username": "tinh", "password": PASSWORD}, REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR="203.0.113.8", HTTP_USER_AGENT="Firefox")
    assert other.status_code == 302


def test_without_the_proxy_the_lockout_counts_the_peer(db):
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(f"khong-co-{n}", f"203.0.113.{n}")  # a forged header changes nothing
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
