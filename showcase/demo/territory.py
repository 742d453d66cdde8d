"""The demo's map from 2011 to today: Hà Tĩnh's 2024 map (the bundled GSO list), then both 2025
reorganisations from the `vietnam-provinces` lists — 1 January 2025 (Resolution 1283/NQ-UBTVQH15:
Lộc Hà district merged into Thạch Hà) and 1 July 2025 (districts abolished, 69 commune-level units,
the official conversion table as lineage).

`demo_country_load` does the same for the whole country, through the same import code: the 63
provinces of the GSO list, the map of 4 January 2025 (dated 1 January 2025: most of the 2023–2025
reorganisations took effect then; a few took effect in late 2024, which the demo does not date
apart), and the 34 provinces and 3,321 commune-level units of 1 July 2025 with the official commune
lineage and the province lineage it implies. Assessments and history stay Hà Tĩnh's."""

import datetime
import time

from territory.imports import COLUMNS, NATIONAL_LIST, read_rows, units_import
from territory.models import Commune, CommuneLineage, District, Province, ProvinceLineage
from territory.reference import REFORM_DATE, REFORM_RESOLUTION, conversion_lineage, legacy_rows, today_rows
from territory.reorganisation import units_reorganise

PROVINCE = "42"
JANUARY_2025 = datetime.date(2025, 1, 1)


def demo_reorganisations_load() -> str:
    """Apply the two 2025 steps once (a second run finds them done and changes nothing)."""
    lines = []
    if not District.objects.filter(code="448", valid_to__isnull=False).exists():  # Lộc Hà still open
        report = units_reorganise(rows=legacy_rows(PROVINCE), effective=JANUARY_2025, province=PROVINCE,
                                  resolution="1283/NQ-UBTVQH15")
        lines.append(f"1/1/2025: {len(report.closed)} communes closed, {len(report.created)} created, "
                     f"{len(report.renamed)} renamed, {len(report.moved)} moved")
    if not CommuneLineage.objects.filter(effective_on=REFORM_DATE, successor__province__code=PROVINCE).exists():
        links = [(0, old, new, partial) for old, new, partial in conversion_lineage(PROVINCE)]
        report = units_reorganise(rows=today_rows(PROVINCE), effective=REFORM_DATE, province=PROVINCE,
                                  lineage=links, resolution="1665/NQ-UBTVQH15")
        lines.append(f"1/7/2025: {len(report.closed)} communes closed, {len(report.created)} created, "
                     f"{len(report.merged)} formed by merger, {len(report.districts_closed)} districts closed")
    return "Territory: " + ("; ".join(lines) if lines else "the 2025 reorganisations are already in place.")


LEGACY_RESOLUTION = "Các nghị quyết sắp xếp ĐVHC cấp huyện, cấp xã giai đoạn 2023–2025"


def demo_country_load(sample: bool = False) -> str:
    """Every province's units through time, Hà Tĩnh's first (`demo_reorganisations_load`). Each
    step runs once: a second run finds the country's units and its 1 July 2025 lineage and changes
    nothing. `sample`: the other provinces with a few of their communes only (`_country_sample`):
    every province and the province lineage, in a second rather than a minute (tests)."""
    lines = []
    if ProvinceLineage.objects.filter(effective_on=REFORM_DATE).exists():
        return "Country: the 63 → 34 provinces are already in place."
    started = time.monotonic()
    others = [row for row in read_rows(NATIONAL_LIST) if row[COLUMNS["province_code"]] != PROVINCE]
    table = conversion_lineage()
    legacy = [row for row in legacy_rows() if row["Mã TP"] != PROVINCE]
    # The conversion table names a few wards as existing on 30 June 2025 that the January list
    # lacks (Hồ Chí Minh City): they stay open through January, as the 2023 list has them.
    listed = {row["Mã PX"] for row in legacy}
    unlisted = {old for old, _new, _partial in table} - listed
    legacy += [row for row in others if row[COLUMNS["commune_code"]] in unlisted]
    today = today_rows()
    if sample:
        others, legacy, today, table = _country_sample(others, legacy, today, table)
    if not Province.objects.exclude(code=PROVINCE).exists():
        report = units_import(rows=others)
        lines.append(f"{report.created['province']} other provinces, {report.created['commune']} communes "
                     f"(2023 list, {time.monotonic() - started:.0f} s)")
    report = units_reorganise(rows=legacy, effective=JANUARY_2025, resolution=LEGACY_RESOLUTION)
    lines.append(f"1/1/2025: {len(report.closed)} communes closed, {len(report.created)} created "
                 f"({time.monotonic() - started:.0f} s)")
    # A few links of the package's table name a code found in neither list (nor the 2023 one):
    # they cannot be placed, and are left out (counted in the report line).
    known = {row["Mã PX"] for row in today} | {row["Mã PX"] for row in legacy} | set(
        Commune.objects.values_list("code", flat=True))
    links = [(0, old, new, partial) for old, new, partial in table if old in known and new in known]
    report = units_reorganise(rows=today, effective=REFORM_DATE, lineage=links,
                              resolution=REFORM_RESOLUTION, whole_country=True)
    lines.append(f"1/7/2025: {len(report.provinces_closed)} provinces merged, {len(report.closed)} communes closed, "
                 f"{len(report.created)} created ({len(table) - len(links)} lineage links with unknown codes left out; "
                 f"{time.monotonic() - started:.0f} s)")
    return "Country: " + "; ".join(lines)


def _country_sample(others: list[dict], legacy: list[dict], today: list[dict], table: list) -> tuple:
    """The lists and the conversion table cut down to one link for each pair of provinces the table
    joins (a commune of the old province that became one of the new), preferring a commune of the
    2023 list, plus one commune of each 2023 province: every province of both maps and every province
    lineage stay, with a few hundred communes. Hà Tĩnh's rows stay whole."""
    province_of_old = {row["Mã PX"]: row["Mã TP"] for row in legacy}
    province_of_new = {row["Mã PX"]: row["Mã TP"] for row in today}
    in_2023 = {row[COLUMNS["commune_code"]] for row in others}
    pairs, chosen = set(), []
    for link in sorted(table, key=lambda link: (link[0] not in in_2023, link)):
        pair = (province_of_old.get(link[0]), province_of_new.get(link[1]))
        if None not in pair and pair not in pairs:
            pairs.add(pair)
            chosen.append(link)
    olds = {old for old, _new, _partial in chosen}
    first_of = {}
    for row in others:
        first_of.setdefault(row[COLUMNS["province_code"]], row[COLUMNS["commune_code"]])
    kept_2023 = olds | set(first_of.values())
    news = {new for _old, new, _partial in chosen}
    return ([row for row in others if row[COLUMNS["commune_code"]] in kept_2023],
            [row for row in legacy if row["Mã PX"] in kept_2023],
            [row for row in today if row["Mã PX"] in news or row["Mã TP"] == PROVINCE],
            chosen + [link for link in table if province_of_new.get(link[1]) == PROVINCE])
