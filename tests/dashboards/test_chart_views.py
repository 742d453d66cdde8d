import csv
import io
import json

import pytest
from django.urls import reverse

from communes.models import Level
from tests.factories import make_commune, make_recognition

LEVELS = reverse("chart_levels_by_district")
PROGRESS = reverse("chart_progress")


def _figure(html: str, name: str) -> dict:
    start = html.index(f'<script id="chart-data-{name}" type="application/json">')
    payload = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.loads(payload)


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_chart_fragment_carries_the_figure_table_and_downloads(client, leader_user):
    client.force_login(leader_user)
    response = client.get(LEVELS, {"province": "42", "year": 2023}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    figure = _figure(html, "levels_by_district")
    assert figure["layout"]["barmode"] == "stack" and len(figure["data"][0]["y"]) == 13
    assert 'data-chart="chart-data-levels_by_district"' in html
    assert "<details" in html and "Bảng số liệu" in html and "Thành phố Hà Tĩnh" in html
    assert 'data-chart-png="chart-canvas-levels_by_district"' in html
    assert f'href="{LEVELS}?province=42&amp;year=2023&amp;format=csv"' in html


def test_chart_without_htmx_is_a_page_of_its_own(client, leader_user):
    client.force_login(leader_user)
    html = client.get(PROGRESS, {"year": 2024}).content.decode()
    assert "<html" in html and "vendor/plotly-cartesian.min.js" in html and "Tiến độ qua các năm so với mục tiêu" in html


def test_chart_scoped_to_a_district(client, leader_user, can_loc):
    client.force_login(leader_user)
    html = client.get(LEVELS, {"year": 2024, "district": "443"}, headers={"HX-Request": "true"}).content.decode()
    assert _figure(html, "levels_by_district")["data"][0]["y"] == ["Huyện Can Lộc"]


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_csv_download_has_the_table_in_vietnamese(client, leader_user):
    client.force_login(leader_user)
    response = client.get(PROGRESS, {"year": 2023, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="progress-2023.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Năm", "Xã đạt chuẩn NTM"]
    assert rows[-1][:4] == ["2023", "181", "60", "15"]


def test_ocop_charts_render_the_register_as_fragment_and_csv(client, leader_user, ocop_demo):
    client.force_login(leader_user)
    url = reverse("chart_ocop_stars_by_district")
    html = client.get(url, {"year": 2023}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert sum(sum(t["x"]) for t in _figure(html, "ocop_stars_by_district")["data"]) == 337
    rows = list(csv.reader(io.StringIO(client.get(url, {"year": 2023, "format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0] == ["Đơn vị cấp huyện", "3★", "4★", "5★", "Tổng số sản phẩm"] and sum(int(r[-1]) for r in rows[1:]) == 337
    expiring = reverse("chart_certificates_expiring")
    html = client.get(expiring, {"year": 2024, "district": "443"}, headers={"HX-Request": "true"}).content.decode()
    assert len(_figure(html, "certificates_expiring")["data"][0]["x"]) == 8


def test_criteria_chart_renders_the_assessments(client, leader_user, can_loc_assessed):
    client.force_login(leader_user)
    url = reverse("chart_criteria_by_district")
    html = client.get(url, {"year": 2023}, headers={"HX-Request": "true"}).content.decode()
    heatmap = _figure(html, "criteria_by_district")["data"][0]
    assert heatmap["z"][heatmap["y"].index("Huyện Can Lộc")] == [100.0] * 19
    assert client.get(url, {"year": 2023, "format": "csv"}).status_code == 200


def test_anonymous_is_sent_to_login(client, ha_tinh):
    assert client.get(LEVELS).url.startswith(reverse("login"))


def test_other_province_gets_404(client, other_province_user, ha_tinh):
    client.force_login(other_province_user)
    assert client.get(LEVELS, {"province": "42"}).status_code == 404
    assert client.get(LEVELS, {"district": "443"}).status_code == 404


@pytest.mark.parametrize("url", [LEVELS, PROGRESS])
def test_query_count_is_flat_in_the_number_of_communes(client, leader_user, can_loc, url, django_assert_num_queries):
    client.force_login(leader_user)
    client.get(url)
    with django_assert_num_queries(6) as first:  # 6th: the years the catalogue covers
        client.get(url, {"year": 2024}, headers={"HX-Request": "true"})
    for n in range(20):
        make_recognition(make_commune(can_loc, code=f"9{n:04d}"), level=Level.NTM, standard_year=2024)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url, {"year": 2024}, headers={"HX-Request": "true"})
