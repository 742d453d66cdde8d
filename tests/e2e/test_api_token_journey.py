"""An administrator issues an API token to a leader's account, sees it once, and it reads the API
(from the browser's request context and from a plain HTTP call); revoked, it is refused with 401."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from ntm_tracker.models import ApiToken
from tests.e2e.test_accessibility import serious


def _plain_get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_administrator_issues_a_token_that_reads_the_api_until_revoked(
        transactional_db, admin_user, leader_user, login, page, live_server, console_errors):
    login("admin")
    page.goto(f"{live_server.url}/users/{leader_user.pk}/")
    expect(page.get_by_role("heading", name="Khoá API")).to_be_visible()
    page.get_by_label("Tên khoá").fill("Cổng thông tin tỉnh")
    page.get_by_role("button", name="Tạo khoá API").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo khoá API")
    token = page.locator("#api-token").inner_text().strip()
    assert token.startswith("ntm_")
    # Shown once: the account page lists the token by name and prefix only.
    page.get_by_role("link", name="Quay lại tài khoản").click()
    expect(page.locator("#token-list")).to_contain_text("Cổng thông tin tỉnh")
    assert token not in page.content()
    assert serious(page) == []

    url = f"{live_server.url}/api/v1/summary/?province=42&year=2023"
    response = page.request.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200 and response.headers["cache-control"] == "private"
    data = response.json()
    assert data["province"] == "42" and data["units"] == {"districts": 13, "communes": 216, "in_programme": 181}
    status, data = _plain_get(url, token)
    assert status == 200 and data["levels"] == {"ntm": 181, "advanced": 60, "model": 15}
    assert ApiToken.objects.get().last_used is not None

    page.get_by_role("button", name="Thu hồi khoá Cổng thông tin tỉnh").click()
    expect(page.locator("#token-list")).to_contain_text("Thu hồi")
    status, data = _plain_get(url, token)
    assert status == 401 and data["error"]["status"] == 401
    # The browser's own session does not rescue a revoked token: the token decides.
    assert page.request.get(url, headers={"Authorization": f"Bearer {token}"}).status == 401
    assert console_errors == []
