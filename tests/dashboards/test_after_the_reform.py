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
