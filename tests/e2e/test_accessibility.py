"""axe-core (shipped by axe-playwright-python, run in the real page) finds no serious or critical
accessibility violation on the main pages, each opened by the kind of user who works on it.
Each feature adds its pages to PAGES."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from communes.models import Review
from ocop.models import Product
from showcase.demo.accounts import demo_targets_load
from showcase.demo.ocop import demo_ocop_load

PRODUCT = "{product}"  # replaced by a demo product of Hà Tĩnh
COMMUNE = "{commune}"  # replaced by the commune officer's commune
INDICATOR = "{indicator}"  # replaced by indicator 2.2 (the edit form)

# username: the pages that user works on (a page of a list once: the OCOP expiry list is the district
# officer's, the province's being thirteen districts of the same rows, 4 s of axe's time)
PAGES = {
    "lanhdao": [
        "/provinces/42/", "/districts/443/", "/dashboard/", "/dashboard/districts/443/", "/reports/2024/",
        "/ocop/", f"/ocop/products/{PRODUCT}/",
    ],
    "tinh": [f"/communes/{COMMUNE}/?year=2024", "/review/?year=2024", "/targets/", "/communes/groups/import/",
             "/targets/new/", f"/ocop/products/{PRODUCT}/nominations/new/", "/model-villages-gardens/",
             "/model-villages-gardens/new/", "/model-villages-gardens/import/"],
    "huyen": ["/review/", "/ocop/expiring/", "/districts/443/?year=2024", "/districts/443/criteria/?year=2024"],
    "xa": [f"/communes/{COMMUNE}/?year=2024", f"/communes/{COMMUNE}/assessments/{INDICATOR}/2024/",
           "/account/password/"],
    "admin": ["/users/", "/audit/", "/users/new/"],
}


# The page as a person sees it once it has settled: loaded, no htmx request in flight or waiting for
# the page's load (the dashboard's chart slots) or for a part already in view to show ("intersect"),
# every chart drawn. Not Playwright's "networkidle", which waits half a second more on every page.
SETTLED = """() => document.readyState === "complete"
  && !document.querySelector(".htmx-request, [hx-trigger='load']")
  && [...document.querySelectorAll("[data-chart]")].every(el => el.dataset.drawn === "true" || !document.getElementById(el.dataset.chart))
  && [...document.querySelectorAll("[hx-trigger^='intersect']")].every(el => el.getBoundingClientRect().top >= innerHeight)"""


# On a phone (the layout below 700 px) the header, its menu folded, takes at most a sixth of the
# first screen (issue 14): the header's height, or None when the page is wider or the person has
# opened the menu.
PHONE_HEADER = """() => {
  const header = document.querySelector(".site-header");
  const toggle = document.querySelector(".menu-toggle");
  if (innerWidth > 700 || !header || (toggle && toggle.getAttribute("aria-expanded") === "true")) return null;
  return {height: header.getBoundingClientRect().height, screen: innerHeight};
}"""


# On a phone the page's markup is the desktop's (the phone layout, static/css/app.css below 700 px,
# is CSS only), and every page a test opens on a phone it also opens at desktop size, where axe
# checks all of it. So on a phone axe checks what the layout changes: the header's contrast (the
# menu button's colours) and the boxes that now scroll sideways (a wide table in its box), which
# must be reachable from the keyboard. The whole page again cost more than the rest of the journey
# (0.8 s on the expiry list, 0.4 s on the dashboard).
PHONE_WIDTH = 700
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}  # every journey's two sizes
PHONE_CHECKS = (
    (".site-header", {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}),
    (".table-wrap, .table-scroll", {"resultTypes": ["violations"], "runOnly": ["scrollable-region-focusable"]}),
)
AXE = Axe()  # reads axe-core's 570 kB script once


def axe_violations(page, context: str | None = None, options: dict | None = None) -> list[dict]:
    """axe-core's violations on the page (or in the elements of the `context` selector, none when
    it has none), its script injected once per document."""
    if context and not page.locator(context).count():
        return []
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    arguments = AXE._format_script_args(context=context, options=options or {"resultTypes": ["violations"]})
    return page.evaluate(f"axe.run({arguments}).then(results => results.violations)")


def phone_header_too_tall(page) -> list[str]:
    """["header: …"] when, on a phone, the folded header takes more than a sixth of the first screen."""
    found = page.evaluate(PHONE_HEADER)
    if found and found["height"] > found["screen"] / 6:
        return [f"header ({page.url}): {found['height']:.0f} px of a {found['screen']} px screen, more than a sixth"]
    return []


def serious(page) -> list[str]:
    """What seriously gets in a person's way on the page once it has settled: axe's serious and
    critical violations, and on a phone a header taller than a sixth of the first screen — every
    journey checks each page it visits with `serious(page) == []`."""
    page.wait_for_function(SETTLED)
    if page.viewport_size and page.viewport_size["width"] <= PHONE_WIDTH:
        violations = [v for context, options in PHONE_CHECKS for v in axe_violations(page, context, options)]
    else:
        violations = axe_violations(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations if v["impact"] in {"serious", "critical"}
    ] + phone_header_too_tall(page)


def test_login_page_has_no_serious_violation(transactional_db, live_server, page):
    for size in VIEWPORTS.values():
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/accounts/login/")
        assert serious(page) == []


@pytest.fixture
def everyone(transactional_db, can_loc_assessed, ntm_indicator, admin_user, leader_user, province_user, district_user, commune_user):
    """Every persona, Can Lộc's assessments (the officer's commune submitted for 2024), the OCOP
    register and the targets: every page has its content."""
    demo_ocop_load()
    demo_targets_load()
    Review.objects.update_or_create(commune=commune_user.commune, year=2024,
                                    defaults={"state": Review.State.SUBMITTED})
    return {"product": Product.objects.order_by("pk").first().pk, "commune": commune_user.commune.code,
            "indicator": ntm_indicator.pk}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("username", PAGES)
def test_main_pages_have_no_serious_violation(everyone, login, page, live_server, username, viewport):
    """At both sizes: on a phone `serious` also holds each page's header to a sixth of the screen."""
    page.set_viewport_size(VIEWPORTS[viewport])
    login(username)
    found = {}
    for path in PAGES[username]:
        response = page.goto(f"{live_server.url}{path.format(**everyone)}")
        assert response.status == 200, path
        found[path] = serious(page)
    assert found == {path: [] for path in PAGES[username]}


def test_a_phone_header_taller_than_a_sixth_of_the_screen_is_found(transactional_db, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator(".site-header")).to_be_visible()
    assert phone_header_too_tall(page) == []
    page.locator(".site-header").evaluate("header => { header.style.minHeight = '200px'; }")
    [found] = phone_header_too_tall(page)
    assert found.startswith("header (") and "200 px of a 844 px screen" in found
    # At a desktop width the rule does not apply.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert phone_header_too_tall(page) == []


def test_on_a_phone_a_box_that_scrolls_sideways_out_of_reach_of_the_keyboard_is_found(transactional_db, live_server,
                                                                                      page):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator(".site-header")).to_be_visible()
    page.locator("main").evaluate("""main => { main.insertAdjacentHTML("beforeend",
        '<div class="table-wrap"><table><tr><td>' + "XãThiênLộc".repeat(60) + '</td></tr></table></div>'); }""")
    found = serious(page)
    assert len(found) == 1 and found[0].startswith("scrollable-region-focusable (serious)"), found
    page.locator(".table-wrap").evaluate("box => box.setAttribute('tabindex', '0')")
    assert serious(page) == []
