"""Exported cells are data, never formulas (ntm_tracker/exports.py), in every export."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ntm_tracker.exports import csv_cell, csv_response, xlsx_append

HOSTILE = ['=HYPERLINK("http://evil.example","Bấm vào đây")', "+1+2", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_cells_are_written_as_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    xlsx_append(sheet, [*HOSTILE, "Bình thường", 12.5, None, "x\x01y"])
    out = io.BytesIO()
    book.save(out)
    assert "<f>" not in _sheet_xml(out.getvalue())
    values = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=True))
    # Shown as typed (XML reads a carriage return back as a line feed); control characters dropped.
    assert list(values) == [*HOSTILE[:5], "\n=1+1", "Bình thường", 12.5, None, "xy"]


def test_csv_cells_starting_like_a_formula_get_an_apostrophe():
    assert [csv_cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert [csv_cell(v) for v in ("Bình thường", -5, 3.5, None, "a=b")] == ["Bình thường", -5, 3.5, None, "a=b"]
    response = csv_response([["Tên"], [HOSTILE[0]]], filename="x.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Tên"], ["'" + HOSTILE[0]]] and response.content.startswith("\ufeff".encode())


def test_the_ocop_export_writes_a_hostile_product_name_as_text(client, leader_user, can_loc_commune):
    """Issue 13, item 3: district staff can name a product like a formula."""
    from tests.factories import make_product

    make_product(can_loc_commune, name=HOSTILE[0])
    client.force_login(leader_user)
    data = client.get(reverse("ocop_product_export", args=["xlsx"])).content
    assert "<f>" not in _sheet_xml(data)
    assert load_workbook(io.BytesIO(data)).active["A2"].value == HOSTILE[0]
    text = client.get(reverse("ocop_product_export", args=["csv"])).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][0] == "'" + HOSTILE[0]
