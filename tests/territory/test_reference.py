from territory.imports import _parse
from territory.reference import REFORM_DATE, conversion_lineage, legacy_rows, today_rows


def test_today_the_country_has_34_provinces_and_3321_commune_level_units_69_in_ha_tinh():
    rows = today_rows()
    assert len(rows) == 3321 and len({row["Mã TP"] for row in rows}) == 34
    ha_tinh = today_rows("42")
    assert len(ha_tinh) == 69 and {row["Cấp"] for row in ha_tinh} <= {"xã", "phường"}
    assert "Quận Huyện" not in ha_tinh[0]  # the NSO 2025 layout: no districts


def test_the_legacy_list_is_the_map_after_january_2025_lộc_hà_merged_into_thạch_hà():
    provinces, districts, communes, errors = _parse(legacy_rows("42"), "42")
    assert errors == []
    assert "448" not in districts and districts["445"]["name"] == "Thạch Hà"
    assert len(districts) == 12 and len(communes) == len(legacy_rows("42"))


def test_the_conversion_table_maps_old_communes_to_new_ones_with_partial_merges():
    links = conversion_lineage("42")
    new_codes = {row["Mã PX"] for row in today_rows("42")}
    assert {new for _old, new, _partial in links} == new_codes
    assert any(partial for *_codes, partial in links) and REFORM_DATE.isoformat() == "2025-07-01"
