import pytest

from communes.models import CriteriaSet, Criterion, Indicator, Threshold
from communes.services.catalogue import COMMUNE_SET, DISTRICT_SET, catalogue_load


@pytest.mark.django_db
def test_commune_set_has_19_criteria_in_5_groups_and_district_set_9_criteria():
    catalogue_load()
    commune_set = CriteriaSet.objects.get(code=COMMUNE_SET)
    criteria = commune_set.criteria.all()
    assert criteria.count() == 19
    assert sorted(set(criteria.values_list("group", flat=True))) == [
        "I. Quy hoạch", "II. Hạ tầng kinh tế - xã hội", "III. Kinh tế và tổ chức sản xuất",
        "IV. Văn hóa - Xã hội - Môi trường", "V. Hệ thống chính trị",
    ]
    assert list(criteria.values_list("number", flat=True)) == list(range(1, 20))
    assert Indicator.objects.filter(criterion__criteria_set=commune_set).count() == 55
    assert CriteriaSet.objects.get(code=DISTRICT_SET).criteria.count() == 9
    assert "318/QĐ-TTg" in commune_set.legal_basis


@pytest.mark.django_db
def test_indicators_keep_their_source_and_are_marked_unverified():
    catalogue_load()
    poverty = Indicator.objects.get(code="11")
    assert poverty.comparison == Indicator.Comparison.AT_MOST and poverty.kind == Indicator.Kind.PERCENT
    assert not poverty.wording_verified and "318/QĐ-TTg" in poverty.source
    assert Indicator.objects.get(code="9.1").comparison == Indicator.Comparison.NO
    income = Threshold.objects.filter(indicator__code="10", region="north_central")
    assert sorted(income.values_list("year", flat=True)) == [2021, 2022, 2023, 2024, 2025]
    assert not Threshold.objects.filter(verified=True).exists()


@pytest.mark.django_db
def test_loading_twice_adds_nothing_and_keeps_corrections():
    catalogue_load()
    Indicator.objects.filter(code="1.1").update(text="Đã sửa", wording_verified=True)
    counts = (Criterion.objects.count(), Indicator.objects.count(), Threshold.objects.count())

    created = catalogue_load()

    assert created == {"criteria": 0, "indicators": 0, "thresholds": 0}
    assert (Criterion.objects.count(), Indicator.objects.count(), Threshold.objects.count()) == counts
    assert Indicator.objects.get(code="1.1").text == "Đã sửa"
