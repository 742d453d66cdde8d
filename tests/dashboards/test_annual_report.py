import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from showcase.demo.accounts import demo_targets_load
from tests.factories import make_commune, make_recognition

URL = reverse("annual_report", args=[2023])


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_2023_summary_shows_the_published_4_10_8(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert dict(re.findall(r'id="new-(\w+)">(\d+)<', html)) == {"ntm": "4", "advanced": "10", "model": "8"}
    assert response.context["new"]["ntm"] == 4
    assert "Kết quả xây dựng nông thôn mới và OCOP năm 2023" in html


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_summary_lists_the_communes_with_their_decision_numbers(client, leader_user):
    client.force_login(leader_user)
    response = client.get(URL)
    names = {row.unit: row for row in response.context["communes"]["ntm"]}
    assert names["Xã Hà Linh"].decision_number == "189/QĐ-UBND"
    html = response.content.decode()
    assert "Xã Cẩm Thành" in html and "189/QĐ-UBND (17/01/2024)" in html
    # Lộc Hà and Kỳ Anh district: NTM for 2023, by the Prime Minister.
    districts = {row.unit: row.decision_number for row in response.context["districts"]}
    assert districts == {"Huyện Lộc Hà": "149/QĐ-TTg", "Huyện Kỳ Anh": "840/QĐ-TTg"}


def test_summary_states_each_target_with_its_result(client, leader_user, ha_tinh):
    demo_targets_load()
    client.force_login(leader_user)
    response = client.get(reverse("annual_report", args=[2024]))
    results = {card.target.metric: card.actual for card in response.context["cards"]}
    assert results["communes_new_advanced"] == 5 and results["ocop_new_products"] == 0  # no OCOP data loaded
    html = response.content.decode()
    assert "Thạch Hà" in html and "6. Mục tiêu năm 2024 và kết quả" in html


def test_print_stylesheet_is_a4():
    css = open(finders.find("css/app.css"), encoding="utf-8").read()
    assert "size: A4" in css and ".report-table thead { display: table-header-group; }" in css


def test_report_latest_sends_to_last_year(client, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("report_latest"))
    assert response.status_code == 302 and re.search(r"/reports/\d{4}/$", response.url)


def test_anonymous_is_sent_to_login(client, ha_tinh):
    assert client.get(URL).url.startswith(reverse("login"))


def test_other_province_gets_404_and_bad_year_404(client, other_province_user, leader_user, ha_tinh):
    client.force_login(other_province_user)
    assert client.get(URL, {"province": "42"}).status_code == 404
    client.force_login(leader_user)
    assert client.get(reverse("annual_report", args=[1990])).status_code == 404


def test_query_count_is_flat_in_the_number_of_communes(client, leader_user, can_loc, ocop_demo,
                                                       django_assert_num_queries):
    client.force_login(leader_user)
    client.get(URL)
    # The years the catalogue covers, OCOP new and in force by star (one query), nominations (one),
    # funding (one), dossiers pending (one: the list), model villages and gardens (two).
    with django_assert_num_queries(16) as first:
        client.get(URL)
    for n in range(20):
        make_recognition(make_commune(can_loc, code=f"9{n:04d}"), standard_year=2023)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert response.context["new"]["ntm"] == 24


def test_2023_summary_on_the_demo_data_shows_4_10_8_communes_and_128_new_3_star_products(
        client, leader_user, ocop_demo):
    client.force_login(leader_user)
    response = client.get(URL)
    html = response.content.decode()
    assert dict(re.findall(r'id="new-(\w+)">(\d+)<', html)) == {"ntm": "4", "advanced": "10", "model": "8"}
    ocop = response.context["ocop"]
    assert ocop["new"] == {3: 128, 4: 0, 5: 0} and ocop["new_total"] == 128
    assert 'id="ocop-new-3">128<' in html and 'id="ocop-new-total">128<' in html
    # The five put forward for 4★ in 2023 were certified only in 2024.
    assert ocop["reaching_4"] == 0 and ocop["in_force_total"] == 337


def test_2023_summary_shows_the_money_mobilised_the_dossier_pending_and_the_nominations(
        client, leader_user, ocop_demo):
    """Issue 16: 95,539 million VND, Kỳ Anh district's dossier waiting, 5 products put forward for 4★."""
    from showcase.demo.communes import demo_model_sites_load
    from showcase.demo.funding import demo_dossiers_load, demo_funding_load
    from showcase.demo.ocop import demo_nominations_load

    for load in (demo_funding_load, demo_dossiers_load, demo_nominations_load, demo_model_sites_load):
        load()
    client.force_login(leader_user)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    funding = html[html.index('id="summary-funding"'):]
    assert "<strong>95539</strong> triệu đồng huy động được" in funding[:funding.index("</li>")]
    nominations = html[html.index('id="summary-nominations"'):]
    assert "<strong>5</strong> sản phẩm OCOP được đề xuất nâng hạng sao" in nominations[:nominations.index("</li>")]
    dossiers = html[html.index('id="summary-dossiers"'):html.index("</table>", html.index('id="summary-dossiers"'))]
    assert "Kỳ Anh" in dossiers and "1 hồ sơ đề nghị công nhận còn chờ cuối năm" in html
    assert "tiêu chí bổ sung của tỉnh, không phải tiêu chí quốc gia" in html
    # 2024: the dossier was recognised (840/QĐ-TTg), nothing waits any more.
    assert client.get(reverse("annual_report", args=[2024])).context["dossiers_pending"] == []


def test_2023_summary_lists_the_6_exported_products_with_their_markets(client, leader_user, ocop_demo):
    client.force_login(leader_user)
    response = client.get(URL)
    exported = response.context["ocop"]["exported"]
    assert len(exported) == 6
    markets = {p.name: sorted(m.code for m in p.export_markets.all()) for p in exported}
    assert sorted(markets.values()) == sorted([["KR"], ["JP", "NZ"], ["JP", "KR"], ["AO"], ["RU"], ["JP", "KR"]])
    html = response.content.decode()
    assert "6 sản phẩm xuất khẩu" in html and 'id="summary-exports"' in html
    row = re.search(r"<tr><th scope=\"row\">Nhung hươu[^<]*</th>.*?</tr>", html, re.S).group(0)
    assert "Hàn Quốc" in row


def test_2024_summary_counts_new_products_and_those_reaching_4_stars(client, leader_user, ocop_demo):
    client.force_login(leader_user)
    ocop = client.get(reverse("annual_report", args=[2024])).context["ocop"]
    assert ocop["new"] == {3: 52, 4: 0, 5: 0} and ocop["reaching_4"] == 5


def test_the_summary_opens_on_the_latest_year_over_with_assessments_and_its_figures(client, leader_user,
                                                                                    can_loc_assessed):
    """Late 2026, nobody has entered 2025 yet: /reports/ opens on 2024, whose figures are there."""
    client.force_login(leader_user)
    response = client.get(reverse("report_latest"), follow=True)
    assert response.redirect_chain == [(reverse("annual_report", args=[2024]), 302)]
    assert sum(response.context["new"].values()) > 0
