"""GET /api/v1/criteria-sets/: the catalogue's sets with their counts."""

from django.urls import reverse

from communes.selectors import criteria_sets_summary

URL = reverse("api_criteria_sets")


def test_lists_every_set_of_the_catalogue_with_its_counts(client, commune_user, catalogue):
    client.force_login(commune_user)
    response = client.get(URL)
    assert response.status_code == 200 and response["Cache-Control"] == "private"
    sets = response.json()["criteria_sets"]
    by_key = {(s["scope"], s["level"], s["period_start"], s["period_end"]): s for s in sets}
    assert by_key[("commune", "ntm", 2021, 2025)]["criteria"] == 19
    assert by_key[("commune", "advanced", 2021, 2025)]["criteria"] == 19
    assert ("commune", "model", 2021, 2025) in by_key
    assert by_key[("district", "ntm", 2021, 2025)]["criteria"] == 9
    assert by_key[("commune", "ntm", 2026, 2030)]["criteria"] == 10
    for row in sets:
        assert set(row) == {"code", "name", "scope", "level", "period_start", "period_end", "criteria",
                            "indicators", "verified_share"}
        assert 0 <= row["verified_share"] <= 1
    assert by_key[("commune", "ntm", 2021, 2025)]["indicators"] > 19
    assert [s["code"] for s in sets] == [s.criteria_set.code for s in criteria_sets_summary()]


def test_with_a_token_and_flat_queries(client, admin_user, leader_user, catalogue, django_assert_max_num_queries):
    from ntm_tracker.accounts.services import token_create

    _token, secret = token_create(actor=admin_user, request=None, user=leader_user, name="x")
    with django_assert_max_num_queries(6):  # the token, its last use, four for the sets
        response = client.get(URL, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and len(response.json()["criteria_sets"]) >= 5


def test_anonymous_is_401(client, catalogue):
    assert client.get(URL).status_code == 401
