"""A whole-country list (1 July 2025): provinces missing from it close, with their lineage."""

import datetime

import pytest

from territory.imports import UnitImportError
from territory.models import Commune, District, Province, ProvinceLineage
from territory.reorganisation import units_reorganise
from territory.selectors import current_on, year_end
from tests.factories import make_commune, make_district, make_province

JULY = datetime.date(2025, 7, 1)


def _row(n, province_code, province_name, code, name, level="Xã"):
    return {"Tỉnh Thành Phố": province_name, "Mã TP": province_code, "Phường Xã": name, "Mã PX": code,
            "Cấp": level, "_row": n}


@pytest.fixture
def two_provinces(db):
    ha_nam = make_province(code="35", name="Hà Nam")
    ninh_binh = make_province(code="37", name="Ninh Bình")
    make_commune(make_district(ha_nam, code="347"), code="13300", name="Thanh Hà", province=ha_nam)
    make_commune(make_district(ninh_binh, code="369"), code="14500", name="Gia Lạc", province=ninh_binh)
    return ha_nam, ninh_binh


def test_a_province_missing_from_the_list_closes_and_is_linked_to_its_successor(two_provinces):
    ha_nam, ninh_binh = two_provinces
    rows = [_row(2, "37", "Ninh Bình", "14500", "Gia Lạc"), _row(3, "37", "Ninh Bình", "13301", "Thanh Hà Mới")]
    links = [(0, "13300", "13301", False), (0, "14500", "14500", False)]
    report = units_reorganise(rows=rows, effective=JULY, lineage=links, resolution="202/2025/QH15", whole_country=True)
    assert report.provinces_closed == {"35": ["37"]}
    ha_nam.refresh_from_db()
    assert ha_nam.valid_to == datetime.date(2025, 6, 30)
    assert not Commune.objects.filter(province=ha_nam, valid_to__isnull=True).exists()
    assert not District.objects.filter(valid_to__isnull=True).exists()
    link = ProvinceLineage.objects.get()
    assert (link.predecessor, link.successor, link.partial, link.resolution) == (ha_nam, ninh_binh, False, "202/2025/QH15")
    assert list(Province.objects.filter(current_on(year_end(2024))).values_list("code", flat=True)) == ["35", "37"]
    assert list(Province.objects.filter(current_on(year_end(2026))).values_list("code", flat=True)) == ["37"]
    # A second run changes nothing.
    again = units_reorganise(rows=rows, effective=JULY, lineage=links, whole_country=True)
    assert (again.provinces_closed, again.created, again.closed) == ({}, [], [])
    assert ProvinceLineage.objects.count() == 1


def test_a_whole_country_list_cannot_be_limited_to_one_province(two_provinces):
    with pytest.raises(UnitImportError):
        units_reorganise(rows=[_row(2, "37", "Ninh Bình", "14500", "Gia Lạc")], effective=JULY, province="37",
                         whole_country=True)


def test_partial_links_may_run_both_ways_but_a_cycle_of_whole_mergers_is_refused(two_provinces):
    rows = [_row(2, "37", "Ninh Bình", "14500", "Gia Lạc"), _row(3, "35", "Hà Nam", "13300", "Thanh Hà")]
    exchange = [(0, "13300", "14500", True), (0, "14500", "13300", True)]
    report = units_reorganise(rows=rows, effective=JULY, lineage=exchange, dry_run=True)
    assert report.dry_run
    with pytest.raises(UnitImportError, match="vòng lặp|cycle"):
        units_reorganise(rows=rows, effective=JULY, lineage=[(0, "13300", "14500", False), (0, "14500", "13300", False)])
