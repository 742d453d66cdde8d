import pytest
from django.urls import reverse

from territory.models import Commune
from tests.factories import make_commune, make_recognition

URL = reverse("province_overview", args=["42"])


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_overview_lists_the_13_district_units_with_their_counts_and_decisions(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 13
    nghi_xuan = next(r for r in rows if r.district.code == "442")
    assert (nghi_xuan.communes, nghi_xuan.ntm) == (17, nghi_xuan.in_programme)
    html = response.content.decode()
    assert "Huyện Nghi Xuân" in html and "1709/QĐ-TTg" in html and "10/12/2018" in html
    assert reverse("district_detail", args=["442"]) in html


def test_overview_is_in_vietnamese(client, leader_user):
    client.force_login(leader_user)
    html = client.get(URL).content.decode()
    assert "Đơn vị cấp huyện" in html and 'lang="vi"' in html


def test_anonymous_is_sent_to_login(client, ha_tinh):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_other_province_user_gets_404(client, other_province_user):
    client.force_login(other_province_user)
    assert client.get(URL).status_code == 404


def test_unknown_province_is_404(client, admin_user, ha_tinh):
    client.force_login(admin_user)
    assert client.get(reverse("province_overview", args=["99"])).status_code == 404


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_query_count_does_not_grow_with_the_number_of_communes(client, leader_user, can_loc, django_assert_num_queries):
    client.force_login(leader_user)
    client.get(URL)  # warm the session
    with django_assert_num_queries(9) as first:  # 9th: the years the catalogue's sets cover
        client.get(URL)
    for n in range(30):
        commune = make_commune(can_loc, code=f"9{n:04d}")
        make_recognition(commune, standard_year=2022)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert response.context["totals"]["communes"] == 246
    assert Commune.objects.count() == 246


def test_after_the_reform_the_page_lists_the_communes_with_their_levels(client, leader_user, reformed_commune,
                                                                      django_assert_max_num_queries):
    from communes.models import Level

    make_recognition(reformed_commune, level=Level.NTM, standard_year=2025, decision_number="77/QĐ-UBND")
    client.force_login(leader_user)
    client.get(reverse("province_overview", args=["42"]))  # warm the session
    with django_assert_max_num_queries(10):  # flat: the same few whatever the communes
        response = client.get(reverse("province_overview", args=["42"]))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["rows"] == []
    codes = [row.commune.code for row in response.context["communes"]]
    assert set(codes) == {"18406", "18418", "18364"} and "18415" not in codes  # today's map only
    assert 'id="communes-table"' in html and 'id="districts-table"' not in html
    assert "77/QĐ-UBND" in html and "theo xã" in html and "đơn vị cấp huyện đạt chuẩn" not in html
