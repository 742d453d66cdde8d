"""After both 2025 reorganisations, every figure of 2023 stays what it was."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communes.selectors import province_overview
from dashboards.selectors import annual_summary, communes_with_decisions, levels_by_district, progress_over_years
from territory.models import Commune, CommuneLineage, District
from territory.services import unit_change, unit_close

JAN, JUL = datetime.date(2025, 1, 1), datetime.date(2025, 7, 1)


def reorganise(province):
    """Both 2025 steps, done as the import will: Lộc Hà into Thạch Hà with a rename (1 January),
    then districts abolished, Can Lộc's communes merged into one (1 July)."""
    loc_ha, thach_ha = District.objects.get(code="448"), District.objects.get(code="445")
    for n, commune in enumerate(Commune.objects.filter(district=loc_ha).order_by("code")):
        unit_change(commune, on=JAN, district=thach_ha, name=f"{commune.name} Mới" if n == 0 else None)
    unit_close(loc_ha, on=JAN)
    can_loc = list(Commune.objects.filter(district__code="443").order_by("code"))
    merged = Commune.objects.create(code="99001", name="Can Lộc", kind=Commune.Kind.COMMUNE, province=province,
                                    valid_from=JUL)
    for commune in can_loc:
        CommuneLineage.objects.create(predecessor=commune, successor=merged, effective_on=JUL,
                                      resolution="1665/NQ-UBTVQH15")
        unit_close(commune, on=JUL)
    for commune in Commune.objects.filter(province=province, valid_to__isnull=True).exclude(pk=merged.pk):
        unit_change(commune, on=JUL, district=None)
    for district in District.objects.filter(province=province, valid_to__isnull=True):
        unit_close(district, on=JUL)


def figures(province, year):
    summary = annual_summary(province, year)
    overview = province_overview(province, year)
    return {
        "counts": summary["counts"], "new": summary["new"],
        "communes": {level: [dataclasses.astuple(row) for row in rows] for level, rows in summary["communes"].items()},
        "districts": [dataclasses.astuple(row) for row in summary["districts"]],
        "overview_rows": [(r.district.code, r.district.full_name, r.communes, r.in_programme, r.ntm, r.advanced, r.model)
                          for r in overview["rows"]],
        "overview_totals": overview["totals"],
        "levels": levels_by_district(province, year),
        # A district unit's own communes of that year (its dashboard), Lộc Hà's held by closed periods.
        "district_communes": {code: [(dataclasses.astuple(c), len(decisions)) for c in communes]
                              for code in ("443", "448")
                              for communes, decisions in [communes_with_decisions(
                                  province, District.objects.get(code=code), year=year)]},
        "progress": progress_over_years(province, year),
    }


def test_every_2023_figure_is_unchanged_after_both_2025_reorganisations(ha_tinh):
    before = figures(ha_tinh, 2023)
    assert (before["counts"]["in_programme"], before["counts"]["ntm"], before["counts"]["advanced"],
            before["counts"]["model"]) == (181, 181, 60, 15)
    assert before["new"] | {} == {"ntm": 4, "advanced": 10, "model": 8, "civilised_urban": before["new"]["civilised_urban"]}
    assert len(before["overview_rows"]) == 13 and before["overview_totals"]["communes"] == 216
    assert len(before["district_communes"]["448"]) == 12  # Lộc Hà's communes in 2023

    reorganise(ha_tinh)

    assert figures(ha_tinh, 2023) == before


def test_after_the_reform_the_province_has_no_districts_and_the_merged_communes(ha_tinh):
    reorganise(ha_tinh)
    today = province_overview(ha_tinh, 2026)
    can_loc_communes = Commune.objects.filter(successor_links__successor__code="99001").count()
    assert today["rows"] == []
    assert today["totals"]["communes"] == 216 - can_loc_communes + 1
    assert "448" in [r.district.code for r in province_overview(ha_tinh, 2024)["rows"]]
    assert "448" not in [r.district.code for r in province_overview(ha_tinh, 2025)["rows"]]


@pytest.mark.parametrize("year", [2023, 2026])
def test_the_summary_of_a_year_takes_the_same_queries_after_the_reorganisations(ha_tinh, year):
    with CaptureQueriesContext(connection) as before:
        annual_summary(ha_tinh, year)
    reorganise(ha_tinh)
    with CaptureQueriesContext(connection) as after:
        annual_summary(ha_tinh, year)
    # 2026 has no district units left: their decisions need no query.
    # OCOP first certified (by star, and reaching 4★) and in force by star: one query; nominations:
    # one; money, dossiers, model villages: four.
    assert len(after) <= len(before) == 11
