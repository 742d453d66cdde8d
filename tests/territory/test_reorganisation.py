"""The import with --effective on Hà Tĩnh's 2024 map: both 2025 steps from the bundled data."""

import csv
import datetime

import pytest
from django.core.management import call_command

from communes.selectors import province_overview
from dashboards.selectors import annual_summary
from territory.imports import UnitImportError
from territory.models import Commune, CommuneLineage, District
from territory.reference import REFORM_DATE, conversion_lineage, legacy_rows, today_rows
from territory.reorganisation import units_reorganise
from tests.factories import make_commune, make_district, make_province

JAN = datetime.date(2025, 1, 1)


def both_steps():
    january = units_reorganise(rows=legacy_rows("42"), effective=JAN, province="42", resolution="1283/NQ-UBTVQH15")
    links = [(0, old, new, partial) for old, new, partial in conversion_lineage("42")]
    july = units_reorganise(rows=today_rows("42"), effective=REFORM_DATE, province="42", lineage=links,
                            resolution="1665/NQ-UBTVQH15")
    return january, july


def test_both_2025_steps_bring_ha_tinh_to_69_units_and_keep_2023(ha_tinh):
    before = (annual_summary(ha_tinh, 2023)["counts"], province_overview(ha_tinh, 2023)["totals"])
    january, july = both_steps()
    assert "448" in january.districts_closed  # Lộc Hà into Thạch Hà
    assert july.merged and len(july.districts_closed) == 12
    assert Commune.objects.filter(province=ha_tinh, valid_to__isnull=True).count() == 69
    assert not District.objects.filter(province=ha_tinh, valid_to__isnull=True).exists()
    assert CommuneLineage.objects.filter(partial=True).exists()
    assert (annual_summary(ha_tinh, 2023)["counts"], province_overview(ha_tinh, 2023)["totals"]) == before
    assert province_overview(ha_tinh, 2026)["totals"]["communes"] == 69


def test_running_a_step_twice_changes_nothing_the_second_time(ha_tinh):
    units_reorganise(rows=legacy_rows("42"), effective=JAN, province="42")
    again = units_reorganise(rows=legacy_rows("42"), effective=JAN, province="42")
    assert (again.created, again.closed, again.renamed, again.moved) == ([], [], [], [])


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


NSO = ["Tỉnh Thành Phố", "Mã TP", "Phường Xã", "Mã PX", "Cấp"]


@pytest.mark.django_db
def test_the_nso_layout_with_a_lineage_file_by_command(tmp_path):
    province = make_province(code="42", name="Hà Tĩnh")
    district = make_district(province, code="443")
    a, b = make_commune(district, code="18400", name="Thiên Lộc"), make_commune(district, code="18401", name="Thuần Thiện")
    lst = write(tmp_path / "list.csv", NSO, [["Tỉnh Hà Tĩnh", "42", "xã Thiên Lộc", "18400", "XÃ"]])
    lineage = write(tmp_path / "lineage.csv", ["old", "new", "partial"], [["18400", "18400", "no"], ["18401", "18400", "no"]])
    call_command("import_units", str(lst), "--effective", "2025-07-01", "--lineage", str(lineage),
                 "--resolution", "1665/NQ-UBTVQH15")
    a.refresh_from_db(), b.refresh_from_db(), district.refresh_from_db()
    assert (a.district_id, a.valid_to, b.valid_to) == (None, None, datetime.date(2025, 6, 30))
    assert district.valid_to == datetime.date(2025, 6, 30)
    assert CommuneLineage.objects.get().predecessor == b


