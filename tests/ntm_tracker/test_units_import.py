"""The unit list import in the browser: upload → dry-run report → confirm, all or nothing, bad
files refused with a Vietnamese message naming the row."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ntm_tracker.models import AuditEvent, PendingImport, User
from territory.models import Commune, CommuneLineage, District
from tests.factories import make_user

URL = "/units/import/"
NSO = "Tỉnh Thành Phố,Mã TP,Phường Xã,Mã PX,Cấp\n"


def csv_file(text: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload(client, units, lineage=None, effective="2025-07-01", **extra):
    data = {"file": units, "effective": effective, "resolution": "1665/NQ-UBTVQH15", "province": "42", **extra}
    if lineage is not None:
        data["lineage"] = lineage
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="vi")


def merger_list():
    # The tiny Hà Tĩnh: Thiên Lộc 18415 and the township Nghèn 18406 become Xã Can Lộc 18406.
    return csv_file(NSO + "Tỉnh Hà Tĩnh,42,Xã Can Lộc,18406,xã\nTỉnh Hà Tĩnh,42,Xã Thuần Thiện,18418,XÃ\n"
                          "Tỉnh Hà Tĩnh,42,Xã Xuân Hội,18355,Xã\n")


def test_the_url_is_reversed():
    assert reverse("units_import") == URL


def test_upload_shows_the_dry_run_then_confirm_writes_it(client, admin_user, territory):
    client.force_login(admin_user)
    lineage = csv_file("old,new,partial\n18415,18406,không\n", "lineage.csv")
    response = upload(client, merger_list(), lineage)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and report.closed == ["18415"] and "18406" in report.renamed
    assert Commune.objects.get(code="18415").valid_to is None  # nothing written yet
    html = response.content.decode()
    assert "Xã chấm dứt hoạt động" in html and "chưa ghi gì" in html
    token = response.context["token"]
    response = client.post(URL, {"token": token}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200 and response.context["done"]
    assert Commune.objects.get(code="18415").valid_to == datetime.date(2025, 6, 30)
    assert Commune.objects.get(code="18406").district_id is None
    assert not District.objects.filter(province=territory, valid_to__isnull=True).exists()
    link = CommuneLineage.objects.get()
    assert (link.predecessor.code, link.successor.code, link.resolution) == ("18415", "18406", "1665/NQ-UBTVQH15")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED, actor=admin_user).exists()
    assert not PendingImport.objects.exists()
    # The same token again: gone.
    assert client.post(URL, {"token": token}).status_code == 302


def test_without_a_lineage_file_the_reform_date_takes_the_official_table(client, admin_user, territory):
    client.force_login(admin_user)
    response = upload(client, merger_list())
    assert response.status_code == 200
    payload = response.context["payload"]
    links = [tuple(link) for link in payload["lineage"]]
    assert (0, "18415", "18406", False) in links
    # Links to codes in neither list (Xuân Hội 18355 → 18364, not in this list) are left out and said so.
    assert (0, "18355", "18364", False) not in links and payload["left_out"] >= 1
    assert "bảng chuyển đổi chính thức" in response.content.decode()
    assert response.context["report"].closed == ["18415"]


def test_an_xlsx_list_is_read_too(client, admin_user, territory):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tỉnh Thành Phố", "Mã TP", "Phường Xã", "Mã PX", "Cấp"])
    for row in (["Tỉnh Hà Tĩnh", "42", "Xã Can Lộc", 18406, "xã"], ["Tỉnh Hà Tĩnh", "42", "Xã Thuần Thiện", "18418", "xã"],
                ["Tỉnh Hà Tĩnh", "42", "Xã Xuân Hội", "18355", "xã"]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(admin_user)
    response = upload(client, SimpleUploadedFile("list.xlsx", buffer.getvalue()), effective="2025-07-01")
    assert response.status_code == 200 and response.context["report"].closed == ["18415"]


def test_bad_files_are_refused_in_vietnamese_naming_the_row_and_nothing_is_written(client, admin_user, territory):
    client.force_login(admin_user)
    duplicate = csv_file(NSO + "Tỉnh Hà Tĩnh,42,Xã A,18406,xã\nTỉnh Hà Tĩnh,42,Xã B,18406,xã\n")
    response = upload(client, duplicate)
    assert response.status_code == 400 and "Dòng 3" in response.content.decode()
    latin1 = SimpleUploadedFile("list.csv", (NSO + "Tỉnh Hà Tĩnh,42,Xã Cà,18406,xã\n").encode("cp1258", "replace")
                                .replace(b"\xe0", b"\xe0\xff"))
    response = upload(client, latin1)
    assert response.status_code == 400 and "UTF-8" in response.content.decode()
    lineage = csv_file("old,new,partial\n77777,18406,không\n", "lineage.csv")
    response = upload(client, merger_list(), lineage)
    assert response.status_code == 400 and "77777" in response.content.decode()
    cycle = csv_file("old,new,partial\n18418,18406,không\n18406,18418,không\n", "lineage.csv")
    assert "vòng lặp" in upload(client, merger_list(), cycle).content.decode()
    assert not Commune.objects.filter(valid_to__isnull=False).exists()
    assert not CommuneLineage.objects.exists() and not PendingImport.objects.exists()


def test_only_administrators(client, province_user, territory):
    assert client.get(URL).status_code == 302
    client.force_login(province_user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"effective": "2025-07-01"}).status_code == 403


def test_another_administrators_token_is_404(client, admin_user, territory):
    client.force_login(admin_user)
    token = upload(client, merger_list()).context["token"]
    client.force_login(make_user(User.Role.ADMIN, username="admin2"))
    assert client.post(URL, {"token": token}).status_code == 404
    assert Commune.objects.get(code="18415").valid_to is None


def test_the_form_page_keeps_a_flat_query_count(client, admin_user, territory, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(4):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Nhập danh mục đơn vị hành chính" in response.content.decode()
