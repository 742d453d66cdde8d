"""GET /api/v1/summary/: a province's figures at the end of a year, from the dashboard's selectors."""

import pytest
from django.urls import reverse

from api.selectors import summary
from communes.models import Level
from dashboards import selectors as dashboard_selectors
from territory.selectors import territory_as_of
from tests.api.conftest import assessed_towards, ntm_commune
from tests.factories import make_commune, make_recognition

URL = reverse("api_summary")


def test_2023_on_the_demo_data_gives_the_published_figures(client, leader_user, ocop_demo):
    from showcase.demo.funding import demo_dossiers_load, demo_funding_load
    from showcase.demo.ocop import demo_nominations_load

    demo_funding_load()
    demo_dossiers_load()
    demo_nominations_load()
    client.force_login(leader_user)
    response = client.get(URL, {"province": "42", "year": "2023"})
    assert response.status_code == 200 and response["Cache-Control"] == "private"
    assert response.json() == {
        "province": "42", "year": 2023,
        "units": {"districts": 13, "communes": 216, "in_programme": 181},
        "levels": {"ntm": 181, "advanced": 60, "model": 15},
        "new_in_year": {"ntm": 4, "advanced": 10, "model": 8},
        "ocop": {"products_in_force": 337, "new": 128, "nominated_higher": 5},
        "candidates": {"advanced": 0, "model": 0},
        "funding": {"total": 95539, "unit": "million VND"},
        "dossiers_pending": {"district": 1},
    }


def test_the_summary_agrees_with_the_annual_summary_and_the_territory_of_the_year(ocop_demo):
    for year in (2021, 2024, 2025, 2026):
        data = summary(ocop_demo, year)
        annual = dashboard_selectors.annual_summary(ocop_demo, year)
        counts = annual["counts"]
        assert data["levels"] == {"ntm": counts["ntm"], "advanced": counts["advanced"], "model": counts["model"]}
        assert data["new_in_year"] == {k: annual["new"][k] for k in ("ntm", "advanced", "model")}
        assert data["ocop"] == {"products_in_force": annual["ocop"]["in_force_total"], "new": annual["ocop"]["new_total"],
                                "nominated_higher": annual["ocop"]["nominated_total"]}
        territory = territory_as_of(ocop_demo, year)
        assert data["units"]["communes"] == len(territory.communes)
        assert data["units"]["districts"] == len(territory.districts)


def test_after_the_july_2025_reform_there_are_no_districts_and_69_communes(client, leader_user, ha_tinh):
    from showcase.demo.territory import demo_reorganisations_load

    demo_reorganisations_load()
    client.force_login(leader_user)
    data = client.get(URL, {"province": "42", "year": 2026}).json()
    assert data["units"]["districts"] == 0 and data["units"]["communes"] == 69
    assert data["candidates"] == {"advanced": 0, "model": 0}  # 2026–2030 has no advanced or model level
    assert client.get(URL, {"province": "42", "year": 2023}).json()["units"]["communes"] == 216


@pytest.mark.parametrize("query, fragment", [
    ({"province": "42"}, "2021"),
    ({"province": "42", "year": "1999"}, "2030"),
    ({"province": "42", "year": "abc"}, "?year="),
    ({"province": "4", "year": "2023"}, "?province=42"),
    ({"province": "x2", "year": "2023"}, "?province=42"),
    ({"province": "99", "year": "2023"}, "99"),
])
def test_bad_or_missing_year_or_province_is_400_json_with_a_clear_message(client, leader_user, catalogue, query, fragment):
    client.force_login(leader_user)
    response = client.get(URL, query)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert fragment in response.json()["error"]["message"]


def test_the_message_follows_the_users_language(client, leader_user, catalogue):
    leader_user.language = "en"
    leader_user.save()
    client.force_login(leader_user)
    client.cookies["django_language"] = "en"
    message = client.get(URL, {"province": "42"}).json()["error"]["message"]
    assert message.startswith("Give a year")


def test_national_totals_sum_the_provinces_of_the_year(client, admin_user, territory, nghe_an, catalogue):
    make_recognition(territory.communes.filter(kind="xa").first(), standard_year=2023)
    client.force_login(admin_user)
    data = client.get(URL, {"year": 2023}).json()
    one, other = (client.get(URL, {"province": code, "year": 2023}).json() for code in ("42", "40"))
    assert data["provinces"] == 2 and data["province"] is None and data["year"] == 2023
    for key in ("units", "levels", "new_in_year", "ocop", "candidates"):
        assert data[key] == {name: one[key][name] + other[key][name] for name in one[key]}
    assert data["units"]["communes"] == 5 and data["levels"]["ntm"] == 1 and data["new_in_year"]["ntm"] == 1


def test_national_totals_are_for_administrators(client, province_user, catalogue):
    client.force_login(province_user)
    response = client.get(URL, {"year": 2023})
    assert response.status_code == 403 and "?province=" in response.json()["error"]["message"]


def test_query_count_is_flat_in_the_number_of_communes(client, leader_user, can_loc, catalogue,
                                                       django_assert_max_num_queries):
    ntm_commune(can_loc.communes.filter(kind="xa").first())
    client.force_login(leader_user)
    client.get(URL, {"province": "42", "year": 2023})
    with django_assert_max_num_queries(16) as first:
        client.get(URL, {"province": "42", "year": 2023})
    for n in range(20):
        commune = ntm_commune(make_commune(can_loc, code=f"9{n:04d}"))
        assessed_towards(commune, Level.ADVANCED, 2023, missing=n % 3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        data = client.get(URL, {"province": "42", "year": 2023}).json()
    assert data["units"]["in_programme"] == 23 and data["candidates"]["advanced"] == 20


def test_national_queries_are_a_fixed_number_per_province(client, admin_user, territory, nghe_an, catalogue):
    """The national totals run `summary` once per province: each more province costs the same
    queries, at most those of one province's own summary."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_district, make_province

    client.force_login(admin_user)
    client.get(URL, {"year": 2023})

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, {"year": 2023, **query}).status_code == 200
        return len(context)

    one, two = count(province="42"), count()
    make_commune(make_district(make_province(code="01", name="Hà Nội")))
    three = count()
    assert 0 < three - two <= one
    make_commune(make_district(make_province(code="02", name="Hà Giang")))
    assert count() - three == three - two
