from django.urls import reverse

from communes.models import CommuneYearResult, Level
from communes.years import default_year
from dashboards.metrics import Status
from tests.factories import make_commune, make_recognition, make_target
from territory.models import Commune

URL = reverse("dashboard")


def test_leaders_land_on_the_dashboard(client, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == URL


def test_dashboard_shows_each_target_with_actual_status_and_progress(client, leader_user, ha_tinh):
    make_target(ha_tinh, year=2023, metric="communes_new_advanced", value=10, note="Thêm 10 xã nâng cao")
    make_target(ha_tinh, year=2023, metric="communes_new_model", value=10)
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2023})
    assert response.status_code == 200
    cards = {card.target.metric: card for card in response.context["cards"]}
    assert (cards["communes_new_advanced"].actual, cards["communes_new_advanced"].status) == (10, Status.ACHIEVED)
    assert (cards["communes_new_model"].actual, cards["communes_new_model"].status) == (8, Status.NOT_MET)
    assert cards["communes_new_model"].progress == 80
    html = response.content.decode()
    assert "Số xã đạt chuẩn NTM nâng cao mới" in html and "Thêm 10 xã nâng cao" in html
    assert '<progress max="100" value="80"' in html and "Không đạt" in html and "Đã đạt" in html
    assert "Chậm tiến độ" not in html  # 2023 is over: a missed target is not met, not behind
    assert 'style="' not in html
    counts = response.context["counts"]
    assert (counts["ntm"], counts["in_programme"], counts["advanced"], counts["model"]) == (181, 181, 60, 15)
    assert (counts["new_ntm"], counts["new_advanced"], counts["new_model"]) == (4, 10, 8)


def test_dashboard_loads_every_chart_as_its_own_fragment(client, leader_user):
    client.force_login(leader_user)
    html = client.get(URL, {"year": 2024}).content.decode()
    for name in ("levels_by_district", "progress", "criteria_by_district", "ocop_stars_by_district",
                 "certificates_expiring"):
        url = reverse(f"chart_{name}") + "?province=42&amp;year=2024"
        assert f'hx-get="{url}"' in html and f'href="{url}"' in html
    assert html.count('hx-trigger="load"') == 5
    # One district unit: no "per district unit" chart of one bar; the others scoped to it.
    html = client.get(URL, {"year": 2024, "district": "443"}).content.decode()
    for name in ("progress", "criteria_by_district", "certificates_expiring"):
        url = reverse(f"chart_{name}") + "?province=42&amp;year=2024&amp;district=443"
        assert f'hx-get="{url}"' in html and f'href="{url}"' in html
    assert "levels-by-district" not in html and "ocop-stars-by-district" not in html
    assert html.count('hx-trigger="load"') == 3
    assert "vendor/plotly-cartesian.min.js" in html and "js/charts.js" in html


def test_district_filter_scopes_targets_and_counts(client, leader_user, can_loc, ha_tinh):
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=20)
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=2, district=can_loc)
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2024, "district": "443"})
    assert response.context["district"] == can_loc
    assert [c.value for c in response.context["cards"]] == [2]
    assert response.context["counts"]["districts"] == 1
    assert "Huyện Can Lộc" in response.content.decode()


def test_a_district_filtered_dashboard_is_headed_by_the_district_and_shows_the_province_target_naming_it(
        client, leader_user, can_loc, ha_tinh, django_assert_max_num_queries):
    make_target(ha_tinh, year=2024, metric="districts_advanced_named", value=2, district_codes="443,442")
    make_target(ha_tinh, year=2024, metric="communes_new_model", value=5)  # the province's, naming no district
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=2, district=can_loc)
    client.force_login(leader_user)
    with django_assert_max_num_queries(25):
        response = client.get(URL, {"year": 2024, "district": "443"})
    cards = response.context["cards"]
    # Its own target first, then the province's naming it; not the province's other targets.
    assert [(c.target.metric, c.value) for c in cards] == [("communes_new_advanced", 2), ("districts_advanced_named", 2)]
    assert cards[1].named_districts == ["Huyện Can Lộc", "Huyện Nghi Xuân"]
    html = response.content.decode()
    assert "<h1 id=\"dashboard-title\">Bảng điều hành · Huyện Can Lộc</h1>" in html
    assert "Chưa đặt mục tiêu" not in html


