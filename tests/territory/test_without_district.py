"""A commune of after the reform stands under its province: pages, scopes and the review chain
(commune → province, no district step) work without a district."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communes.models import Review
from communes.services.reviews import review_transition


def _step(client, commune, step, year=2024):
    return client.post(reverse("review_step", args=[commune.code, year, step]), {"reason": "Lý do"})


def test_commune_submits_and_the_province_approves_without_a_district_step(client, reformed_commune, reformed_commune_user, province_user):
    client.force_login(reformed_commune_user)
    page = client.get(reverse("commune_detail", args=[reformed_commune.code]))
    assert page.status_code == 200 and "submit" in page.context["steps"]
    year = page.context["year"]
    assert _step(client, reformed_commune, "submit", year).status_code == 302

    client.force_login(province_user)
    assert [i["commune"].code for i in client.get(reverse("review_queue")).context["items"]] == [reformed_commune.code]
    page = client.get(reverse("commune_detail", args=[reformed_commune.code]) + f"?year={year}")
    assert page.context["steps"] == ["approve", "return"]
    assert _step(client, reformed_commune, "verify", year).status_code == 403
    assert _step(client, reformed_commune, "approve", year).status_code == 302
    assert Review.objects.get(commune=reformed_commune, year=year).state == Review.State.APPROVED


def test_under_a_district_the_province_cannot_skip_the_district_step(can_loc_commune, province_user):
    Review.objects.create(commune=can_loc_commune, year=2024, state=Review.State.SUBMITTED)
    with pytest.raises(ValidationError):
        review_transition(commune=can_loc_commune, year=2024, step="approve", user=province_user)
    assert Review.objects.get(commune=can_loc_commune, year=2024).state == Review.State.SUBMITTED


def test_the_district_user_of_the_former_district_no_longer_edits_it(client, reformed_commune, district_user):
    client.force_login(district_user)
    page = client.get(reverse("commune_detail", args=[reformed_commune.code]))
    assert page.status_code == 200  # reads its history
    assert _step(client, reformed_commune, "submit", page.context["year"]).status_code == 403
