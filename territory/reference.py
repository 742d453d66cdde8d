"""Reference lists from the `vietnam-provinces` package (NSO data kept current by its maintainer,
GPL-3.0-or-later), in the layouts `territory.imports` reads:

* `today_rows()` — today's provinces and commune-level units (34 and 3,321 since 1 July 2025), NSO
  2025 layout (no district columns);
* `legacy_rows()` — `vietnam_provinces.legacy`, the map as of 2025-01-04 (after the 1 January 2025
  changes, before the reform), GSO layout with districts;
* `conversion_lineage()` — the official old → new commune conversion table of 1 July 2025, with its
  partial-merge flags.

The bundled 2023 GSO list (`data/gso-divisions-2023.csv`) stays the source for the state before 2025.
"""

import datetime

from vietnam_provinces import Province, Ward, legacy
# The partial-merge flags are only in this table (the public `Ward.get_legacy_sources()` drops
# them); the version is pinned by uv.lock and tests/territory/test_reference.py reads it.
from vietnam_provinces._ward_conversion_2025 import EFFECTIVE_DATE, OLD_TO_NEW

REFORM_DATE = datetime.date.fromisoformat(EFFECTIVE_DATE)
# The 1 January 2025 reorganisation (Resolution 1283/NQ-UBTVQH15 for Hà Tĩnh) is in force in `legacy`.
LEGACY_DATE = datetime.date(2025, 1, 1)
REFORM_RESOLUTION = "1665/NQ-UBTVQH15 và các nghị quyết sắp xếp ĐVHC năm 2025"


def _code(value, width: int) -> str:
    return f"{int(value):0{width}d}"


def today_rows(province: str | None = None) -> list[dict]:
    """Today's commune-level units as NSO-layout rows (`Tỉnh Thành Phố, Mã TP, Phường Xã, Mã PX, Cấp`)."""
    provinces = {_code(p.code, 2): p for p in Province.iter_all()}
    rows = []
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        p_code = _code(ward.province_code, 2)
        if province and p_code != province:
            continue
        rows.append({"Tỉnh Thành Phố": provinces[p_code].name, "Mã TP": p_code, "Phường Xã": ward.name,
                     "Mã PX": _code(ward.code, 5), "Cấp": ward.division_type.value, "_row": len(rows) + 2})
    return rows


def legacy_rows(province: str | None = None) -> list[dict]:
    """The map of 2025-01-04 as GSO-layout rows (with districts)."""
    provinces = {_code(p.code, 2): p for p in legacy.Province.iter_all()}
    districts = {int(d.code): d for d in legacy.District.iter_all()}
    rows = []
    for ward in sorted(legacy.Ward.iter_all(), key=lambda w: int(w.code)):
        district = districts[int(ward.district_code)]
        p_code = _code(district.province_code, 2)
        if province and p_code != province:
            continue
        rows.append({"Tỉnh Thành Phố": provinces[p_code].name, "Mã TP": p_code, "Quận Huyện": district.name,
                     "Mã QH": _code(district.code, 3), "Phường Xã": ward.name, "Mã PX": _code(ward.code, 5),
                     "Cấp": ward.division_type.value.capitalize(), "_row": len(rows) + 2})
    return rows


def conversion_lineage(province: str | None = None) -> list[tuple[str, str, bool]]:
    """(old commune code, new commune code, partial) of the 1 July 2025 conversion table."""
    links = []
    for old_code, entry in sorted(OLD_TO_NEW.items()):
        if province and _code(entry.old_ward.province_code, 2) != province:
            continue
        for new in entry.new_wards:
            links.append((_code(old_code, 5), _code(new.code, 5), entry.old_ward.is_partly_merged))
    return links


def known_province_codes() -> set[str]:
    """Province codes of either list (before and after 1 July 2025)."""
    return {_code(p.code, 2) for p in Province.iter_all()} | {_code(p.code, 2) for p in legacy.Province.iter_all()}
