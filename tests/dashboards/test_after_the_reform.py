"""Dashboards and charts after the 1 July 2025 reform: by commune for years after it (the year's map
has no district units), by district unit for the years before; figures and targets without districts."""

import pytest
from django.urls import reverse

from communes.models import Level
from dashboards.charts import CHARTS
from dashboards.selectors import annual_summary, dashboard, levels_by_district
from territory.models import Commune
from tests.factories import make_recognition


@pytest.fixture
def reformed_with_history(reformed_territory, catalogue):
    make_recognition(Commune.objects.get(code="18415"), level=Level.NTM, standard_year=2022)
    make_recognition(Commune.objects.get(code="18364"), level=Level.NTM, standard_year=2025,
                     kind="acknowledged")
    return reformed_territory


def test_levels_after_the_reform_are_by_commune_and_before_by_district(reformed_with_history):
    rows = levels_by_district(reformed_with_history, 2026)
    assert [row["code"] for row in rows] == ["18364", "18406", "18418"]
    assert {row["code"]: row["ntm"] for row in rows}["18364"] == 1
    past = levels_by_district(reformed_with_history, 2023)
    assert [row["code"] for row in past] == ["442", "443"]
    assert sum(row["ntm"] for row in past) == 1


@pytest.mark.parametrize("year", [2023, 2025, 2026])
def test_every_chart_and_the_summary_answer_for_years_around_the_reform(client, province_user, reformed_with_history, year):
    client.force_login(province_user)
    for name in CHARTS:
        response = client.get(reverse(f"chart_{name}"), {"province": "42", "year": year}, headers={"HX-Request": "true"})
        assert response.status_code == 200, name
    summary = annual_summary(reformed_with_history, year)
    assert summary["counts"]["districts"] == (2 if year < 2025 else 0)
    assert dashboard(reformed_with_history, year)["counts"]["districts"] == (2 if year < 2025 else 0)
    assert client.get(reverse("dashboard"), {"province": "42", "year": year}).status_code == 200


def test_ocop_stars_and_criteria_shares_follow_the_map_of_the_year(reformed_with_history):
    import datetime

    from communes.models import Criterion, CriterionResult
    from communes.selectors import criteria_met_share_by_district
    from ocop.selectors import stars_by_district
    from tests.factories import make_certificate, make_product

    thien_loc = Commune.objects.get(code="18415")  # closed on 30 June 2025, became part of 18406
    make_certificate(make_product(thien_loc), decision_date=datetime.date(2024, 3, 1))
    before = {row["code"]: row["stars"][3] for row in stars_by_district(reformed_with_history, year=2024)}
    assert before == {"442": 0, "443": 1}
    after = stars_by_district(reformed_with_history, year=2025)
    assert after == [{"code": "18406", "district": "Xã Can Lộc", "stars": {3: 1, 4: 0, 5: 0}}]

    criterion = Criterion.objects.filter(criteria_set__code="commune-ntm-2021-2025").order_by("number").first()
    CriterionResult.objects.create(commune=thien_loc, criterion=criterion, year=2023, met=True,
                                   indicators_met=1, indicators_total=1)
    rows = criteria_met_share_by_district(reformed_with_history, 2023)["rows"]
    can_loc = next(row for row in rows if row["code"] == "443")
    assert can_loc["shares"][0] == 50.0  # Thiên Lộc of the two xã of Can Lộc in 2023
    assert [row["code"] for row in criteria_met_share_by_district(reformed_with_history, 2026)["rows"]] == [
        "18364", "18406", "18418"]


def test_a_year_without_district_units_offers_no_district_filter_or_district_card(client, province_user,
                                                                                   reformed_with_history):
    client.force_login(province_user)
    before = client.get(reverse("dashboard"), {"province": "42", "year": 2023}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    after = client.get(reverse("dashboard"), {"province": "42", "year": 2026}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for html, shown in ((before, True), (after, False)):
        assert ('name="district"' in html) is shown
        assert ("đơn vị cấp huyện đạt chuẩn" in html) is shown