@pytest.mark.django_db
@pytest.mark.parametrize("rows, lineage, message", [
    ([["Tỉnh Không Có", "99", "Xã A", "99001", "Xã"]], None, "99"),
    ([["Tỉnh Hà Tĩnh", "42", "Xã A", "18400", "Xã"], ["Tỉnh Hà Tĩnh", "42", "Xã B", "18400", "Xã"]], None, "3"),
    ([["Tỉnh Hà Tĩnh", "42", "Xã A", "18400", "Xã"]], [(2, "18400", "18401", False), (3, "18401", "18400", False)], ""),
    ([["Tỉnh Hà Tĩnh", "42", "Xã A", "18400", "Xã"]], [(2, "77777", "18400", False)], "77777"),
])
def test_bad_lists_are_refused_naming_the_row_and_nothing_is_written(rows, lineage, message):
    province = make_province(code="42", name="Hà Tĩnh")
    make_commune(make_district(province), code="18401")
    with pytest.raises(UnitImportError) as error:
        units_reorganise(rows=[dict(zip(NSO + ["Quận Huyện", "Mã QH"], row + ["", ""]), _row=n)
                               for n, row in enumerate(rows, start=2)],
                         effective=REFORM_DATE, lineage=lineage)
    assert message in " ".join(error.value.errors)
    assert Commune.objects.filter(valid_to__isnull=False).count() == 0 and Commune.objects.count() == 1


def test_closing_a_commune_assessed_after_the_date_is_refused(ha_tinh):
    from communes.models import Assessment, Indicator

    commune = Commune.objects.filter(province=ha_tinh, kind=Commune.Kind.COMMUNE).exclude(
        code__in={row["Mã PX"] for row in today_rows("42")}).first()
    Assessment.objects.create(commune=commune, indicator=Indicator.objects.first(), year=2026)
    with pytest.raises(UnitImportError) as error:
        units_reorganise(rows=today_rows("42"), effective=REFORM_DATE, province="42")
    assert commune.code in " ".join(error.value.errors)
    assert not Commune.objects.filter(valid_to__isnull=False).exists()


@pytest.mark.django_db
def test_two_units_exchanging_parts_are_not_a_cycle():
    """The national conversion table has such pairs (e.g. 00091 ↔ 00103, both partial)."""
    province = make_province(code="42", name="Hà Tĩnh")
    district = make_district(province, code="443")
    make_commune(district, code="18400"), make_commune(district, code="18401")
    rows = [dict(zip(NSO, ["Tỉnh Hà Tĩnh", "42", f"Xã {code}", code, "Xã"]), _row=n)
            for n, code in enumerate(("18400", "18401"), start=2)]
    report = units_reorganise(rows=rows, effective=REFORM_DATE,
                              lineage=[(2, "18400", "18401", True), (3, "18401", "18400", True)])
    assert report.split == {} and CommuneLineage.objects.filter(partial=True).count() == 2


@pytest.mark.django_db
def test_the_conversion_table_links_to_codes_of_neither_list_are_left_out():
    from territory.reorganisation import known_links

    make_commune(make_district(make_province(code="42")), code="18400")
    kept, left = known_links([(0, "18400", "18401", False), (0, "03983", "18401", False)],
                             [{"Mã PX": "18401"}])
    assert kept == [(0, "18400", "18401", False)] and left == [(0, "03983", "18401", False)]


@pytest.mark.django_db
def test_a_province_renamed_by_a_list_keeps_its_name_of_before():
    """Thừa Thiên Huế became Thành phố Huế (a centrally-run city) on 1 January 2025."""
    from territory.models import Province, ProvincePeriod
    from territory.selectors import province_name_on

    hue = make_province(code="46", name="Thừa Thiên Huế")
    make_commune(make_district(hue, code="474"), code="19753")
    rows = [dict(zip(NSO, ["Thành phố Huế", "46", "Phường Phú Xuân", "19753", "Phường"]), _row=2)]
    units_reorganise(rows=rows, effective=JAN)
    hue.refresh_from_db()
    assert (hue.full_name, hue.kind, hue.current_from) == ("Thành phố Huế", Province.Kind.CITY, JAN)
    assert ProvincePeriod.objects.get(province=hue).valid_to == datetime.date(2024, 12, 31)
    assert province_name_on(hue, datetime.date(2023, 12, 31)) == "Tỉnh Thừa Thiên Huế"
    assert province_name_on(hue, datetime.date(2025, 12, 31)) == "Thành phố Huế"
    again = units_reorganise(rows=rows, effective=JAN)  # a second run changes nothing
    assert ProvincePeriod.objects.count() == 1 and again.renamed == []
