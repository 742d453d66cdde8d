import pytest
from django.urls import reverse

from communes.models import Level
from ntm_tracker.models import User
from tests.factories import make_commune, make_recognition, make_target, make_user

URL = reverse("dashboard_district", args=["443"])


def test_district_leader_lands_on_their_district_dashboard(client, can_loc):
    leader = make_user(User.Role.LEADER, district=can_loc)
    client.force_login(leader)
    assert client.get(reverse("home")).url == URL


def test_district_page_shows_its_targets_communes_and_scoped_charts(client, leader_user, can_loc, ha_tinh):
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=3, district=can_loc)
    make_target(ha_tinh, year=2024, metric="communes_new_advanced", value=20)  # the province's: not shown
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 200
    assert [c.value for c in response.context["cards"]] == [3]
    html = response.content.decode()
    assert '<h1 id="dashboard-title">Huyện Can Lộc</h1>' in html
    assert len(response.context["communes"]) == can_loc.communes.count()
    assert 'id="communes-table"' in html
    assert reverse("chart_criteria_by_district") + "?province=42&amp;year=2024&amp;district=443" in html
    assert reverse("chart_levels_by_district") not in html  # one bar per district unit: not drawn here
    assert 'name="district"' not in html  # the district is fixed on its own page


def test_htmx_year_change_answers_the_fragment(client, leader_user):
    client.force_login(leader_user)
    html = client.get(URL, {"year": 2023}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'id="communes-table"' in html


def test_anonymous_is_sent_to_login(client, can_loc):
    assert client.get(URL).url.startswith(reverse("login"))


def test_other_province_and_unknown_district_get_404(client, other_province_user, admin_user, can_loc):
    client.force_login(other_province_user)
    assert client.get(URL).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("dashboard_district", args=["999"])).status_code == 404


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_query_count_is_flat_in_the_number_of_communes(client, leader_user, can_loc, django_assert_num_queries):
    client.force_login(leader_user)
    client.get(URL, {"year": 2024})  # the session, and the 2024 catalogue held (2026 has a set of its own)
    # 6 + the criteria scorecard (3: its communes are the facts') + the years the catalogue covers
    # + the next-level candidates (2: the sets in force, the assessments of the communes below them)
    with django_assert_num_queries(12) as first:
        client.get(URL, {"year": 2024})
    for n in range(20):
        make_recognition(make_commune(can_loc, code=f"9{n:04d}"), level=Level.NTM, standard_year=2024)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"year": 2024})
    assert len(response.context["communes"]) == can_loc.communes.count()


def test_district_page_shows_the_criteria_scorecard_and_links_to_the_district_page(
        client, leader_user, can_loc_assessed):
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2023})
    scorecard = response.context["scorecard"]
    assert len(scorecard["criteria"]) == 19
    assert len(scorecard["rows"]) == len([c for c in can_loc_assessed.communes.all() if c.in_programme])
    assert all(row["criteria_met"] == 19 for row in scorecard["rows"])  # every Can Lộc commune is NTM by 2023
    html = response.content.decode()
    assert 'id="scorecard-table"' in html and "Bảng tiêu chí năm 2023" in html
    # Read-only here: the sort links (which swap the communes app's district page) are not offered.
    assert "sort=" not in html
    assert f'href="{reverse("district_detail", args=["443"])}?year=2023"' in html
    fragment = client.get(URL, {"year": 2022}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="scorecard-table"' in fragment
