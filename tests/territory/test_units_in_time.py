import datetime

import pytest

from territory.models import Commune, CommuneLineage, CommunePeriod
from territory.selectors import territory_as_of, units_on_map
from territory.services import TerritoryChangeRefused, unit_change, unit_close
from tests.factories import make_commune, make_district, make_province

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def province():
    return make_province(code="42", name="Hà Tĩnh")


def names(territory):
    return {c.code: (c.full_name, c.district_id) for c in territory.communes}


def test_a_commune_created_under_a_district_belongs_to_its_province(province):
    commune = make_commune(make_district(province))
    assert commune.province == province


def test_a_rename_starts_a_period_and_the_past_keeps_the_old_name(province):
    district = make_district(province)
    commune = make_commune(district, code="18400", name="Thiên Lộc")
    assert unit_change(commune, on=datetime.date(2025, 1, 1), name="Thiên Lộc Mới", kind=Commune.Kind.WARD)

    assert names(territory_as_of(province, 2024))["18400"] == ("Xã Thiên Lộc", district.pk)
    assert names(territory_as_of(province, 2025))["18400"] == ("Phường Thiên Lộc Mới", district.pk)
    period = CommunePeriod.objects.get()
    assert (period.valid_from, period.valid_to, period.name) == (None, datetime.date(2024, 12, 31), "Thiên Lộc")


def test_after_the_reform_communes_stand_under_the_province_and_districts_are_history(province):
    district = make_district(province, code="436", name="Can Lộc")
    commune = make_commune(district, code="18400", name="Thiên Lộc")
    unit_change(commune, on=REFORM, district=None)
    unit_close(district, on=REFORM)

    before, after = territory_as_of(province, 2024), territory_as_of(province, 2026)
    assert [d.code for d in before.districts] == ["436"] and after.districts == []
    assert names(before)["18400"][1] == district.pk
    assert names(after)["18400"][1] is None
    commune.refresh_from_db()
    assert (commune.district_id, commune.province_id, commune.current_from) == (None, province.pk, REFORM)


def test_units_exist_only_between_their_dates(province):
    district = make_district(province)
    old = make_commune(district, code="18401")
    Commune.objects.create(code="18402", name="Mới", kind=Commune.Kind.COMMUNE, province=province, valid_from=REFORM)
    unit_close(old, on=REFORM)

    assert [c.code for c in territory_as_of(province, 2024).communes] == ["18401"]
    assert [c.code for c in territory_as_of(province, 2025).communes] == ["18402"]
    assert [c.code for c in territory_as_of(province, day=datetime.date(2025, 6, 30)).communes] == ["18401"]


def test_a_change_that_would_rewrite_the_past_is_refused_and_writes_nothing(province):
    commune = make_commune(make_district(province), name="Thiên Lộc")
    unit_change(commune, on=datetime.date(2025, 1, 1), name="Thiên Lộc Mới")
    with pytest.raises(TerritoryChangeRefused):
        unit_change(commune, on=datetime.date(2024, 6, 1), name="Tên khác")
    commune.refresh_from_db()
    assert commune.name == "Thiên Lộc Mới" and CommunePeriod.objects.count() == 1


def test_nothing_to_change_writes_no_period(province):
    commune = make_commune(make_district(province), name="Thiên Lộc")
    assert not unit_change(commune, on=REFORM, name="Thiên Lộc")
    assert not CommunePeriod.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_the_territory_of_a_year_takes_two_queries_whatever_its_history(province, size, django_assert_num_queries):
    for n in range(size):
        district = make_district(province)
        commune = make_commune(district)
        unit_change(commune, on=datetime.date(2025, 1, 1), name=f"Mới {n}")
        unit_change(commune, on=REFORM, district=None)
        unit_close(district, on=REFORM)
    with django_assert_num_queries(2):
        territory = territory_as_of(province, 2024)
    assert len(territory.communes) == size and len(territory.districts) == size


def test_units_on_map_follows_the_lineage_through_each_reorganisation(province, django_assert_num_queries):
    """A unit closed on 1 January 2025 into one closed on 1 July reaches today's unit in two steps;
    a whole successor comes before a partial one; a unit without lineage is left out."""
    district = make_district(province)
    staying = make_commune(district, code="18001", name="Vẫn còn")
    first = make_commune(district, code="18002", name="Gộp tháng Giêng")
    middle = make_commune(district, code="18003", name="Trung gian")
    split = make_commune(district, code="18004", name="Chia đôi")
    orphan = make_commune(district, code="18005", name="Không có dòng kế thừa")
    today_a, today_b = (Commune.objects.create(code=code, name=name, kind=Commune.Kind.COMMUNE, province=province,
                                               valid_from=REFORM) for code, name in (("18101", "Mới A"), ("18100", "Mới B")))
    jan = datetime.date(2025, 1, 1)
    for predecessor, successor, on, partial in ((first, middle, jan, False), (middle, today_a, REFORM, False),
                                                (split, today_b, REFORM, True), (split, today_a, REFORM, False)):
        CommuneLineage.objects.create(predecessor=predecessor, successor=successor, effective_on=on,
                                      partial=partial, resolution="test")
    unit_close(first, on=jan)
    for commune in (middle, split, orphan):
        unit_close(commune, on=REFORM)
    today = territory_as_of(province, day=datetime.date(2026, 11, 30))
    with django_assert_num_queries(2):  # one per step of lineage followed
        found = units_on_map(today, [staying.pk, first.pk, split.pk, orphan.pk])
    assert {asked: unit.code for asked, unit in found.items()} == {
        staying.pk: "18001", first.pk: "18101", split.pk: "18101"}
    # On the map of 2024 every one of them was there: no lineage is read.
    before = territory_as_of(province, 2024)
    with django_assert_num_queries(0):
        assert set(units_on_map(before, [first.pk, split.pk])) == {first.pk, split.pk}
