"""A year's data belong to the units that existed in it (issue 11: writes to closed units): Thiên Lộc
(18415), merged into Xã Can Lộc on 1 July 2025, takes no 2026 value, review step or decision; Đan
Hải (18364), formed that day, none of 2024. Each refusal names the date, in Vietnamese, and writes
nothing; 2025, when both existed for part of the year, stays open."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communes.models import Assessment, Recognition, Review
from communes.services.assessments import ValueChange, assessment_save, assessments_save_many
from communes.services.reviews import review_transition
from ntm_tracker.models import AuditEvent
from territory.models import Commune


@pytest.fixture
def thien_loc(reformed_territory) -> Commune:
    commune = Commune.objects.get(code="18415")
    assert commune.valid_to.isoformat() == "2025-06-30"
    return commune


def _indicator(catalogue, year):
    from communes.catalogue import catalogue_for_year

    return next(i for i in catalogue_for_year(year).indicators.values() if i.is_numeric)


def test_a_value_for_a_year_after_the_merger_is_refused_and_nothing_is_written(thien_loc, province_user, catalogue):
    with pytest.raises(ValidationError) as refused:
        assessment_save(commune=thien_loc, indicator=_indicator(catalogue, 2026), year=2026, value=Decimal(90),
                        expected_version=0, user=province_user)
    assert "30/06/2025" in refused.value.messages[0] and "2026" in refused.value.messages[0]
    assert not Assessment.objects.exists() and not AuditEvent.objects.filter(unit_code="18415").exists()


def test_a_new_commune_takes_no_value_of_a_year_before_it_was_formed(reformed_commune, province_user, catalogue):
    with pytest.raises(ValidationError, match="01/07/2025"):
        assessments_save_many(year=2024, user=province_user, changes=[ValueChange(
            commune=reformed_commune, indicator=_indicator(catalogue, 2024), value=Decimal(90), met=None, version=0)])
    assert not Assessment.objects.exists()


def test_the_year_of_the_merger_stays_open(thien_loc, province_user, catalogue):
    saved = assessment_save(commune=thien_loc, indicator=_indicator(catalogue, 2025), year=2025, value=Decimal(90),
                            expected_version=0, user=province_user)
    assert saved.pk and saved.year == 2025


def test_the_edit_form_of_a_year_the_commune_did_not_exist_in_is_404(client, thien_loc, province_user, catalogue):
    client.force_login(province_user)
    indicator = _indicator(catalogue, 2026)
    url = reverse("assessment_edit", args=[thien_loc.code, indicator.pk, 2026])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(url, {"value": "90", "version": "0"}).status_code == 404
    assert not Assessment.objects.exists()
    assert client.get(reverse("assessment_edit", args=[thien_loc.code, _indicator(catalogue, 2025).pk, 2025])).status_code == 200


def test_no_review_step_for_a_year_the_commune_did_not_exist_in(client, thien_loc, province_user, catalogue):
    with pytest.raises(ValidationError, match="không có số liệu năm 2026"):
        review_transition(commune=thien_loc, year=2026, step="submit", user=province_user)
    client.force_login(province_user)
    response = client.post(reverse("review_step", args=[thien_loc.code, 2026, "submit"]), follow=True)
    assert "30/06/2025" in response.content.decode()
    assert not Review.objects.filter(commune=thien_loc, year=2026).exists()


def test_a_decision_for_a_standard_year_after_the_merger_is_refused_on_the_form(client, thien_loc, province_user):
    client.force_login(province_user)
    response = client.post(reverse("recognition_create", args=[thien_loc.code]), {
        "level": "ntm", "kind": "recognised", "decision_number": "99/QĐ-UBND", "decision_date": "2026-03-02",
        "issuer": "province_pc", "standard_year": "2026", "note": ""})
    assert response.status_code in (200, 400)
    assert "chỉ tồn tại đến ngày 30/06/2025" in response.content.decode()
    assert not Recognition.objects.exists()


def test_a_workbook_row_of_a_merged_commune_is_refused_by_the_import(client, thien_loc, province_user, catalogue):
    import io

    from openpyxl import load_workbook

    from communes.services.excel import assessments_import_check

    client.force_login(province_user)
    book = load_workbook(io.BytesIO(client.get(reverse("assessments_download", args=["42"]) + "?year=2026").content))
    sheet = book.worksheets[0]
    assert "18415" not in {sheet.cell(row, 1).value for row in range(3, sheet.max_row + 1)}  # not exported
    sheet.cell(3, 1).value = "18415"  # typed in by hand
    sheet.cell(3, 4).value = 90
    out = io.BytesIO()
    book.save(out)
    errors = assessments_import_check(data=out.getvalue(), user=province_user).errors
    assert any(e.startswith("Dòng 3: Xã Thiên Lộc chỉ tồn tại đến ngày 30/06/2025") for e in errors), errors


def test_a_merged_communes_page_names_its_end_and_successor_and_a_year_it_cannot_show(client, thien_loc,
                                                                                       province_user, catalogue):
    client.force_login(province_user)
    response = client.get(reverse("commune_detail", args=[thien_loc.code]) + "?year=2026")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["year"] == 2025
    assert "Đơn vị này không có số liệu năm 2026: trang đang hiển thị năm 2025." in html
    assert "Xã Thiên Lộc tồn tại đến ngày 30/06/2025." in html
    assert [s.code for s in response.context["successors"]] == ["18406"]  # Xã Can Lộc of today
    # a year it existed in: no "no data" line; an open commune: no notice at all
    assert "không có số liệu năm" not in client.get(reverse("commune_detail", args=[thien_loc.code]) + "?year=2024").content.decode()
    assert 'id="unit-period"' not in client.get(reverse("commune_detail", args=["18406"])).content.decode()
