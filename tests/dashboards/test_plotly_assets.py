"""plotly.js is served from the plotly package's own file and runs under the strict CSP."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from dashboards.plotly_assets import (
    PLOTLY_JS, plotly_rules, style_attribute_hashes, style_attribute_values, style_placeholder_ids,
)


def test_plotly_js_is_found_in_the_plotly_package_not_in_the_repository():
    path = finders.find("vendor/plotly.min.js")
    assert path == str(PLOTLY_JS) and PLOTLY_JS.parent.name == "package_data"
    assert not (settings.BASE_DIR / "static" / "vendor").exists()


def test_plotly_js_is_served_by_the_app(client, db):
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert b"plotly.js" in b"".join(response.streaming_content)[:200]


def test_the_linked_stylesheet_holds_every_rule_plotly_would_inject():
    css = open(finders.find("css/plotly.css"), encoding="utf-8").read()
    rules = plotly_rules()
    assert len(rules) > 30
    for selector, declarations in rules.items():
        assert f"{selector} {{ {declarations} }}" in css, f"re-run plotly_css(): {selector} is missing"


def test_chart_pages_pre_empt_plotlys_injected_styles(client, leader_user):
    client.force_login(leader_user)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    assert style_placeholder_ids() and all(f'id="{i}"' in html for i in style_placeholder_ids())


def test_csp_stays_strict(client, leader_user):
    client.force_login(leader_user)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_only_the_heatmaps_fixed_style_attributes_are_allowed_by_hash():
    assert style_attribute_values()[0] == "" and "image-rendering: pixelated; " in style_attribute_values()[1]


def test_the_policy_sent_allows_exactly_those_style_attributes(client, leader_user):
    client.force_login(leader_user)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    directive = next(d.split()[1:] for d in policy.split(";") if d.split()[:1] == ["style-src-attr"])
    assert directive == ["'unsafe-hashes'", *style_attribute_hashes()]