def test_bad_filter_values_fall_back_to_the_defaults(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL, {"year": "abc", "district": "999"})
    assert response.status_code == 200 and response.context["district"] is None


def test_htmx_filter_answers_the_body_fragment_only(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2023}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    # The heading swapped in out of band (it names the district when one is chosen), then the body.
    assert html.lstrip().startswith('<h1 id="dashboard-title" hx-swap-oob="true">Bảng điều hành · Tỉnh Hà Tĩnh</h1>')
    assert '<div id="dashboard-body"' in html
    district = client.get(URL, {"year": 2023, "district": "443"}, headers={"HX-Request": "true"}).content.decode()
    assert "Bảng điều hành · Huyện Can Lộc</h1>" in district
    assert "HX-Request" in response["Vary"]


def test_a_new_decision_shows_on_the_next_load(client, leader_user, can_loc):
    client.force_login(leader_user)
    before = client.get(URL, {"year": 2024}).context["counts"]["new_advanced"]
    commune = Commune.objects.filter(district=can_loc, kind=Commune.Kind.COMMUNE).order_by("code").last()
    make_recognition(commune, level=Level.ADVANCED, standard_year=2024)
    assert client.get(URL, {"year": 2024}).context["counts"]["new_advanced"] == before + 1
    assert "no-cache" in client.get(URL)["Cache-Control"]


def test_anonymous_is_sent_to_login(client, ha_tinh):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_other_province_gets_404(client, other_province_user, ha_tinh):
    client.force_login(other_province_user)
    assert client.get(URL, {"province": "42"}).status_code == 404
    assert client.get(reverse("dashboard_district", args=["443"])).status_code == 404


def test_every_role_of_the_province_reads_the_dashboard(client, commune_user, district_user, province_user):
    for user in (commune_user, district_user, province_user):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_query_count_is_flat_in_the_number_of_communes(client, leader_user, can_loc, ha_tinh,
                                                        django_assert_num_queries):
    make_target(ha_tinh, year=2024, metric="communes_ntm_share", value=100)
    client.force_login(leader_user)
    client.get(URL, {"year": 2024})  # warm the session and the advanced and model sets held in memory
    # 8th: the years the catalogue covers; 9th and 10th: the next-level candidates (the sets in
    # force, the assessments of the communes below them).
    with django_assert_num_queries(10) as first:
        client.get(URL, {"year": 2024})
    for n in range(30):
        commune = make_commune(can_loc, code=f"9{n:04d}")
        make_recognition(commune, standard_year=2024)
        make_recognition(commune, level=Level.ADVANCED, standard_year=2024)
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=20)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"year": 2024})
    assert response.context["counts"]["in_programme"] == 211


def test_dashboard_opens_on_the_latest_year_with_assessments_like_every_page(client, leader_user, ha_tinh):
    """One default-year rule (communes.years.default_year): the latest year with assessments within
    the catalogue's years, whatever the targets say; a bad ?year= falls back to it."""
    client.force_login(leader_user)
    assert client.get(URL).context["year"] == default_year()
    make_target(ha_tinh, year=2024)
    commune = Commune.objects.filter(district__province=ha_tinh).first()
    CommuneYearResult.objects.create(commune=commune, year=2022)
    assert client.get(URL).context["year"] == 2022
    assert client.get(reverse("commune_detail", args=[commune.code])).context["year"] == 2022
    assert client.get(reverse("target_list")).context["year"] == 2022
    assert client.get(URL, {"year": 2023}).context["year"] == 2023
    for bad in ("1999", "99999", "10000000000000000000000000", "-2024", "abc", "２０２３"):
        assert client.get(URL, {"year": bad}).context["year"] == 2022
