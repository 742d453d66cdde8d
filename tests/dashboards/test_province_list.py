"""The national page `/provinces/`: every province of the year side by side."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from communes.models import Level
from tests.factories import make_certificate, make_commune, make_district, make_province, make_product, make_recognition
from territory.models import Commune, Province, ProvinceLineage

URL = reverse("province_list")


@pytest.fixture
def country(territory, nghe_an):
    """Tiny Hà Tĩnh (3 xã, 1 township; Thiên Lộc NTM in 2023, a 3★ product), tiny Nghệ An (one
    ward: no decision, no product), and Hà Nam (35, no commune loaded), merged into Ninh Bình (37,
    from 1 July 2025: one xã)."""
    make_recognition(Commune.objects.get(code="18415"), standard_year=2023, level=Level.NTM)
    make_certificate(make_product(Commune.objects.get(code="18415")), stars=3, decision_date=datetime.date(2023, 6, 15))
    ha_nam = make_province(code="35", name="Hà Nam", valid_to=datetime.date(2025, 6, 30))
    ninh_binh = make_province(code="37", name="Ninh Bình")
    make_commune(make_district(ninh_binh, code="369"), code="14500", name="Gia Lạc", province=ninh_binh)
    ProvinceLineage.objects.create(predecessor=ha_nam, successor=ninh_binh, effective_on=datetime.date(2025, 7, 1),
                                   resolution="202/2025/QH15")
    return territory


def _rows(response) -> dict:
    return {row.province.code: row for row in response.context["rows"]}


def test_national_user_sees_every_province_of_the_year(client, national_user, country):
    client.force_login(national_user)
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows) == ["35", "37", "40", "42"]
    ha_tinh = rows["42"]
    assert (ha_tinh.communes, ha_tinh.in_programme, ha_tinh.ntm, ha_tinh.advanced, ha_tinh.model, ha_tinh.ocop) == (
        4, 3, 1, 0, 0, 1)
    assert round(ha_tinh.ntm_share, 1) == 33.3
    # No data is "—", never 0: Hà Nam has no commune loaded, Nghệ An no decision and no product.
    assert rows["35"].communes is None and rows["40"].communes == 1 and rows["40"].ntm is None
    assert rows["40"].ocop is None
    html = response.content.decode()
    assert "Tỉnh Hà Nam" in html and "33,3 %" in html
    assert html.count('<td class="num">—</td>') >= 10
    assert f'href="{reverse("dashboard")}?province=42&amp;year=2024"' in html
    assert 'data-chart="chart-data-national-share"' in html and "vendor/plotly-cartesian.min.js" in html


def test_after_the_reorganisation_the_merged_province_is_gone_and_its_successor_says_so(client, national_user, country):
    client.force_login(national_user)
    rows = _rows(client.get(URL, {"year": 2026}))
    assert list(rows) == ["37", "40", "42"]
    assert rows["37"].predecessors == ["Tỉnh Hà Nam"]
    assert "hình thành từ Tỉnh Hà Nam" in client.get(URL, {"year": 2026}).content.decode()


def test_sorting_by_ntm_share_puts_provinces_without_data_last(client, admin_user, country):
    client.force_login(admin_user)
    response = client.get(URL, {"year": 2024, "sort": "-ntm_share"})
    assert [r.province.code for r in response.context["rows"]][0] == "42"
    assert [r.ntm_share for r in response.context["rows"]][1:] == [None, None, None]
    assert 'aria-sort="descending"' in response.content.decode()
    # A bad sort key is the default order.
    assert [r.province.code for r in client.get(URL, {"sort": "evil"}).context["rows"]] == ["37", "40", "42"]


def test_sort_header_answers_the_table_fragment_to_htmx(client, national_user, country):
    client.force_login(national_user)
    html = client.get(URL, {"year": 2024, "sort": "name"}, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="province-table"') and "<html" not in html


def test_excel_export(client, national_user, country):
    client.force_login(national_user)
    response = client.get(URL, {"year": 2024, "format": "xlsx"})
    assert response.status_code == 200 and 'filename="tinh-thanh-2024.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Mã GSO", "Tỉnh", "Số xã", "Thuộc chương trình", "Đạt chuẩn NTM", "Tỷ lệ đạt chuẩn NTM (%)")
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["42"][2:9] == (4, 3, 1, 33.3, 0, 0, 1)
    assert by_code["35"][2] is None  # no data: an empty cell, not 0


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_province_users_are_refused(client, province_user, leader_user):
    for user in (province_user, leader_user):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_national_users_and_administrators_land_on_it(client, national_user, admin_user, territory):
    for user in (national_user, admin_user):
        client.force_login(user)
        assert client.get(reverse("home")).url == URL
        assert client.get(reverse("dashboard")).url == URL
    client.force_login(national_user)
    assert client.get(reverse("overview")).url == URL
    # With a province, the dashboard of that province: read-only.
    response = client.get(reverse("dashboard"), {"province": "42"})
    assert response.status_code == 200 and not response.context["can_edit_targets"]


def _add_provinces(n: int) -> None:
    for _ in range(n):
        province = make_province()
        commune = make_commune(make_district(province), province=province)
        make_recognition(commune, standard_year=2022)
        make_certificate(make_product(commune), stars=4, decision_date=datetime.date(2022, 3, 1))


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2024}).status_code == 200
    return len(queries)


def test_query_count_is_flat_in_the_number_of_provinces(client, national_user, territory, django_assert_max_num_queries):
    client.force_login(national_user)
    _add_provinces(2)
    assert Province.objects.count() == 3
    three = _queries(client)
    _add_provinces(3)
    assert Province.objects.count() == 6
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"year": 2024}).status_code == 200
    assert _queries(client) == three


def test_a_revocation_removes_the_level_until_a_later_decision(national_user, territory):
    from communes.models import Recognition
    from dashboards.national import national_rows

    xuan_hoi = Commune.objects.get(code="18355")
    make_recognition(xuan_hoi, standard_year=2021, level=Level.ADVANCED)
    make_recognition(xuan_hoi, standard_year=2022, level=Level.ADVANCED, kind=Recognition.Kind.REVOKED,
                     decision_date=datetime.date(2022, 6, 1))
    make_recognition(Commune.objects.get(code="18415"), standard_year=2021, level=Level.MODEL)
    counts = {y: next((r.ntm, r.advanced, r.model) for r in national_rows(y) if r.province.code == "42")
              for y in (2021, 2022)}
    assert counts == {2021: (2, 2, 1), 2022: (1, 1, 1)}
    make_recognition(xuan_hoi, standard_year=2022, level=Level.NTM, decision_date=datetime.date(2023, 3, 1))
    assert next((r.ntm, r.advanced) for r in national_rows(2022) if r.province.code == "42") == (2, 1)


def test_a_province_dashboard_chart_after_the_reform_answers(client, national_user, territory):
    """From July 2025 communes stand under the province: the chart by district has no bar for
    them, and answers (it raised before, found by the national journey opening 2026)."""
    Commune.objects.create(code="18999", name="Xã mới", kind=Commune.Kind.COMMUNE, district=None, province=territory,
                           valid_from=datetime.date(2025, 7, 1))
    client.force_login(national_user)
    response = client.get(reverse("chart_levels_by_district"), {"province": "42", "year": 2026},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_a_province_renamed_since_is_still_listed_for_the_years_before(client, national_user, country):
    """A rename starts a period of the province (territory's ProvincePeriod), it is not a new unit."""
    from territory.services import unit_change

    unit_change(Province.objects.get(code="40"), on=datetime.date(2025, 1, 1), name="Nghệ An mới")
    client.force_login(national_user)
    assert _rows(client.get(URL, {"year": 2024}))["40"].province.name == "Nghệ An"  # named as it was then
    assert _rows(client.get(URL, {"year": 2026}))["40"].province.name == "Nghệ An mới"
