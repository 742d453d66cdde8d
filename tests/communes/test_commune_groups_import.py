"""Commune group decisions imported in the browser by province staff: upload → preview (checked
and rolled back, the file staged in PendingImport) → confirm (all or nothing), through the one
import behind `manage.py import_commune_groups`."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from communes.catalogue import catalogue_for_year
from communes.models import Assessment, CommuneGroupAssignment, Threshold
from communes.services.assessments import assessment_save
from communes.services.catalogue import catalogue_load
from communes.services.groups import IMPORT_COLUMNS, groups_import
from ntm_tracker.models import AuditEvent, PendingImport, User
from tests.factories import make_commune, make_district, make_province, make_user

YEAR = 2026
URL = "/communes/groups/import/"


@pytest.fixture
def setting(db):
    catalogue_load()
    province = make_province()
    district = make_district(province)
    communes = [make_commune(district), make_commune(None, province=province)]  # one post-reform (no district)
    indicator = next(i for i in catalogue_for_year(YEAR).indicators.values() if i.code == "2")
    for group, value in ((1, 90), (2, 70), (3, 50)):
        Threshold.objects.filter(indicator=indicator, commune_group=group).update(value=value)
    return {"province": province, "communes": communes, "indicator": indicator,
            "staff": make_user(User.Role.PROVINCE, province=province)}


def _csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("nhom.csv", (",".join(IMPORT_COLUMNS) + "\n" + "".join(rows)).encode())


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(IMPORT_COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("nhom.xlsx", out.getvalue())


def test_url_is_the_named_one():
    assert reverse("commune_groups_import") == URL


def test_upload_preview_confirm_recomputes_the_assessments(client, setting, django_assert_max_num_queries):
    first, second = setting["communes"]
    saved = assessment_save(commune=first, indicator=setting["indicator"], year=YEAR, value=Decimal(60),
                            expected_version=0, user=setting["staff"])
    assert saved.met is False  # group 2: 70
    client.force_login(setting["staff"])
    with django_assert_max_num_queries(60):
        response = client.post(URL, {"file": _csv(f"{first.code},3,2026,,ethnic_area,60/QĐ-BDTTG,04/02/2026,\n",
                                                  f"{second.code},1,2026,2027,urban_adjacent,12/QĐ-UBND,,gần đô thị\n")},
                               HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok and [(c["commune"].code, c["before"], c["group"]) for c in result.changes] == [
        (first.code, 2, 3), (second.code, 2, 1)]
    assert not CommuneGroupAssignment.objects.exists()  # the preview wrote nothing
    assert Assessment.objects.get(pk=saved.pk).met is False
    text = response.content.decode()
    assert "Xác nhận nhập" in text and "60/QĐ-BDTTG" in text
    token = response.context["token"]
    assert PendingImport.objects.filter(owner=setting["staff"], kind=PendingImport.Kind.COMMUNE_GROUPS).count() == 1

    response = client.post(URL, {"token": token}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302
    assert sorted(CommuneGroupAssignment.objects.values_list("commune__code", "group", "valid_to")) == sorted([
        (first.code, 3, None), (second.code, 1, 2027)])
    stored = Assessment.objects.get(pk=saved.pk)
    assert (stored.met, stored.commune_group) == (True, 3)  # group 3: 50
    assert AuditEvent.objects.filter(object_type="communes.communegroupassignment").count() == 2
    assert not PendingImport.objects.exists()
    assert "2 quyết định phân nhóm đã được nhập" in client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_an_xlsx_sheet_is_read_the_same_way(client, setting):
    commune = setting["communes"][1]
    client.force_login(setting["staff"])
    import datetime
    response = client.post(URL, {"file": _xlsx([[commune.code, 3, 2026, None, "ethnic_area", "60/QĐ-BDTTG",
                                                 datetime.datetime(2026, 2, 4), None]])})
    result = response.context["result"]
    assert result.ok and result.changes[0]["group"] == 3 and response.context["token"]


def test_bad_rows_are_named_and_nothing_is_staged_or_written(client, setting):
    commune = setting["communes"][0]
    elsewhere = make_commune(make_district(make_province()))
    client.force_login(setting["staff"])
    response = client.post(URL, {"file": _csv(f"{commune.code},4,2026,,ethnic_area,1/QĐ,,\n",
                                              f"{elsewhere.code},1,2026,,other,1/QĐ,,\n",
                                              f"{commune.code},1,2026,,other,1/QĐ,2026-13-45,\n")},
                           HTTP_ACCEPT_LANGUAGE="vi")
    errors = response.context["result"].errors
    assert [e.split(":")[0] for e in errors] == ["Dòng 2", "Dòng 3", "Dòng 4"]
    assert "không thuộc" in errors[1]
    assert response.context["token"] == "" and not PendingImport.objects.exists()
    assert not CommuneGroupAssignment.objects.exists()


def test_a_row_refused_on_write_refuses_the_whole_sheet(client, setting):
    first, second = setting["communes"]
    client.force_login(setting["staff"])
    response = client.post(URL, {"file": _csv(f"{second.code},1,2026,,other,1/QĐ,,\n",
                                              f"{first.code},3,2026,,ethnic_area,2/QĐ,,\n",
                                              f"{first.code},1,2026,,other,3/QĐ,,\n")},  # same start twice
                           HTTP_ACCEPT_LANGUAGE="vi")
    result = response.context["result"]
    assert result.errors and result.errors[0].startswith("Dòng 4") and not result.changes
    assert not CommuneGroupAssignment.objects.exists()


def test_a_missing_column_is_one_message(client, setting):
    client.force_login(setting["staff"])
    response = client.post(URL, {"file": SimpleUploadedFile("x.csv", b"commune_code,group\n1,2\n")},
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert "valid_from" in response.context["result"].errors[0]


def test_an_expired_or_foreign_token(client, setting):
    client.force_login(setting["staff"])
    response = client.post(URL, {"token": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 302
    commune = setting["communes"][0]
    token = client.post(URL, {"file": _csv(f"{commune.code},3,2026,,ethnic_area,60/QĐ-BDTTG,,\n")}).context["token"]
    client.force_login(make_user(User.Role.PROVINCE, province=setting["province"]))
    assert client.post(URL, {"token": token}).status_code == 404
    assert not CommuneGroupAssignment.objects.exists()


def test_who_may_import(client, setting):
    assert client.get(URL).status_code == 302  # anonymous → login
    for user in (make_user(User.Role.LEADER, province=setting["province"]),
                 make_user(User.Role.COMMUNE, commune=setting["communes"][0]),
                 make_user(User.Role.DISTRICT, district=setting["communes"][0].district)):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"file": _csv()}).status_code == 403
    client.force_login(setting["staff"])
    assert client.get(URL).status_code == 200


def test_the_command_and_the_page_share_one_import(setting):
    commune = setting["communes"][0]
    data = (",".join(IMPORT_COLUMNS) + f"\n{commune.code},3,2026,,ethnic_area,60/QĐ-BDTTG,,\n").encode()
    assert groups_import(data=data, user=None, dry_run=True).changes and not CommuneGroupAssignment.objects.exists()
    assert groups_import(data=data, user=None, province=make_province()).errors
    assert groups_import(data=data, user=None).created == 1
