"""Commune groups (2026–2030): dated assignments, the threshold of the group in force, recorded
on the assessment; edited by province staff, imported from a sheet, shown on the commune page."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from communes.catalogue import catalogue_for_year
from communes.models import Assessment, CommuneGroupAssignment, Threshold
from communes.rules import group_in_force
from communes.services.assessments import assessment_save
from communes.services.catalogue import catalogue_load
from communes.services.groups import group_assign, groups_import
from ntm_tracker.models import AuditEvent, User
from tests.factories import make_commune, make_district, make_province, make_user

YEAR = 2026


@pytest.fixture
def setting(db):
    catalogue_load()
    province = make_province()
    commune = make_commune(make_district(province))
    catalogue = catalogue_for_year(YEAR)
    indicator = next(i for i in catalogue.indicators.values() if i.code == "2")
    # Distinct values per group, so the test sees which one applies (the shipped ones are all 100).
    for group, value in ((1, 90), (2, 70), (3, 50)):
        Threshold.objects.filter(indicator=indicator, commune_group=group).update(value=value)
    return {"province": province, "commune": commune, "indicator": indicator,
            "staff": make_user(User.Role.PROVINCE, province=province)}


def test_the_group_in_force_is_the_latest_assignment_covering_the_year():
    rows = [CommuneGroupAssignment(group=1, valid_from=2026, valid_to=2027), CommuneGroupAssignment(group=3, valid_from=2028)]
    assert [group_in_force(rows, y) for y in (2025, 2026, 2027, 2028, 2035)] == [2, 1, 1, 3, 3]


def test_a_save_uses_the_groups_threshold_and_records_the_group(setting):
    commune, indicator = setting["commune"], setting["indicator"]
    saved = assessment_save(commune=commune, indicator=indicator, year=YEAR, value=Decimal(80), expected_version=0,
                            user=setting["staff"])
    assert (saved.met, saved.commune_group) == (True, 2)  # no assignment: group 2, threshold 70

    group_assign(commune=commune, group=1, valid_from=YEAR, basis="urban_adjacent", deciding_act="12/QĐ-UBND",
                 user=setting["staff"])

    stored = Assessment.objects.get(pk=saved.pk)  # recomputed in the assignment's transaction
    assert (stored.met, stored.commune_group) == (False, 1)  # group 1's threshold is 90
    saved = assessment_save(commune=commune, indicator=indicator, year=YEAR, value=Decimal(95),
                            expected_version=stored.version, user=setting["staff"])
    assert (saved.met, saved.commune_group) == (True, 1)
    assert AuditEvent.objects.filter(object_type="communes.communegroupassignment").count() == 1


def test_a_new_assignment_ends_the_open_one(setting):
    commune = setting["commune"]
    group_assign(commune=commune, group=3, valid_from=2026, basis="ethnic_area", deciding_act="60/QĐ-BDTTG", user=None)
    group_assign(commune=commune, group=1, valid_from=2028, basis="new_urban_area", deciding_act="5/QĐ-UBND", user=None)
    assert list(CommuneGroupAssignment.objects.filter(commune=commune).values_list("valid_from", "valid_to")) == [
        (2026, 2027), (2028, None)]


def test_the_indicator_row_shows_the_groups_threshold(client, setting):
    commune = setting["commune"]
    group_assign(commune=commune, group=3, valid_from=YEAR, basis="ethnic_area", deciding_act="60/QĐ-BDTTG", user=None)
    client.force_login(setting["staff"])
    response = client.get(reverse("criterion_detail", args=[commune.code, 2]) + f"?year={YEAR}",
                          HTTP_ACCEPT_LANGUAGE="vi")
    assert "≥\u00a050\u00a0% (nhóm 3)" in response.content.decode()
    page = client.get(reverse("commune_detail", args=[commune.code]) + f"?year={YEAR}", HTTP_ACCEPT_LANGUAGE="vi")
    assert "nhóm 3" in page.content.decode() and reverse("commune_groups", args=[commune.code]) in page.content.decode()


def test_province_staff_record_a_group_in_the_browser(client, setting):
    commune = setting["commune"]
    client.force_login(setting["staff"])
    url = reverse("commune_groups", args=[commune.code])
    response = client.post(url, {"group": "3", "valid_from": "2026", "valid_to": "", "basis": "ethnic_area",
                                 "deciding_act": "60/QĐ-BDTTG", "decided_on": "2026-02-04", "note": ""})
    assert response.status_code == 302
    assert CommuneGroupAssignment.objects.get(commune=commune).group == 3
    assert "60/QĐ-BDTTG" in client.get(url).content.decode()


def test_a_bad_group_is_refused_with_a_message(client, setting):
    client.force_login(setting["staff"])
    response = client.post(reverse("commune_groups", args=[setting["commune"].code]),
                           {"group": "4", "valid_from": "2026", "basis": "x", "deciding_act": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert not CommuneGroupAssignment.objects.exists()


@pytest.mark.parametrize("role", [User.Role.LEADER, User.Role.COMMUNE])
def test_only_province_staff_edit_groups_others_read(client, setting, role):
    commune = setting["commune"]
    user = make_user(role, province=setting["province"]) if role == User.Role.LEADER else make_user(role, commune=commune)
    client.force_login(user)
    url = reverse("commune_groups", args=[commune.code])
    assert client.get(url).status_code == 200 and "<form method=\"post\" class=\"stacked-form\"" not in client.get(url).content.decode()
    assert client.post(url, {"group": "1"}).status_code == 403


def test_other_provinces_and_anonymous_do_not_see_groups(client, setting):
    url = reverse("commune_groups", args=[setting["commune"].code])
    assert client.get(url).status_code == 302
    client.force_login(make_user(User.Role.PROVINCE, province=make_province()))
    assert client.get(url).status_code == 404


CSV = ("commune_code,group,valid_from,valid_to,basis,deciding_act,decided_on,note\n"
       "{code},3,2026,,ethnic_area,60/QĐ-BDTTG,2026-02-04,\n")


def test_groups_import_from_a_sheet_all_or_nothing(setting, tmp_path):
    code = setting["commune"].code
    bad = (CSV + "99999,1,2026,,urban_adjacent,1/QĐ,,\n").format(code=code).encode()
    with translation.override("vi"):
        result = groups_import(data=bad, user=None)
    assert result.errors and result.errors[0].startswith("Dòng 3: không có xã") and not CommuneGroupAssignment.objects.exists()
    path = tmp_path / "groups.csv"
    path.write_bytes(CSV.format(code=code).encode())
    call_command("import_commune_groups", str(path), "--dry-run", stdout=io.StringIO())
    assert not CommuneGroupAssignment.objects.exists()
    call_command("import_commune_groups", str(path), stdout=io.StringIO())
    assert CommuneGroupAssignment.objects.get().group == 3
    path.write_bytes(b"commune_code\n1\n")
    with pytest.raises(CommandError, match="group"):
        call_command("import_commune_groups", str(path))


# --- Progress to the next level (commune page) -------------------------------------------------


def test_an_ntm_commune_sees_how_many_advanced_criteria_it_meets_and_which_are_missing(client, setting):
    from communes.models import Indicator, Level
    from tests.factories import make_recognition

    commune = setting["commune"]
    make_recognition(commune, level=Level.NTM, standard_year=2022)
    for code in ("NC1", "NC2", "NC3"):
        indicator = Indicator.objects.get(code=code)
        assessment_save(commune=commune, indicator=indicator, year=2024, met=code != "NC3", expected_version=0,
                        user=setting["staff"])
    client.force_login(setting["staff"])
    text = client.get(reverse("commune_detail", args=[commune.code]) + "?year=2024",
                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đạt 2/19 tiêu chí mức “NTM nâng cao”" in text or "Đạt 2/19 tiêu chí mức" in text
    assert "còn thiếu: 3. " in text and "; 4. " in text and "; 5. " in text
    # 2026–2030 has no advanced level: nothing to show
    assert "/19 tiêu chí mức" not in client.get(reverse("commune_detail", args=[commune.code]) + "?year=2026",
                                                HTTP_ACCEPT_LANGUAGE="vi").content.decode()
