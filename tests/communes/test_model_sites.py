"""Hà Tĩnh's supplementary "criterion 20": model villages and gardens — the counts
(`model_counts`), the commune page section, the province list and form (province staff only,
audited), the sheet import (checked, staged, all or nothing) and the demo's published totals."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from communes.models import ModelSite, ModelSiteTotal
from communes.unit_records import model_counts
from ntm_tracker.models import AuditEvent, PendingImport

LIST = reverse("model_site_list")
NEW = reverse("model_site_create")
IMPORT = reverse("model_site_import")


def _site(commune, **overrides) -> ModelSite:
    values = {"kind": "village", "commune": commune, "name": "Thôn Trung", "recognised_on": datetime.date(2023, 5, 2),
              "decision": "12/QĐ-UBND", "source": "Quyết định 12/QĐ-UBND", "verified": True}
    values.update(overrides)
    return ModelSite.objects.create(**values)


def _post(commune, **overrides) -> dict:
    data = {"kind": "garden", "commune": str(commune.pk), "name": "Hộ ông Trần Văn Bình", "recognised_on": "2024-03-01",
            "decision": "45/QĐ-UBND", "source": "Quyết định 45/QĐ-UBND", "verified": "on"}
    data.update(overrides)
    return data


def _sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã xã", "Loại", "Tên", "Ngày công nhận", "Quyết định", "Nguồn", "Đã xác minh"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_model_counts_by_year_commune_and_published_total(territory, can_loc_commune, nghe_an):
    _site(can_loc_commune)
    _site(can_loc_commune, kind="garden", name="Hộ A", recognised_on=datetime.date(2024, 6, 1), verified=False)
    ModelSiteTotal.objects.create(province=territory, kind="village", as_of=datetime.date(2025, 6, 30), count=103,
                                  source="Báo cáo", verified=True)
    counts = model_counts(territory, 2023)
    assert counts["records"] == {"village": 1, "garden": 0} and counts["published"]["village"] is None
    counts = model_counts(territory, 2025)
    assert counts["records"] == {"village": 1, "garden": 1} and counts["verified"] == {"village": 1, "garden": 0}
    assert counts["by_commune"] == {can_loc_commune.pk: {"village": 1, "garden": 1}}
    assert counts["published"]["village"].count == 103 and counts["published"]["garden"] is None
    assert model_counts(nghe_an, 2025)["records"] == {"village": 0, "garden": 0}


def test_commune_page_shows_the_section_labelled_supplementary(client, leader_user, can_loc_commune, catalogue):
    _site(can_loc_commune, name="Thôn Đông")
    client.force_login(leader_user)
    html = client.get(reverse("commune_detail", args=[can_loc_commune.code])).content.decode()
    assert 'id="model-sites"' in html and "Thôn Đông" in html
    assert "Tiêu chí bổ sung của tỉnh" in html and "không phải tiêu chí NTM quốc gia" in html


def test_list_shows_totals_and_records_to_everybody_of_the_province(client, leader_user, territory, can_loc_commune):
    _site(can_loc_commune, name="Thôn Bắc")
    ModelSiteTotal.objects.create(province=territory, kind="garden", as_of=datetime.date(2025, 6, 30), count=1753,
                                  source="Báo cáo giữa năm 2025", verified=True)
    client.force_login(leader_user)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200 and "Thôn Bắc" in html and "1753" in html and "Báo cáo giữa năm 2025" in html
    assert "không phải tiêu chí NTM quốc gia" in html and NEW not in html
    fragment = client.get(LIST, {"kind": "garden"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="sites"' in fragment and "Thôn Bắc" not in fragment


def test_province_staff_add_and_edit_a_record_audited(client, province_user, can_loc_commune):
    client.force_login(province_user)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _post(can_loc_commune))
    assert response.status_code == 302
    site = ModelSite.objects.get()
    assert (site.kind, site.verified, site.commune) == ("garden", True, can_loc_commune)
    assert AuditEvent.objects.get(object_type="communes.modelsite", action=AuditEvent.Action.CREATED).actor == province_user
    response = client.post(reverse("model_site_edit", args=[site.pk]), _post(can_loc_commune, name="Hộ bà Lê Thị Hoa",
                                                                               version=site.version))
    assert response.status_code == 302
    assert ModelSite.objects.get().name == "Hộ bà Lê Thị Hoa"
    stale = client.post(reverse("model_site_edit", args=[site.pk]), _post(can_loc_commune, version=site.version))
    assert stale.status_code == 409


def test_bad_input_is_refused_in_vietnamese(client, province_user, can_loc_commune):
    client.force_login(province_user)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(NEW, _post(can_loc_commune, recognised_on=future, source=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày công nhận không được ở tương lai." in html
    assert not ModelSite.objects.exists()


def test_access_rules(client, can_loc_commune, district_user, leader_user, other_province_user):
    site = _site(can_loc_commune)
    edit = reverse("model_site_edit", args=[site.pk])
    assert client.get(LIST).status_code == 302 and client.get(NEW).status_code == 302
    for user in (district_user, leader_user):
        client.force_login(user)
        assert client.get(NEW).status_code == 403 and client.get(edit).status_code == 403
        assert client.get(IMPORT).status_code == 403
    client.force_login(other_province_user)
    assert client.get(edit).status_code == 404


def test_list_query_count_is_flat(client, leader_user, can_loc_commune, django_assert_max_num_queries):
    for n in range(30):
        _site(can_loc_commune, name=f"Thôn {n}")
    client.force_login(leader_user)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200


def test_import_checks_every_row_then_writes_all_on_confirmation(client, province_user, can_loc_commune):
    client.force_login(province_user)
    bad = _sheet([[can_loc_commune.code, "khu dân cư", "Thôn Tây", "02/05/2023", "1/QĐ-UBND", "QĐ 1", "có"],
                  ["99999", "nhà", "X", "31/02/2023", "", "", ""]])
    response = client.post(IMPORT, {"file": io.BytesIO(bad)}, format="multipart")
    assert response.status_code == 400
    html = response.content.decode()
    assert "99999" in html and "khu dân cư" in html and "dd/mm/yyyy" in html
    assert not ModelSite.objects.exists()
    good = _sheet([[can_loc_commune.code, "khu dân cư", "Thôn Tây", "02/05/2023", "1/QĐ-UBND", "QĐ 1", "có"],
                   [int(can_loc_commune.code), "vườn mẫu", "Hộ ông Hà", datetime.datetime(2024, 1, 9), "", "QĐ 2", ""]])
    upload = io.BytesIO(good)
    upload.name = "vuon.xlsx"
    response = client.post(IMPORT, {"file": upload})
    assert response.status_code == 200 and not ModelSite.objects.exists()
    token = response.context["token"]
    assert PendingImport.objects.filter(kind="model_sites").count() == 1
    response = client.post(IMPORT, {"action": "confirm", "token": token})
    assert response.status_code == 302
    sites = {s.name: s for s in ModelSite.objects.all()}
    assert sites["Thôn Tây"].verified and not sites["Hộ ông Hà"].verified
    assert sites["Hộ ông Hà"].recognised_on == datetime.date(2024, 1, 9)
    assert AuditEvent.objects.filter(object_type="communes.modelsite", action=AuditEvent.Action.IMPORTED).count() == 2
    assert not PendingImport.objects.filter(kind="model_sites").exists()
    again = client.post(IMPORT, {"file": io.BytesIO(good)})
    assert again.status_code == 400  # the same names again: duplicates, nothing written
    assert ModelSite.objects.count() == 2


def test_demo_stores_the_published_totals_and_marks_the_illustrations(ha_tinh):
    from showcase.demo.communes import demo_model_sites_load

    assert demo_model_sites_load() == "Model villages and gardens: 8 rows added."
    assert demo_model_sites_load() == "Model villages and gardens: 0 rows added."
    counts = model_counts(ha_tinh, 2025)
    assert (counts["published"]["village"].count, counts["published"]["garden"].count) == (103, 1753)
    assert counts["published"]["village"].verified and counts["verified"] == {"village": 0, "garden": 0}
    assert all("Minh hoạ" in s.source and not s.verified for s in ModelSite.objects.all())
