"""Two app servers, one PostgreSQL database: what a deployment behind a load balancer relies on.

Each server is the production one (gunicorn with the committed gunicorn.conf.py, DEBUG off) on its
own port, against the test database pytest-django created. Nothing may live in one server's memory
that the other needs: a save through one is read through the other on the next request, a session
made on one is valid on the other (sessions in the database), and a login lockout counts the failed
attempts of both (django-axes' attempts in the database).
"""

import time

import pytest
from django.db import connection
from django.urls import reverse

from dashboards.models import Target
from tests.conftest import PASSWORD
from tests.deploy.servers import AppServer, Browser
from tests.processes import database_url

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="two app servers need a database server they share (PostgreSQL)")

FAILURE_LIMIT = 3
LOGIN = reverse("login")
TARGETS = reverse("target_list")


@pytest.fixture(scope="module")
def started_servers(django_db_setup, tmp_path_factory):
    """Two servers started together, once for the module (a few seconds), stopped whatever happened.
    They only need the test database to exist; each test writes its own rows (`servers`)."""
    logs = tmp_path_factory.mktemp("gunicorn")
    started = [AppServer(database_url(), logs / f"gunicorn-{n}.log", AXES_FAILURE_LIMIT=str(FAILURE_LIMIT))
               for n in (1, 2)]
    try:
        deadline = time.monotonic() + 25
        for server in started:
            server.wait_ready(deadline)
        yield started
    finally:
        for server in started:
            server.terminate()
        for server in started:
            server.stop()


@pytest.fixture
def servers(started_servers, transactional_db):
    """The servers, with this test's rows committed where they can read them (and removed after)."""
    return started_servers


def log_in(browser: Browser, server: AppServer, username: str, password: str = PASSWORD):
    return browser.submit(server, LOGIN, {"username": username, "password": password})


def test_a_session_made_on_one_server_is_valid_on_the_other(servers, province_user):
    one, two = servers
    browser = Browser()
    assert log_in(browser, one, "tinh").status == 302
    assert "sessionid" in browser.cookies

    page = browser.get(two, f"{TARGETS}?year=2025")
    assert page.status == 200, page.location
    assert "tinh" in page.text
    # Logging out through the second ends the session on the first too.
    assert browser.submit(two, reverse("logout"), {}, form_path=TARGETS).status == 302
    assert browser.get(one, TARGETS).status == 302


def test_a_save_through_one_server_is_read_through_the_other_on_the_next_request(servers, province_user, catalogue):
    one, two = servers
    browser = Browser()
    assert log_in(browser, one, "tinh").status == 302
    form = {"year": "2025", "district": "", "metric": "communes_new_advanced", "value": "15", "baseline": "",
            "district_codes": "", "note": "Nghị quyết đại hội 2025"}

    created = browser.submit(one, reverse("target_create"), form)
    assert created.status == 302, created.text[:2000]
    assert "Nghị quyết đại hội 2025" in browser.get(two, f"{TARGETS}?year=2025").text

    # And back: an edit through the second, read through the first; the first's stale copy is refused.
    target = Target.objects.get(year=2025)
    edit = reverse("target_edit", args=[target.pk])
    stale_token = browser.get(one, edit).csrf_token()
    assert browser.submit(two, edit, form | {"value": "18", "note": "Điều chỉnh", "version": "1"}).status == 302
    assert "Điều chỉnh" in browser.get(one, f"{TARGETS}?year=2025").text
    refused = browser.post(one, edit, form | {"csrfmiddlewaretoken": stale_token, "value": "25", "version": "1"})
    assert refused.status == 409
    target.refresh_from_db()
    assert target.value == 18


def test_a_login_lockout_reached_through_one_server_holds_on_the_other(servers, leader_user):
    one, two = servers
    browser = Browser()
    # The failures count together, whichever server took them.
    assert log_in(browser, one, "lanhdao", "sai-mat-khau").status == 200
    assert log_in(browser, two, "lanhdao", "sai-mat-khau").status == 200
    assert log_in(browser, one, "lanhdao", "sai-mat-khau").status == 429

    # Locked on both, even with the right password and from another browser.
    for server in (two, one):
        refused = log_in(Browser(user_agent="Firefox"), server, "lanhdao")
        assert refused.status == 429
        assert "Tài khoản tạm thời bị khóa" in refused.text
