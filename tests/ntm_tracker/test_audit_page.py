"""The audit page: filters, pagination, fragment, exports of the filtered set."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent

URL = reverse("audit_list")
EXPORT = reverse("audit_export")


def seed(world):
    audit_record(action=AuditEvent.Action.LOGIN, actor=world.users["district"], unit_code="443")
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_name="<script>alert(1)</script>")
    audit_record(action=AuditEvent.Action.CHANGED, actor=world.users["province"], obj=world.commune,
                 unit_code=world.commune.code, changes={"note": ["", "=HYPERLINK(\"x\")"]}, reason="Sửa số liệu")
    old = audit_record(action=AuditEvent.Action.LOGIN, actor=world.users["leader"], unit_code="42")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))


def test_audit_page_lists_who_did_what_when_and_from_where(client, world):
    seed(world)
    client.force_login(world.users["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "huyen" in html and "Sửa số liệu" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_filters_by_user_action_date_and_unit(client, world):
    seed(world)
    client.force_login(world.users["admin"])

    def names(**params):
        return [e.actor_name for e in client.get(URL, params).context["page"]]

    assert names(user="huyen") == ["huyen"]
    assert names(action="login_failed") == ["<script>alert(1)</script>"]
    by_unit = client.get(URL, {"unit": world.commune.code}).context["page"]
    assert {e.unit_code for e in by_unit} == {world.commune.code} and "tinh" in [e.actor_name for e in by_unit]
    today = timezone.localdate()
    assert "lanhdao" not in names(date_from=today.isoformat())
    assert names(date_to=(today - datetime.timedelta(days=30)).strftime("%d/%m/%Y")) == ["lanhdao"]


def test_bad_date_range_gets_a_vietnamese_message(client, world):
    client.force_login(world.users["admin"])
    html = client.get(URL, {"date_from": "2024-05-02", "date_to": "2024-05-01"}).content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu." in html


def test_htmx_request_gets_only_the_results(client, world):
    seed(world)
    client.force_login(world.users["admin"])
    response = client.get(URL, {"action": "login"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and 'id="audit-results"' in response.content.decode()


def test_csv_export_holds_the_filtered_events_safe_for_excel(client, world):
    seed(world)
    client.force_login(world.users["admin"])
    response = client.get(EXPORT, {"user": "tinh", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["time", "user", "ip_address", "action"]
    assert len(rows) == 2 and rows[1][1] == "tinh" and rows[1][9] == "Sửa số liệu"
    assert rows[1][8].startswith('{"note"')


def test_xlsx_export_holds_the_filtered_events(client, world):
    seed(world)
    client.force_login(world.users["admin"])
    response = client.get(EXPORT, {"action": "login", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # force_login is a login too.
    assert sorted(row[1] for row in rows[1:]) == ["admin", "huyen", "lanhdao"]


def test_formula_like_values_are_neutralised_in_exports(client, world):
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, actor_name="=cmd|' /C calc'!A0")
    client.force_login(world.users["admin"])
    sheet = load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx", "action": "login_failed"}).content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"  # text, not a formula
    csv_text = b"".join(client.get(EXPORT, {"action": "login_failed"}).streaming_content).decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text


def test_audit_page_is_for_administrators_only(client, world):
    for persona in ("province", "leader", "district"):
        client.force_login(world.users[persona])
        assert client.get(URL).status_code == 403
        assert client.get(EXPORT).status_code == 403
    client.logout()
    assert reverse("login") in client.get(URL).url


def test_query_count_does_not_grow_with_the_number_of_events(client, world, django_assert_num_queries):
    seed(world)
    client.force_login(world.users["admin"])
    client.get(URL)
    with django_assert_num_queries(4) as first:
        client.get(URL)
    for n in range(60):
        audit_record(action=AuditEvent.Action.LOGIN, actor=world.users["commune"], unit_code=world.commune.code)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"]) == 50 and response.context["page"].paginator.num_pages == 2


def test_changes_read_as_a_person_reads_them(client, admin_user):
    """Labels, not field names; "Đạt → Không đạt", not "True → —"; choices by label, dates as
    dd/mm/yyyy, numbers in the Vietnamese format, files by name, "—" only for an empty value."""
    AuditEvent.objects.create(action=AuditEvent.Action.CHANGED, actor_name="tinh", object_type="communes.assessment",
                              changes={"met": [True, False], "value": ["1234.50", "90.00"], "note": ["", "0"],
                                       "evidence": ["", "evidence/2024/bien-ban.pdf"]})
    AuditEvent.objects.create(action=AuditEvent.Action.WORKFLOW, actor_name="tinh", object_type="communes.review",
                              changes={"state": ["draft", "submitted"]})
    AuditEvent.objects.create(action=AuditEvent.Action.CHANGED, actor_name="tinh", object_type="communes.recognition",
                              changes={"decision_date": [None, "2024-03-01"], "standard_year": [2023, 2024]})
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    for line in ("Đạt:</span> Đạt → <strong>Không đạt</strong>", "Giá trị:</span> 1.234,5 → <strong>90</strong>",
                 "Ghi chú:</span> — → <strong>0</strong>", "Minh chứng:</span> — → <strong>bien-ban.pdf</strong>",
                 "Trạng thái:</span> Bản nháp → <strong>Đã gửi</strong>",
                 "Ngày quyết định:</span> — → <strong>01/03/2024</strong>", "→ <strong>2024</strong>"):
        assert line in html
    assert "True" not in html and "submitted" not in html and "decision_date" not in html
