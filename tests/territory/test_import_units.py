import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from territory.imports import COLUMNS, NATIONAL_LIST, UnitImportError, read_rows, units_import
from territory.models import Commune, District, Province
from tests.conftest import national_rows

HEADER = list(COLUMNS.values())


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = [
    ["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "443", "Xã Thiên Lộc", "18400", "Xã"],
    ["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "443", "Thị trấn Nghèn", "18385", "Thị trấn"],
]


def counts():
    return Province.objects.count(), District.objects.count(), Commune.objects.count()


@pytest.mark.django_db
def test_ha_tinh_import_creates_13_district_units_and_216_communes():
    report = units_import(rows=list(national_rows()), province="42")
    assert counts() == (1, 13, 216)
    assert report.created == {"province": 1, "district": 13, "commune": 216}
    kinds = {kind: Commune.objects.filter(kind=kind).count() for kind in Commune.Kind.values}
    assert kinds == {"xa": 182, "phuong": 21, "thi_tran": 13, "dac_khu": 0}
    ha_tinh = Province.objects.get(code="42")
    assert (ha_tinh.name, ha_tinh.kind, ha_tinh.region) == ("Hà Tĩnh", "tinh", "north_central")
    nghi_xuan = District.objects.get(code="442")
    assert (nghi_xuan.name, nghi_xuan.kind) == ("Nghi Xuân", District.Kind.RURAL)
    assert District.objects.get(code="449").kind == District.Kind.TOWN  # Thị xã Kỳ Anh
    assert Commune.objects.get(code="18796").full_name == "Xã Kỳ Lợi"


@pytest.mark.django_db
def test_national_import_creates_every_unit_and_a_second_run_changes_nothing():
    call_command("import_units", str(NATIONAL_LIST))
    assert counts() == (63, 705, 10598)
    assert Commune.objects.filter(kind=Commune.Kind.COMMUNE).count() == 8207
    assert Province.objects.get(code="01").kind == Province.Kind.CITY
    before = list(Commune.objects.order_by("code").values_list("id", "code", "name", "kind", "district_id"))

    report = units_import(rows=list(national_rows()))

    assert not report.changed
    assert report.unchanged == {"province": 63, "district": 705, "commune": 10598}
    after = list(Commune.objects.order_by("code").values_list("id", "code", "name", "kind", "district_id"))
    assert after == before


@pytest.mark.django_db
def test_reimport_updates_a_renamed_unit_in_place(tmp_path):
    units_import(rows=read_rows(write_csv(tmp_path / "a.csv", GOOD)))
    commune_id = Commune.objects.get(code="18400").id
    renamed = [GOOD[0][:4] + ["Xã Thiên Lộc Mới", "18400", "Xã"], GOOD[1]]

    report = units_import(rows=read_rows(write_csv(tmp_path / "b.csv", renamed)))

    assert report.updated["commune"] == 1 and report.unchanged["commune"] == 1
    assert Commune.objects.get(code="18400").id == commune_id
    assert Commune.objects.get(code="18400").name == "Thiên Lộc Mới"


@pytest.mark.django_db
def test_xlsx_export_is_read_like_csv_and_leading_zeros_are_restored(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    # Spreadsheets turn "01" into the number 1: the importer pads codes back to their width.
    sheet.append(["Thành phố Hà Nội", 1, "Quận Ba Đình", 1, "Phường Phúc Xá", 1, "Phường"])
    workbook.save(tmp_path / "units.xlsx")

    units_import(rows=read_rows(tmp_path / "units.xlsx"))

    commune = Commune.objects.select_related("district__province").get()
    assert (commune.code, commune.district.code, commune.district.province.code) == ("00001", "001", "01")
    assert commune.kind == Commune.Kind.WARD and commune.name == "Phúc Xá"


@pytest.mark.django_db
def test_missing_columns_are_refused(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row[:6] for row in GOOD], header=HEADER[:6])
    with pytest.raises(UnitImportError) as error:
        units_import(rows=read_rows(path))
    assert "Cấp" in error.value.errors[0]
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "443", "Xã Lỗi", "18A01", "Xã"], "Row 4"),
        (["Tỉnh Hà Tĩnh", "42", "", "", "Xã Mồ Côi", "18999", "Xã"], "unknown district"),
        (["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "4430", "Xã Lỗi", "18998", "Xã"], "4430"),
        (["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "443", "Xã Lỗi", "18997", "Ấp"], "Ấp"),
        (["Tỉnh Hà Tĩnh", "42", "Huyện Khác", "443", "Xã Lỗi", "18996", "Xã"], "443"),
        (["Tỉnh Hà Tĩnh", "42", "Huyện Can Lộc", "443", "Xã Trùng", "18400", "Xã"], "18400"),
    ],
)
def test_a_malformed_row_is_refused_with_its_row_number_and_nothing_is_written(tmp_path, bad_row, message, settings):
    settings.LANGUAGE_CODE = "en"
    path = write_csv(tmp_path / "bad.csv", [*GOOD, bad_row])
    with pytest.raises(UnitImportError) as error:
        units_import(rows=read_rows(path))
    text = "\n".join(error.value.errors)
    assert "Row 4" in text and message in text
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_errors_are_reported_in_vietnamese_by_default(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["Tỉnh Hà Tĩnh", "42", "", "", "Xã Mồ Côi", "18999", "Xã"]])
    with pytest.raises(UnitImportError) as error:
        units_import(rows=read_rows(path))
    assert "Dòng 2" in error.value.errors[0]


@pytest.mark.django_db
def test_a_district_moving_province_is_refused(tmp_path):
    units_import(rows=read_rows(write_csv(tmp_path / "a.csv", GOOD)))
    moved = [["Tỉnh Nghệ An", "40", "Huyện Can Lộc", "443", "Xã Thiên Lộc", "18400", "Xã"]]
    with pytest.raises(UnitImportError):
        units_import(rows=read_rows(write_csv(tmp_path / "b.csv", moved)))
    assert counts() == (1, 1, 2)


@pytest.mark.django_db
def test_command_refuses_a_malformed_file_and_dry_run_writes_nothing(tmp_path, capsys):
    bad = write_csv(tmp_path / "bad.csv", [*GOOD, ["Tỉnh Hà Tĩnh", "4x", "Huyện Can Lộc", "443", "Xã A", "18001", "Xã"]])
    with pytest.raises(CommandError, match="4x"):
        call_command("import_units", str(bad))
    assert counts() == (0, 0, 0)

    call_command("import_units", str(NATIONAL_LIST), "--province", "42", "--dry-run")
    assert counts() == (0, 0, 0)
    assert "216" in capsys.readouterr().out


@pytest.mark.django_db
def test_unknown_file_type_and_empty_province_are_refused(tmp_path):
    (tmp_path / "units.txt").write_text("x")
    with pytest.raises(UnitImportError):
        read_rows(tmp_path / "units.txt")
    with pytest.raises(UnitImportError):
        units_import(rows=list(national_rows()), province="99")


@pytest.mark.django_db
def test_island_districts_without_communes_are_imported_from_rows_with_empty_commune_columns():
    units_import(rows=list(national_rows()), province="31")
    bach_long_vi = District.objects.get(code="318")
    assert bach_long_vi.name == "Bạch Long Vĩ" and not bach_long_vi.communes.exists()
