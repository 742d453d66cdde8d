"""Bulk creation of users from .csv / .xlsx: dry run with row errors, then all or nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ntm_tracker.models import AuditEvent, User

URL = reverse("user_import")
HEADER = "username,full_name,email,role,unit_code"


def csv_file(*lines, name="users.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig"), content_type="text/csv")


GOOD = [
    "huyen_nx,Cán bộ Nghi Xuân,nx@example.vn,district,442",
    "xa_moi,Cán bộ xã,,Cán bộ xã,{commune}",
    "lanhdao_huyen,Lãnh đạo huyện,,leader,443",
]


def good_lines(world):
    return [line.format(commune=world.commune.code) for line in GOOD]


def test_dry_run_writes_nothing_and_offers_to_confirm(client, world):
    client.force_login(world.users["admin"])
    response = client.post(URL, {"file": csv_file(*good_lines(world))})
    assert response.status_code == 200
    assert "Cả 3 dòng đều đúng. Chưa có gì được ghi." in response.content.decode()
    assert not User.objects.filter(username__in=["huyen_nx", "xa_moi", "lanhdao_huyen"]).exists()
    payload = response.context["token"]
    confirmed = client.post(URL, {"token": payload})
    assert confirmed.status_code == 200
    created = {u.username: u for u in User.objects.filter(username__in=["huyen_nx", "xa_moi", "lanhdao_huyen"])}
    assert created["huyen_nx"].district.code == "442" and created["xa_moi"].commune == world.commune
    assert created["lanhdao_huyen"].role == "leader" and created["lanhdao_huyen"].district.code == "443"
    assert all(u.must_change_password for u in created.values())
    rows = confirmed.context["report"].rows
    assert all(created[row.values["username"]].check_password(row.password) for row in rows)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.USER_CREATED).count() == 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORTED).count() == 1


def test_one_bad_row_means_nothing_is_imported_and_every_error_is_listed(client, world):
    client.force_login(world.users["admin"])
    lines = good_lines(world) + [
        "huyen,Trùng tên,,district,443",           # exists already
        "sai vai tro,Tên,,thu ky,443",               # bad username, unknown role
        "tinh2,Tên,,province,443",                   # a district code for province staff
        "xa3,Tên,email-sai,commune,99999",           # bad e-mail, unknown unit
        "huyen_nx,Lặp,,district,442",                # twice in the file
    ]
    response = client.post(URL, {"file": csv_file(*lines)})
    html = response.content.decode()
    assert "5 dòng có lỗi: không có gì được nhập." in html
    for message in ("Đã có người dùng với tên đăng nhập này.", "Vai trò “thu ky” không tồn tại.",
                    "Cán bộ tỉnh cần được gán một tỉnh.", "Địa chỉ email không hợp lệ.",
                    "Không có đơn vị nào có mã GSO “99999”.", "Tên đăng nhập xuất hiện hai lần trong tệp."):
        assert message in html, message
    assert response.context["token"] is None
    assert not User.objects.filter(username="huyen_nx").exists()


def test_xlsx_files_are_read(client, world):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["tinh_moi", "Cán bộ tỉnh mới", None, "province", "42"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("users.xlsx", buffer.getvalue())
    response = client.post(URL, {"file": upload})
    assert response.context["report"].ok
    client.post(URL, {"token": response.context["token"]})
    assert User.objects.get(username="tinh_moi").province == world.province


def test_semicolon_csv_from_excel_is_read(client, world):
    content = "username;full_name;email;role;unit_code\ntinh_moi;Cán bộ;;province;42\n".encode("utf-8-sig")
    client.force_login(world.users["admin"])
    response = client.post(URL, {"file": SimpleUploadedFile("users.csv", content)})
    assert response.context["report"].ok


def test_unreadable_files_get_a_message(client, world):
    client.force_login(world.users["admin"])
    cases = [
        (SimpleUploadedFile("users.txt", b"x"), "Vui lòng tải lên tệp .csv hoặc .xlsx."),
        (SimpleUploadedFile("users.xlsx", b"not a zip"), "Tệp không phải bảng tính .xlsx đọc được."),
        (SimpleUploadedFile("users.csv", "tên,họ\n".encode("cp1258", errors="ignore") + b"\xff\xfe"), "UTF-8"),
        (SimpleUploadedFile("users.csv", b"username,role\nabc,leader\n"), "Thiếu cột: full_name, email, unit_code."),
    ]
    for upload, message in cases:
        response = client.post(URL, {"file": upload})
        assert response.status_code == 400
        assert message in response.content.decode(), message


def test_a_forged_or_foreign_confirmation_is_refused(client, world):
    before = User.objects.count()
    client.force_login(world.users["admin"])
    client.raise_request_exception = False
    assert client.post(URL, {"token": "[]:forged"}).status_code == 404
    assert client.post(URL, {"token": "6f1d0c0e-2b1a-4d8e-9a51-3c2f0f4b7a10"}).status_code == 302  # gone or expired
    other = User.objects.create_superuser("quantri2", password="x")
    client.force_login(other)
    token = client.post(URL, {"file": csv_file(*good_lines(world))}).context["token"]
    client.force_login(world.users["admin"])
    assert client.post(URL, {"token": token}).status_code == 404
    assert User.objects.count() == before + 1  # quantri2 only


def test_the_preview_is_staged_and_removed_once_confirmed(client, world):
    from ntm_tracker.models import PendingImport

    client.force_login(world.users["admin"])
    token = client.post(URL, {"file": csv_file(*good_lines(world))}).context["token"]
    assert PendingImport.objects.get(token=token).kind == "users"
    assert client.post(URL, {"token": token}).context["report"].created
    assert not PendingImport.objects.exists()


def test_rows_are_checked_again_at_confirmation(client, world):
    client.force_login(world.users["admin"])
    payload = client.post(URL, {"file": csv_file(*good_lines(world))}).context["token"]
    User.objects.create(username="xa_moi", role="leader", province=world.province)  # created meanwhile
    response = client.post(URL, {"token": payload})
    assert not response.context["report"].created
    assert not User.objects.filter(username="huyen_nx").exists()


def test_temporary_passwords_get_the_full_hash_at_first_login(client, world):
    from django.contrib.auth.hashers import get_hasher
    client.force_login(world.users["admin"])
    payload = client.post(URL, {"file": csv_file(*good_lines(world))}).context["token"]
    row = client.post(URL, {"token": payload}).context["report"].rows[0]
    user = User.objects.get(username=row.values["username"])
    assert get_hasher().must_update(user.password)  # light hash: the password is random
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": row.password})
    user.refresh_from_db()
    assert not get_hasher().must_update(user.password) and user.check_password(row.password)
