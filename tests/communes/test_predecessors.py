"""A successor commune's page shows what it was formed from (issue 11, step 4): each former unit
with its own levels and decisions, a derived badge labelled as not an official status; the page
opens on a year the unit existed; pages of closed districts keep working for their years."""

import pytest
from django.urls import reverse

from communes.models import Level
from territory.models import Commune, District
from tests.factories import make_recognition, make_user
from ntm_tracker.models import User


@pytest.fixture
def thien_loc(reformed_territory) -> Commune:
    """Xã Can Lộc 18406 of today: the former township Nghèn 18406 (same code) and xã Thiên Lộc 18415."""
    return Commune.objects.get(code="18406")


def test_the_new_commune_lists_its_predecessors_with_their_decisions(client, reformed_commune, province_user):
    former = Commune.objects.get(code="18355")
    make_recognition(former, level=Level.NTM, standard_year=2019, decision_number="12/QĐ-UBND")
    make_recognition(former, level=Level.ADVANCED, standard_year=2023, decision_number="345/QĐ-UBND")
    client.force_login(province_user)
    response = client.get(reverse("commune_detail", args=[reformed_commune.code]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    [row] = response.context["predecessors"]
    assert row.commune == former and row.status.level == Level.ADVANCED
    assert [r.decision_number for r in row.recognitions] == ["12/QĐ-UBND", "345/QĐ-UBND"]
    rollup = response.context["rollup"]
    assert (rollup.kind, rollup.ntm, rollup.advanced, rollup.total) == ("all", 1, 1, 1)
    text = response.content.decode()
    assert "345/QĐ-UBND" in text and "not an official status" in text
    # The decisions stay with the unit they were granted to: the new commune holds none.
    assert response.context["recognitions"] == [] and response.context["status"].level is None


def test_mixed_predecessors_give_a_mixed_badge_in_vietnamese(client, thien_loc, province_user):
    client.force_login(province_user)
    # The township Nghèn keeps its code (no link to itself); the xã Thiên Lộc 18415 is its predecessor.
    response = client.get(reverse("commune_detail", args=[thien_loc.code]), HTTP_ACCEPT_LANGUAGE="vi")
    assert [row.commune.code for row in response.context["predecessors"]] == ["18415"]
    assert response.context["rollup"].kind == "none"
    make_user(User.Role.LEADER, username="l2", province=thien_loc.province)
    extra = Commune.objects.create(code="18427", name="Thử", kind=Commune.Kind.COMMUNE, province=thien_loc.province)
    thien_loc.predecessor_links.create(predecessor=extra, effective_on="2025-07-01", resolution="1665/NQ-UBTVQH15")
    make_recognition(extra, level=Level.NTM, standard_year=2022)
    response = client.get(reverse("commune_detail", args=[thien_loc.code]), HTTP_ACCEPT_LANGUAGE="vi")
    rollup = response.context["rollup"]
    assert (rollup.kind, rollup.ntm, rollup.total) == ("mixed", 1, 2)
    text = response.content.decode()
    assert "Hỗn hợp: 1/2 xã cũ đạt NTM" in text and "không phải trạng thái chính thức" in text


def test_a_commune_without_lineage_has_no_section(client, can_loc_commune, province_user):
    client.force_login(province_user)
    response = client.get(reverse("commune_detail", args=[can_loc_commune.code]))
    assert response.context["predecessors"] == [] and 'id="predecessors"' not in response.content.decode()


def test_the_new_commune_opens_on_a_year_it_existed(client, reformed_commune, province_user, catalogue):
    client.force_login(province_user)
    url = reverse("commune_detail", args=[reformed_commune.code])
    for query in ("", "?year=2023", "?year=garbage"):
        response = client.get(url + query)
        assert response.context["year"] >= 2025, query
        assert min(response.context["years"]) == 2025
    assert client.get(url + "?year=2026").context["year"] == 2026


def test_the_page_with_predecessors_keeps_a_flat_query_count(client, reformed_commune, province_user,
                                                           django_assert_max_num_queries):
    client.force_login(province_user)
    url = reverse("commune_detail", args=[reformed_commune.code]) + "?year=2025"
    client.get(url)
    with django_assert_max_num_queries(14) as first:
        client.get(url)
    for n in range(6):  # more predecessors, each with decisions
        former = Commune.objects.create(code=f"9{n:04d}", name=f"Cũ {n}", kind=Commune.Kind.COMMUNE,
                                        province=reformed_commune.province)
        reformed_commune.predecessor_links.create(predecessor=former, effective_on="2025-07-01", resolution="x")
        make_recognition(former, standard_year=2020 + n)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["predecessors"]) == 7


def test_anonymous_and_other_province(client, reformed_commune, other_province_user):
    url = reverse("commune_detail", args=[reformed_commune.code])
    assert client.get(url).status_code == 302
    client.force_login(other_province_user)
    assert client.get(url).status_code == 404


def test_the_year_change_fragment_leaves_the_predecessors_out(client, reformed_commune, province_user):
    client.force_login(province_user)
    response = client.get(reverse("commune_detail", args=[reformed_commune.code]) + "?year=2025",
                          headers={"HX-Request": "true"})
    assert 'id="progress-commune"' in response.content.decode() and 'id="predecessors"' not in response.content.decode()


def test_a_closed_district_page_keeps_working_for_its_years(client, reformed_territory, province_user, catalogue):
    can_loc = District.objects.get(code="443")
    assert can_loc.valid_to is not None
    client.force_login(province_user)
    response = client.get(reverse("district_detail", args=["443"]) + "?year=2023")
    assert response.status_code == 200 and response.context["year"] == 2023
    # Its communes as they stood on its last day, though today none has a district.
    assert [row.commune.code for row in response.context["rows"]] == ["18406", "18415", "18418"][:len(response.context["rows"])]
    assert {row.commune.code for row in response.context["rows"]} == {"18406", "18415", "18418"}
    assert {row["commune"].code for row in response.context["scorecard"]["rows"]} == {"18415", "18418"}
    # A year after it closed falls back within its years.
    assert client.get(reverse("district_detail", args=["443"]) + "?year=2026").context["year"] <= 2025
    scorecard = client.get(reverse("district_detail", args=["443"]) + "?year=2023", headers={"HX-Request": "true"})
    assert "18418" in scorecard.content.decode()
