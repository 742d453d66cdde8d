"""Content-Security-Policy without inline scripts, the production headers and cookies, and
`manage.py check --deploy` with production settings."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3$Vq9!zR7@pL2#wX8^mN5&bT1*hJ6(yF4)cD0-sG9+uE3=aQ7",
    "ALLOWED_HOSTS": "ntm.example.vn",
    "STATIC_MANIFEST": "false",  # no collectstatic output in a checkout
}


def run_production(args: list[str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
             and not k.startswith(("SECURE_", "PYTEST", "DJANGO_"))}
    return subprocess.run([sys.executable, *args], env={**clean, **PRODUCTION_ENV}, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, timeout=120)


def test_check_deploy_passes_with_production_settings():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE = """
import json, django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "ntm_tracker.settings"
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ntm.example.vn")
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({"plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
                  "status": secure.status_code, "headers": dict(secure.headers),
                  "csrf_cookie": secure.cookies["csrftoken"].output()}))
"""


@pytest.fixture(scope="module")
def production_response() -> dict:
    result = run_production(["-c", PROBE])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://ntm.example.vn/")


def test_production_sends_hsts_and_the_other_security_headers(production_response):
    headers = production_response["headers"]
    assert production_response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_production_cookies_are_secure(production_response):
    cookie = production_response["csrf_cookie"]
    assert "Secure" in cookie and "SameSite=Lax" in cookie


def test_csp_forbids_inline_scripts_and_styles(client, db):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


class InlineFinder(HTMLParser):
    """Collects inline scripts, on* handler attributes and style attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        # json_script blocks carry data, not code; the policy does not run them.
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self._in_script = True
        self.found += [f"<{tag} {name}>" for name in names if name.startswith("on") or name == "style"]

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


PAGES = ["home", "user_list", "user_create", "user_import", "audit_list", "account_password", "account_language"]


def test_no_page_has_inline_scripts_or_styles(client, world):
    client.force_login(world.users["admin"])
    urls = [reverse(name) for name in PAGES] + [
        reverse("user_edit", args=[world.target.pk]), reverse("province_overview", args=["42"]),
        reverse("district_detail", args=["443"])]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.found == [], url
    client.logout()
    finder = InlineFinder()
    finder.feed(client.get(reverse("login")).content.decode())
    assert finder.found == []
