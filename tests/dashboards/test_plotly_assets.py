"""plotly.js is the vendored cartesian partial bundle, served by the app under the strict CSP."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from plotly.offline import get_plotlyjs_version

from dashboards import charts
from dashboards.plotly_assets import (
    PLOTLY_JS, STATIC_PATH, bundle_version, plotly_rules, style_attribute_hashes, style_attribute_values,
    style_placeholder_ids,
)


def test_the_partial_bundle_is_vendored_with_its_licence():
    assert finders.find(STATIC_PATH) == str(PLOTLY_JS)
    assert "MIT License" in (PLOTLY_JS.parent / "plotly.js-LICENSE.txt").read_text()
    # The full plotly.min.js is 4.8 MB; the partial bundle must stay well under a third of it.
    assert PLOTLY_JS.stat().st_size < 1_600_000


def test_the_bundle_is_the_plotly_js_the_plotly_package_builds_figures_for():
    assert bundle_version() == get_plotlyjs_version()


def test_the_bundle_draws_every_trace_type_the_charts_use():
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', PLOTLY_JS.read_text(encoding="utf-8")))
    axis_types = {"category", "linear", "log", "date", "multicategory"}
    drawn = set(re.findall(r'"type": "(\w+)"', Path(charts.__file__).read_text(encoding="utf-8"))) - axis_types
    assert drawn == {"bar", "heatmap", "scatter"}, "charts.py draws a new trace type: check the bundle"
    assert drawn <= registered
    assert "scattergeo" not in registered and "choroplethmap" not in registered  # the partial bundle


def test_plotly_js_is_served_by_the_app(client, db):
    response = client.get("/static/" + STATIC_PATH)
    assert response.status_code == 200
    assert b"plotly.js (cartesian" in b"".join(response.streaming_content)[:200]


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
