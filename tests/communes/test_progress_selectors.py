import pytest

from communes.models import CriterionResult
from communes.selectors import criteria_met_share_by_district, district_scorecard
from ntm_tracker.collation import sort_key
from territory.models import Commune
from tests.factories import make_commune


def test_share_by_district_has_19_criteria_and_one_row_per_district_with_communes(ha_tinh, can_loc_assessed):
    data = criteria_met_share_by_district(ha_tinh, 2024)
    assert len(data["criteria"]) == 19 and data["criteria"][0] == (1, "Quy hoạch")
    can_loc = next(r for r in data["rows"] if r["code"] == "443")
    assert can_loc["district"] == "Huyện Can Lộc" and len(can_loc["shares"]) == 19
    assert all(share == 100.0 for share in can_loc["shares"])  # every Can Lộc commune is NTM since 2019
    nghi_xuan = next(r for r in data["rows"] if r["code"] == "442")
    assert nghi_xuan["shares"] == [None] * 19  # no data loaded there
    with_programme = {c.district.code for c in Commune.objects.select_related("district") if c.in_programme}
    assert {r["code"] for r in data["rows"]} == with_programme  # a unit without rural communes has no row


def test_share_counts_communes_missing_a_criterion(ha_tinh, can_loc_assessed):
    communes = [c for c in can_loc_assessed.communes.order_by("code") if c.in_programme]
    CriterionResult.objects.filter(commune=communes[0], year=2024, criterion__number=5).update(met=False)
    shares = next(r for r in criteria_met_share_by_district(ha_tinh, 2024)["rows"] if r["code"] == "443")["shares"]
    assert shares[4] == round(100 * (len(communes) - 1) / len(communes), 1) and shares[3] == 100.0


def test_share_for_one_district_lists_its_communes(ha_tinh, can_loc_assessed):
    data = criteria_met_share_by_district(ha_tinh, 2021, district=can_loc_assessed)
    in_programme = [c for c in can_loc_assessed.communes.order_by("code") if c.in_programme]
    assert [r["code"] for r in data["rows"]] == [c.code for c in in_programme]
    assert data["rows"][0]["district"].startswith("Xã ")
    assert {s for r in data["rows"] for s in r["shares"]} <= {0.0, 100.0}


def test_share_query_count_is_flat(ha_tinh, can_loc_assessed, django_assert_num_queries):
    criteria_met_share_by_district(ha_tinh, 2024)
    with django_assert_num_queries(4) as first:  # with the units of the year's map
        criteria_met_share_by_district(ha_tinh, 2024)
    for n in range(5):
        make_commune(can_loc_assessed, code=f"7{n:04d}")
    with django_assert_num_queries(len(first.captured_queries)):
        criteria_met_share_by_district(ha_tinh, 2024)


@pytest.mark.parametrize("sort", ["name", "-name", "met", "-met", "c5", "-c5", "bogus"])
def test_scorecard_sorts(can_loc_assessed, sort):
    card = district_scorecard(can_loc_assessed, 2021, sort)
    names = [r["commune"].name for r in card["rows"]]
    if sort in ("name", "bogus"):
        assert names == sorted(names, key=sort_key) and card["sort"] == "name"
    elif sort == "-name":
        assert names == sorted(names, key=sort_key, reverse=True)
    elif sort == "met":
        met = [r["criteria_met"] for r in card["rows"]]
        assert met == sorted(met)  # the communes furthest from the goal first
    elif sort == "-met":
        met = [r["criteria_met"] for r in card["rows"]]
        assert met == sorted(met, reverse=True)
    assert all(len(r["cells"]) == 19 for r in card["rows"])


def test_scorecard_shows_no_data_when_nothing_is_assessed(ha_tinh):
    card = district_scorecard(ha_tinh.districts.get(code="442"), 2024)
    assert card["rows"] and all(r["cells"] == [None] * 19 and not r["has_data"] for r in card["rows"])
    assert all(r["commune"].in_programme for r in card["rows"])
    assert Commune.objects.filter(district__code="442", kind="xa").count() == len(card["rows"])
