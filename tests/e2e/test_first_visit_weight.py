"""The first dashboard visit of a new browser transfers under 1 MB (issue 14, item 8).

Measured against a server that serves static files as production does: collectstatic with
WhiteNoise's CompressedManifestStaticFilesStorage into a temporary STATIC_ROOT, and WhiteNoise
serving that root (no finders, no Django static view) — so a script travels gzipped exactly when a
production browser would get it gzipped. The development server serves from the finders
uncompressed; that path is not what a district office downloads.
"""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from dashboards.plotly_assets import STATIC_PATH
from showcase.demo.accounts import demo_targets_load
from showcase.demo.communes import demo_assessments_load
from showcase.demo.ocop import demo_ocop_load

ONE_MB = 1_000_000


@pytest.fixture
def production_static_server(settings, tmp_path):
    """A live server whose static files come compressed from WhiteNoise, as behind gunicorn."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (settings.STATIC_ROOT / (STATIC_PATH + ".gz")).exists()
    overrides = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    # No static handler in front of the app: WhiteNoise's middleware answers /static/ itself.
    thread = LiveServerThread("localhost", static_handler=lambda app: app, connections_override=overrides)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


def test_first_dashboard_visit_of_a_new_browser_transfers_under_one_megabyte(
        transactional_db, leader_user, production_static_server, browser):
    demo_targets_load()
    demo_ocop_load()
    demo_assessments_load(districts=["443"])
    client = Client()
    client.force_login(leader_user)
    # A new browser context: empty cache, only the session cookie of a user who has just logged in.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    host = production_static_server.split("//")[1].split(":")[0]
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "domain": host, "path": "/"}])
    page = context.new_page()
    responses, errors = [], []
    page.on("response", lambda response: responses.append(response))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{production_static_server}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bảng điều hành")
    for canvas in page.locator("[data-chart]").all():
        expect(canvas).to_have_attribute("data-drawn", "true")
    page.wait_for_load_state("networkidle")

    transferred = {}
    for response in responses:
        sizes = response.request.sizes()
        transferred[response.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
    plotly = next(r for r in responses if "plotly-cartesian" in r.url)
    assert plotly.header_value("content-encoding") in {"gzip", "br"}
    assert transferred[plotly.url] < 600_000
    assert not any("plotly.min.js" in url for url in transferred)  # not the 4.8 MB full bundle
    assert len(transferred) >= 8  # the page, its scripts and styles, the lazily loaded charts
    assert sum(transferred.values()) < ONE_MB, sorted(transferred.items(), key=lambda item: -item[1])[:5]
    assert errors == []
    context.close()
