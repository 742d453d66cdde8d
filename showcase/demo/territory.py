"""The demo's map from 2011 to today: Hà Tĩnh's 2024 map (the bundled GSO list), then both 2025
reorganisations from the `vietnam-provinces` lists — 1 January 2025 (Resolution 1283/NQ-UBTVQH15:
Lộc Hà district merged into Thạch Hà) and 1 July 2025 (districts abolished, 69 commune-level units,
the official conversion table as lineage)."""

import datetime

from territory.models import CommuneLineage, District
from territory.reference import REFORM_DATE, conversion_lineage, legacy_rows, today_rows
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
