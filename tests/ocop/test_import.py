import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ntm_tracker.models import AuditEvent, PendingImport
from ocop.imports import COLUMNS
from ocop.models import Certificate, Evaluation, Producer, Product

URL = reverse("ocop_import")
HEADER = [h for _k, h in COLUMNS]


def row(**values):
    base = {"product": "Kẹo cu đơ Thiên Lộc", "group": "Thực phẩm", "subgroup": "Thực phẩm chế biến",
            "commune": "", "producer": "HTX Cu đơ Thiên Lộc", "producer_kind": "Hợp tác xã (HTX)", "markets": "",
            "year": 2023, "round": 1, "council": "Hội đồng cấp huyện", "score_a": 25, "score_b": 15.5, "score_c": 20,
            "stars": 3, "decision_number": "501/QĐ-UBND", "decision_date": "15/06/2023"}
    base.update(values)
    return [base[key] for key, _h in COLUMNS]


def xlsx(*rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ocop.xlsx", buffer.getvalue())


def counts():
    return (Producer.objects.count(), Product.objects.count(), Evaluation.objects.count(), Certificate.objects.count())


def test_dry_run_then_confirm_imports_products_evaluations_and_certificates(client, province_user, can_loc_commune, ha_tinh):
    huong_son = ha_tinh.districts.get(code="439").communes.first()
    client.force_login(province_user)
    upload = xlsx(row(commune=can_loc_commune.code),
                  row(commune=huong_son.code, product="Nhung hươu Hương Sơn", producer="Công ty Nhung hươu",
                      producer_kind="Doanh nghiệp", group="herbal", subgroup="Thuốc từ dược liệu", markets="KR, Nhật Bản",
                      council="province", score_a=32, score_b=20, score_c=25.25, stars=4,
                      decision_number="77/QĐ-UBND", decision_date="01/09/2023"),
                  row(commune=can_loc_commune.code, year=2021, score_a=20, score_b=15, score_c=16, stars=3,
                      decision_number="12/QĐ-UBND", decision_date="10/03/2021"))
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200 and response.context["report"].ok
    assert counts() == (0, 0, 0, 0)  # the preview writes nothing
    assert "Xác nhận nhập dữ liệu" in response.content.decode()
    token = response.context["token"]
    assert PendingImport.objects.get(token=token).owner == province_user
    assert "ocop_import" not in client.session  # the upload is staged in the table, not the session
    response = client.post(URL, {"action": "confirm", "token": token})
    assert response.status_code == 302 and not PendingImport.objects.exists()
    assert counts() == (2, 2, 3, 3)
    candy = Product.objects.get(name="Kẹo cu đơ Thiên Lộc")
    assert candy.current_certificate.decision_number == "501/QĐ-UBND"
    assert candy.certificates.get(decision_number="12/QĐ-UBND").superseded
    antler = Product.objects.get(name="Nhung hươu Hương Sơn")
    assert sorted(m.code for m in antler.export_markets.all()) == ["JP", "KR"]
    assert antler.current_certificate.stars == 4 and antler.current_certificate.issuer_code == "42"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED, unit_code=can_loc_commune.code).count() == 2


def test_every_row_error_is_listed_and_nothing_is_written(client, province_user, can_loc_commune):
    client.force_login(province_user)
    code = can_loc_commune.code
    upload = xlsx(
        row(commune=code),  # valid
        row(commune=code, product="Chè A", score_a=45, decision_number="2/QĐ"),
        row(commune=code, product="Chè B", stars=2, decision_number="3/QĐ", score_a=10, score_b=10, score_c=15),
        row(commune=code, product="Chè C", decision_date="01/01/2999", decision_number="4/QĐ"),
        row(commune=code, product="Chè D", decision_date="20/06/2023"),  # row 2's decision, another date
        row(commune="99999", product="Chè E", group="Máy móc", decision_date="32/13/2023"),
        row(commune=code, product="Chè F", score_b="mười", markets="Sao Hỏa"),
        row(commune=code, product="", producer=""),
    )
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["report"].errors}
    assert errors >= {(3, "Điểm A"), (4, "Số sao"), (5, "Ngày quyết định"), (6, "Số quyết định"), (7, "Mã xã"),
                      (7, "Nhóm sản phẩm"), (7, "Ngày quyết định"), (8, "Điểm B"), (8, "Thị trường xuất khẩu"),
                      (9, "Tên sản phẩm"), (9, "Chủ thể")}
    html = response.content.decode()
    assert "Điểm phần A phải từ 0 đến 40." in html and "Ngày quyết định không được ở tương lai." in html
    assert "Không có xã nào mang mã 99999" in html and "Tệp có lỗi: chưa ghi dữ liệu nào" in html
    assert counts() == (0, 0, 0, 0)
    assert response.context["token"] == "" and not PendingImport.objects.exists()  # nothing staged to confirm
    assert counts() == (0, 0, 0, 0)


def test_a_file_that_is_not_a_workbook_or_lacks_columns_is_refused(client, province_user):
    client.force_login(province_user)
    response = client.post(URL, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert response.status_code == 400 and "Tệp không phải bảng tính .xlsx đọc được" in response.content.decode()
    response = client.post(URL, {"file": xlsx(["Tên sản phẩm"], header=["Tên sản phẩm"])})
    assert response.status_code == 400 and "Dòng đầu tiên thiếu các cột" in response.content.decode()


def test_district_staff_cannot_import_other_districts_or_4_star_certificates(client, district_user, can_loc_commune, ha_tinh):
    other = ha_tinh.districts.get(code="439").communes.first()
    client.force_login(district_user)
    response = client.post(URL, {"file": xlsx(row(commune=other.code), row(commune=can_loc_commune.code, council="province",
                                                                          score_a=30, score_b=20, score_c=25, stars=4))})
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(2, "Mã xã"), (3, "Số sao")]
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("persona", ["leader_user", "commune_user"])
def test_readers_cannot_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL, {"file": xlsx(row())}).status_code == 403


def test_anonymous_is_sent_to_login(client, ha_tinh):
    assert client.get(URL).status_code == 302


def test_template_download_has_the_headers(client, province_user):
    from openpyxl import load_workbook

    client.force_login(province_user)
    response = client.get(reverse("ocop_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER


@pytest.mark.parametrize("score", ["NaN", "sNaN", "Infinity", "-Infinity", "1e400", "1e3"])
def test_a_score_that_is_no_number_is_a_message_not_a_500(client, province_user, can_loc_commune, score):
    """Issue 13, item 4."""
    client.force_login(province_user)
    response = client.post(URL, {"file": xlsx(row(commune=can_loc_commune.code, score_a=score))})
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(2, "Điểm A")]
    assert counts() == (0, 0, 0, 0)


def test_a_year_far_out_of_range_is_a_message(client, province_user, can_loc_commune):
    client.force_login(province_user)
    response = client.post(URL, {"file": xlsx(row(commune=can_loc_commune.code, year="1e400"))})
    assert response.status_code == 400 and [e.column for e in response.context["report"].errors] == ["Năm đánh giá"]


def test_another_users_staged_file_cannot_be_confirmed(client, province_user, admin_user, can_loc_commune):
    client.force_login(province_user)
    token = client.post(URL, {"file": xlsx(row(commune=can_loc_commune.code))}).context["token"]
    client.force_login(admin_user)
    client.raise_request_exception = False
    assert client.post(URL, {"action": "confirm", "token": token}).status_code == 404
    assert counts() == (0, 0, 0, 0)
