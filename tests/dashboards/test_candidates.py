"""The dashboard's candidates for the next level, and the API's counts of them (one function)."""

import re

from django.urls import reverse

from communes.models import Level
from communes.next_levels import CANDIDATE_MAX_MISSING, next_level_progress
from dashboards.selectors import candidates, province_facts
from tests.api.conftest import assessed_towards, ntm_commune
from tests.factories import make_commune

URL = reverse("dashboard")


def _communes(can_loc):
    """Five xã of Can Lộc: NTM missing 0, 2 and 4 advanced criteria; advanced missing 1 model
    criterion; NTM without any assessment."""
    made = [make_commune(can_loc, code=f"9{n:04d}", name=f"Xã ứng viên {n}") for n in range(5)]
    for commune, missing in zip(made[:3], (0, 2, CANDIDATE_MAX_MISSING + 1)):
        ntm_commune(commune)
        assessed_towards(commune, Level.ADVANCED, 2023, missing=missing)
    ntm_commune(made[3], level=Level.ADVANCED)
    assessed_towards(made[3], Level.MODEL, 2023, missing=1)
    ntm_commune(made[4])
    return made


def test_candidates_are_the_communes_missing_at_most_the_allowed_criteria(territory, can_loc, catalogue):
    made = _communes(can_loc)
    found = candidates(province_facts(territory, year=2023), 2023)
    assert [row.commune.id for row in found["advanced"]] == [made[0].id, made[1].id]  # most criteria met first
    assert [row.commune.id for row in found["model"]] == [made[3].id]
    row = found["advanced"][1]
    # The same figure as the commune page's "k/N of the next level".
    page = next_level_progress(made[1], 2023, Level.NTM)
    assert (row.progress.criteria_met, row.progress.criteria_total) == (page.criteria_met, page.criteria_total) == (17, 19)
    assert row.progress.missing == page.missing and row.district == can_loc.full_name


def test_dashboard_lists_them_with_what_they_lack_and_the_api_counts_match(client, leader_user, territory, can_loc, catalogue):
    made = _communes(can_loc)
    client.force_login(leader_user)
    html = client.get(URL, {"year": 2023}).content.decode()
    assert 'id="candidates-definition"' in html and "thiếu nhiều nhất 3 tiêu chí" in html
    table = html[html.index('id="candidates-advanced"'):]
    table = table[:table.index("</table>")]
    assert made[0].name in table and made[1].name in table and made[2].name not in table
    assert "19/19" in table and "17/19" in table and "có thể lập hồ sơ" in table
    shown = {level: int(n) for level, n in re.findall(r'id="candidates-(\w+)-count">(\d+)<', html)}
    api = client.get(reverse("api_summary"), {"province": "42", "year": 2023}).json()["candidates"]
    assert shown == api == {"advanced": 2, "model": 1}


def test_the_years_target_for_the_level_is_shown_beside_its_candidates(client, leader_user, territory, can_loc, catalogue):
    from tests.factories import make_target

    _communes(can_loc)
    make_target(territory, year=2023, metric="communes_new_advanced", value=5)
    client.force_login(leader_user)
    html = client.get(URL, {"year": 2023}).content.decode()
    assert 'id="candidates-advanced-target"' in html and "Chỉ tiêu năm 2023: 5 xã được công nhận mới" in html
    assert 'id="candidates-model-target"' not in html


def test_a_district_filter_narrows_the_candidates(client, leader_user, territory, can_loc, catalogue):
    _communes(can_loc)
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2023, "district": "442"})
    assert response.context["candidates"] == {"advanced": [], "model": []}
    assert "Chưa có xã nào đủ gần." in response.content.decode()


def test_years_without_advanced_or_model_sets_show_no_candidates(client, leader_user, territory, can_loc, catalogue):
    _communes(can_loc)
    client.force_login(leader_user)
    response = client.get(URL, {"year": 2026})
    assert response.context["candidates"] == {} and 'id="candidates"' not in response.content.decode()


def test_the_district_dashboard_lists_its_candidates(client, leader_user, territory, can_loc, catalogue):
    made = _communes(can_loc)
    client.force_login(leader_user)
    response = client.get(reverse("dashboard_district", args=[can_loc.code]), {"year": 2023})
    assert [r.commune.id for r in response.context["candidates"]["model"]] == [made[3].id]


def test_beyond_ten_candidates_the_rest_fold_under_a_summary(client, leader_user, ha_tinh):
    """On the demo data 2024 has dozens of candidates: the closest ten stay in view."""
    from showcase.demo.communes import demo_assessments_load

    demo_assessments_load()
    client.force_login(leader_user)
    response = client.get(reverse("dashboard"), {"province": "42", "year": 2024}, HTTP_ACCEPT_LANGUAGE="vi")
    rows = response.context["candidates"]["advanced"]
    assert len(rows) > 10
    html = response.content.decode()
    table = html[html.index('id="candidates-advanced"'):html.index("</table>", html.index('id="candidates-advanced"'))]
    assert table.count("<tr>") == 1 + 10  # the header and the closest ten
    assert f"Thêm {len(rows) - 10} xã" in html
