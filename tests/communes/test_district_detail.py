import pytest
from django.urls import reverse

from communes import selectors
from communes.models import Review
from communes.services.assessments import results_refresh
from communes.years import default_year
from ntm_tracker.collation import sort_key
from tests.factories import make_commune, make_recognition

URL = reverse("district_detail", args=["442"])  # Huyện Nghi Xuân


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_district_page_lists_its_communes_with_level_and_decisions(client, commune_user):
    client.force_login(commune_user)  # a commune officer of Can Lộc reads the rest of the province
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 17
    html = response.content.decode()
    assert "Xã Xuân Phổ" in html and "1763/QĐ-UBND" in html and "văn hóa" in html
    assert "1709/QĐ-TTg" in html


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_excluded_commune_is_shown_as_excluded(client, leader_user):
    client.force_login(leader_user)
    html = client.get(reverse("district_detail", args=["449"])).content.decode()
    assert "Xã Kỳ Lợi" in html and "Vũng Áng" in html


def test_anonymous_is_sent_to_login(client, ha_tinh):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_other_province_user_gets_404(client, other_province_user):
    client.force_login(other_province_user)
    assert client.get(URL).status_code == 404


def test_query_count_does_not_grow_with_the_number_of_communes(client, leader_user, ha_tinh, django_assert_num_queries):
    client.force_login(leader_user)
    client.get(URL)
    with django_assert_num_queries(11) as first:  # 10th: the years the catalogue's sets cover; 11th: the district set results
        client.get(URL)
    district = ha_tinh.districts.get(code="442")
    for n in range(25):
        commune = make_commune(district, code=f"8{n:04d}")
        make_recognition(commune, standard_year=2021)
        Review.objects.create(commune=commune, year=default_year())
    results_refresh(communes=list(district.communes.all()), years=[default_year()])
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 42


def test_scorecard_shows_communes_by_criteria_for_the_year(client, district_user, can_loc_assessed):
    client.force_login(district_user)
    response = client.get(reverse("district_detail", args=["443"]) + "?year=2022")
    card = response.context["scorecard"]
    assert response.context["year"] == 2022 and len(card["columns"]) == 19
    html = response.content.decode()
    assert 'id="scorecard-table"' in html and "cell-yes" in html and "19/19" in html


def test_scorecard_sorted_by_get_param_and_htmx_fragment(client, leader_user, can_loc_assessed):
    client.force_login(leader_user)
    response = client.get(reverse("district_detail", args=["443"]) + "?year=2021&sort=-name",
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and html.strip().startswith('<section class="card" id="scorecard-district"')
    names = [r["commune"].name for r in response.context["scorecard"]["rows"]]
    assert names == sorted(names, key=sort_key, reverse=True)
    assert 'href="?year=2021&amp;sort=name"' in html


def test_province_staff_see_decision_links_and_others_do_not(client, province_user, leader_user, can_loc):
    client.force_login(province_user)
    assert "/recognitions/new/" in client.get(reverse("district_detail", args=["443"])).content.decode()
    client.force_login(leader_user)
    assert "/recognitions/new/" not in client.get(reverse("district_detail", args=["443"])).content.decode()


def test_the_criteria_met_sort_shows_its_arrow_and_puts_the_furthest_communes_first(client, leader_user, can_loc_assessed):
    client.force_login(leader_user)
    response = client.get(reverse("district_detail", args=[can_loc_assessed.code]), {"year": 2021, "sort": "met"})
    html = response.content.decode()
    assert 'class="num" aria-sort="ascending"' in html and "Số tiêu chí đạt" in html
    met = [r["criteria_met"] for r in response.context["scorecard"]["rows"]]
    assert met == sorted(met)
