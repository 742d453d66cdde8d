import datetime

import pytest

from communes.models import Level, Recognition
from dashboards.metrics import METRICS, Status, target_status
from dashboards.selectors import province_facts, year_share
from tests.factories import make_recognition
from territory.models import Commune, District

# --- The status rule, at its boundaries (baseline 0, target 20: the straight path is 20 × share).


@pytest.mark.parametrize(("actual", "share", "expected"), [
    (20, 0.1, Status.ACHIEVED),  # reached early
    (25, 1.0, Status.ACHIEVED),  # exceeded
    (20, 1.0, Status.ACHIEVED),  # exactly at the end
    (19.9, 1.0, Status.NOT_MET),  # the year is over and it was missed, however close: "Không đạt"
    (10, 0.5, Status.ON_TRACK),  # exactly on the path
    (9.99, 0.5, Status.AT_RISK),  # just behind the path
    (5, 0.5, Status.AT_RISK),  # behind by exactly a quarter of the way (20 × 0.25)
    (4.99, 0.5, Status.OFF_TRACK),  # further behind
    (0, 0.0, Status.ON_TRACK),  # 1 January: nothing expected yet
    (0, 0.25, Status.AT_RISK),  # expected 5, a quarter of the way behind
    (0, 0.26, Status.OFF_TRACK),
    (None, 0.5, Status.NO_DATA),
])
def test_target_status_boundaries(actual, share, expected):
    assert target_status(actual, 0, 20, share) == expected


def test_target_status_uses_the_baseline():
    # 84.6% at the start of the year towards 100%: half-way through the year 92.3% is on the path.
    assert target_status(92.3, 84.6, 100, 0.5) == Status.ON_TRACK
    assert target_status(88.5, 84.6, 100, 0.5) == Status.AT_RISK  # behind by 3.8 ≤ 3.85
    assert target_status(88.4, 84.6, 100, 0.5) == Status.OFF_TRACK


def test_a_target_to_keep_a_level_is_achieved_or_off_track():
    assert target_status(100, 100, 100, 0.3) == Status.ACHIEVED
    assert target_status(99.4, 100, 100, 0.3) == Status.OFF_TRACK


def test_year_share():
    assert year_share(2024, datetime.date(2025, 3, 1)) == 1.0
    assert year_share(2026, datetime.date(2025, 3, 1)) == 0.0
    assert year_share(2024, datetime.date(2024, 1, 1)) == 0.0
    assert year_share(2024, datetime.date(2024, 7, 2)) == pytest.approx(183 / 366)


# --- Actual values from the demo history.


def test_newly_recognised_counts_of_2023_are_the_published_4_10_8(ha_tinh):
    facts = province_facts(ha_tinh)
    assert [METRICS[key].compute(facts, 2023) for key in
            ("communes_new_ntm", "communes_new_advanced", "communes_new_model")] == [4, 10, 8]


def test_shares_at_the_start_of_2024(ha_tinh):
    facts = province_facts(ha_tinh)
    assert METRICS["communes_ntm_share"].compute(facts, 2023) == 100.0  # 181/181, Kỳ Lợi excluded
    assert METRICS["communes_advanced_share"].compute(facts, 2023) == round(100 * 60 / 181, 1)
    assert METRICS["communes_model_share"].compute(facts, 2023) == round(100 * 15 / 181, 1)
    assert METRICS["districts_done_share"].compute(facts, 2023) == round(100 * 11 / 13, 1)  # not TX Kỳ Anh, Hương Khê
    assert METRICS["districts_done_share"].compute(facts, 2024) == round(100 * 12 / 13, 1)
    # 34 wards and townships, 6 not yet civilised urban at the start of 2024, 3 of them during 2024.
    assert METRICS["urban_civilised_share"].compute(facts, 2023) == round(100 * 28 / 34, 1)
    assert METRICS["urban_civilised_share"].compute(facts, 2024) == round(100 * 31 / 34, 1)


@pytest.mark.usefixtures("ha_tinh")  # the whole province's published figures
def test_metrics_scoped_to_a_district(can_loc):
    facts = province_facts(can_loc.province)
    in_programme = sum(1 for c in facts.communes_of(can_loc) if c.in_programme)
    assert METRICS["communes_ntm_share"].compute(facts, 2023, can_loc) == 100.0
    total_new = sum(METRICS["communes_new_advanced"].compute(facts, 2023, d) for d in facts.districts)
    assert total_new == 10
    assert in_programme > 0


def test_named_districts_reaching_advanced(ha_tinh):
    codes = ["445", "440", "443", "442"]
    assert METRICS["districts_advanced_named"].compute(province_facts(ha_tinh), 2024, None, codes) == 0
    make_recognition(District.objects.get(code="443"), level=Level.ADVANCED, standard_year=2024,
                     issuer=Recognition.Issuer.PRIME_MINISTER)
    facts = province_facts(ha_tinh)
    assert METRICS["districts_advanced_named"].compute(facts, 2024, None, codes) == 1
    assert METRICS["districts_advanced_named"].compute(facts, 2023, None, codes) == 0


def test_a_revoked_level_no_longer_counts(ha_tinh):
    facts = province_facts(ha_tinh)
    commune = next(c for c in facts.communes if c.in_programme)
    make_recognition(Commune.objects.get(pk=commune.id), level=Level.NTM, standard_year=2024,
                     kind=Recognition.Kind.REVOKED)
    assert METRICS["communes_ntm_share"].compute(province_facts(ha_tinh), 2024) == round(100 * 180 / 181, 1)


def test_ocop_metrics_count_the_demo_register(ocop_demo, django_assert_num_queries):
    facts = province_facts(ocop_demo)
    assert METRICS["ocop_new_products"].compute(facts, 2023) == 128  # published for 2023
    assert METRICS["ocop_new_products_4star"].compute(facts, 2023) == 0
    assert METRICS["ocop_new_products"].compute(facts, 2024) == 52  # the 2024 target was ≥ 50
    assert METRICS["ocop_new_products_4star"].compute(facts, 2024) == 5  # the five put forward in 2023
    with django_assert_num_queries(0):  # counted once per facts
        assert METRICS["ocop_new_products_4star"].compute(facts, 2024) == 5
    can_loc = District.objects.get(code="443")
    assert 0 < METRICS["ocop_new_products"].compute(facts, 2023, can_loc) < 128
