"""Browser journeys: pytest-playwright driving Debian's Chromium against the live test server.

Chromium is never downloaded (`playwright install` is not used): the system browser is launched
from CHROMIUM_PATH (default /usr/bin/chromium). Locally the journeys are skipped with a reason when
it is missing; in CI (CI=true) that is a failure, so the browser tests cannot silently vanish.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from ntm_tracker.models import User

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are
# still plain synchronous calls, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def whole_province(ha_tinh):
    """Browser journeys walk the demo province as a person would: the whole of Hà Tĩnh (216
    communes, the catalogue, the demo history) under the personas, not the tiny territory."""
    return ha_tinh


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def worker_context(browser):
    """The browser window of this worker's journeys: Vietnamese, Hà Tĩnh's time zone, a desktop size
    (a test may resize its page). A new context costs Chromium half a second of CPU and starts
    with an empty cache, so journeys share one as the days of one person's browser do."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def context(worker_context):
    """Each journey starts signed out (no cookie) on a page of its own; its pages are closed after
    it. What carries over is the browser's HTTP cache of the app's scripts and styles (revalidated
    by their dates, as a person's browser does). A test about a new browser (an empty cache) makes
    its own context from `browser`."""
    worker_context.clear_cookies()
    yield worker_context
    for page in list(worker_context.pages):
        page.close()
    worker_context.clear_cookies()


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception of the page, for tests to assert empty."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def login(page, live_server):
    """login(username) — signed in, on the home page, as after the login form: the session is made
    on the server (Django's `force_login`: the same session, `user_logged_in` and its audit event)
    and its cookie handed to the browser, a third of a second less than typing it in. With a
    `password`, through the real form (a temporary password's first login). The form itself is
    walked by the lockout, language and accessibility journeys."""

    def _login(username: str, password: str | None = None):
        if password is None:
            client = Client()
            client.force_login(User.objects.get(username=username))
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
            page.goto(f"{live_server.url}/")
        else:
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(password)
            page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return _login


def edit_form_open(page, indicator):
    """Open the inline edit form of `indicator` on a commune page and return it once it has loaded.

    It waits for the form's version field: the form reads the assessment's version when it loads,
    so a test that saves "someone else's" change next must not do so before that."""
    details = page.locator(f"#criterion-{indicator.criterion.number}")
    expect(details).to_be_visible()
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    edit = page.locator(f"#indicator-{indicator.pk}").get_by_role("link", name="Sửa")
    expect(edit).to_be_visible()
    edit.click()
    form = page.locator(f"tr.editing#indicator-{indicator.pk}")
    expect(form.locator("input[name=version]")).to_have_count(1)
    expect(form.get_by_role("button", name="Lưu")).to_be_visible()
    return form
