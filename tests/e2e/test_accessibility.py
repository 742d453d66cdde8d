"""axe-core (shipped by axe-playwright-python, run in the real page) finds no serious or critical
accessibility violation on the main pages. Each feature adds its pages to PAGES."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = [
    "/provinces/42/",
    "/districts/443/",
]


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_login_page_has_no_serious_violation(transactional_db, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_main_pages_have_no_serious_violation(transactional_db, leader_user, login, page, live_server, path):
    login("lanhdao")
    page.goto(f"{live_server.url}{path}")
    assert serious(page) == []
