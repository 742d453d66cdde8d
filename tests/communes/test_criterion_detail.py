"""One criterion's indicators: loaded into the commune page when the criterion is opened (htmx),
or a page of its own without JavaScript."""

import pytest
from django.urls import reverse

from communes.models import Assessment, Indicator, Review
from territory.models import Commune
from tests.factories import make_commune


@pytest.fixture
def commune(can_loc_assessed) -> Commune:
    return can_loc_assessed.communes.filter(kind="xa").order_by("code").first()


def url(commune: Commune, number: int = 2, year: int = 2024) -> str:
    return reverse("criterion_detail", args=[commune.code, number]) + f"?year={year}"


def test_the_commune_page_loads_each_criterion_when_it_is_opened(client, leader_user, commune):
    client.force_login(leader_user)
    html = client.get(reverse("commune_detail", args=[commune.code]) + "?year=2024").content.decode()
    assert html.count('hx-trigger="toggle once from:closest details"') == 19
    assert f'hx-get="{url(commune)}"' in html and f'href="{url(commune)}"' in html  # the link works without JavaScript
    assert 'id="indicator-' not in html


def test_htmx_returns_the_indicator_table_of_the_criterion(client, leader_user, commune):
    client.force_login(leader_user)
    response = client.get(url(commune), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and html.strip().startswith('<div class="table-wrap">')
    indicators = Indicator.objects.filter(criterion__number=2, criterion__criteria_set__code="commune-ntm-2021-2025")
    assert html.count('<tr id="indicator-') == indicators.count() == len(response.context["crow"].indicators)
    roads = indicators.get(code="2.2")
    stored = Assessment.objects.get(commune=commune, indicator=roads, year=2024)
    row = next(r for r in response.context["crow"].indicators if r.indicator == roads)
    assert row.value_text.startswith(f"{stored.value:g}".replace(".", ",")) and row.threshold_text.startswith("≥")
    assert "Sửa" not in html  # leaders read
    assert "HX-Request" in response["Vary"]


def test_without_javascript_the_criterion_has_a_page_of_its_own(client, commune_user, commune):
    client.force_login(commune_user)
    response = client.get(url(commune))
    html = response.content.decode()
    assert "<html" in html and "2. " in html and f'id="criterion-2-status"' in html
    assert "Sửa" in html  # the commune's own officer edits a draft year


def test_no_edit_button_once_the_year_is_approved(client, commune_user, commune):
    Review.objects.update_or_create(commune=commune, year=2024, defaults={"state": Review.State.APPROVED})
    client.force_login(commune_user)
    assert "Sửa" not in client.get(url(commune), headers={"HX-Request": "true"}).content.decode()


def test_unknown_criterion_is_404(client, leader_user, commune):
    client.force_login(leader_user)
    assert client.get(url(commune, number=20)).status_code == 404


def test_anonymous_is_sent_to_login(client, commune):
    response = client.get(url(commune))
    assert response.status_code == 302 and reverse("login") in response.url


def test_other_province_user_gets_404(client, other_province_user, commune):
    client.force_login(other_province_user)
    assert client.get(url(commune)).status_code == 404


def test_query_count_is_flat(client, province_user, commune, can_loc_assessed, django_assert_num_queries):
    client.force_login(province_user)
    client.get(url(commune), headers={"HX-Request": "true"})
    # session, user, commune, the years the sets cover, the set in force, assessments, criterion result,
    # review state
    with django_assert_num_queries(8) as first:
        client.get(url(commune), headers={"HX-Request": "true"})
    for n in range(5):
        other = make_commune(can_loc_assessed, code=f"9{n:04d}")
        Assessment.objects.create(commune=other, indicator_id=Assessment.objects.first().indicator_id, year=2024)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url(commune), headers={"HX-Request": "true"})
