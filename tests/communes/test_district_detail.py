from django.urls import reverse

from tests.factories import make_commune, make_recognition

URL = reverse("district_detail", args=["442"])  # Huyện Nghi Xuân


def test_district_page_lists_its_communes_with_level_and_decisions(client, commune_user):
    client.force_login(commune_user)  # a commune officer of Can Lộc reads the rest of the province
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 17
    html = response.content.decode()
    assert "Xã Xuân Phổ" in html and "1763/QĐ-UBND" in html and "văn hóa" in html
    assert "1709/QĐ-TTg" in html


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
    with django_assert_num_queries(6) as first:
        client.get(URL)
    district = ha_tinh.districts.get(code="442")
    for n in range(25):
        make_recognition(make_commune(district, code=f"8{n:04d}"), standard_year=2021)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 42
