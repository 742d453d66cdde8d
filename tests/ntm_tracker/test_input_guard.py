"""Inputs refused or made plain in one place: control characters (InputGuardMiddleware, 400), text in
Unicode NFC, GSO codes checked before any query, `next` kept on this site (navigation.safe_next)."""

import re
import unicodedata

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territory.models import Commune
from ntm_tracker.access import get_commune_for_user, get_district_for_user, get_province_for_user
from ntm_tracker.models import User
from ntm_tracker.navigation import safe_next
from ntm_tracker.text import has_control, nfc
from tests.factories import make_commune, make_user

REFUSED = "Yêu cầu chứa ký tự điều khiển"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return admin_user


# --- Control characters ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/communes/%00/", "/communes/18%0077/", "/districts/%00/history/", "/dashboard/?province=%00",
    "/targets/?province=%00", "/dashboard/?year=20%0024", "/ocop/?q=a%00b", "/users/?q=%00", "/audit/?unit=%00",
    "/review/?year=%00", "/ocop/?q=%01", "/ocop/?q=%7F", "/ocop/?q=%C2%85", "/ocop/?q=a%09b", "/ocop/?q%00=1",
    "/ocop/producers/new/?next=/%09/evil.example/",
])
def test_a_control_character_in_the_path_or_query_is_a_400_with_a_message(client, admin, url):
    response = client.get(url)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_a_control_character_in_a_form_value_is_a_400_and_nothing_is_saved(client, admin):
    response = client.post(reverse("user_create"), {"username": "moi", "full_name": "Cán\x00bộ", "role": "admin",
                                                    "language": "vi"})
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert not User.objects.filter(username="moi").exists()


def test_a_control_character_refused_before_login_too(client, db):
    assert client.get("/communes/%00/").status_code == 400


def test_tab_and_new_lines_pass_in_a_form_value():
    assert not has_control("Dòng 1\r\nDòng 2\tcột", multiline=True)
    assert has_control("a\tb") and has_control("a\x00b", multiline=True) and has_control("\x85", multiline=True)


# --- NFC ----------------------------------------------------------------------------------------


def test_nfc_leaves_non_text_alone():
    assert nfc(nfd("Cán bộ")) == "Cán bộ" and nfc(12) == 12 and nfc(None) is None


def test_the_user_search_finds_a_name_typed_in_nfd(client, admin):
    make_user(User.Role.ADMIN, username="canbo1", full_name="Cán bộ thử")
    make_user(User.Role.ADMIN, username="khac", full_name="Người khác")
    response = client.get(reverse("user_list"), {"q": nfd("Cán bộ")})
    usernames = [u.username for u in response.context["page"]]
    assert usernames == ["canbo1"]


def test_a_name_posted_in_nfd_is_saved_in_nfc(client, admin):
    response = client.post(reverse("user_create"), {"username": "moi", "full_name": nfd("Nguyễn Thị Hà"),
                                                    "role": "admin", "language": "vi"})
    assert response.status_code == 200
    assert User.objects.get(username="moi").full_name == "Nguyễn Thị Hà"


# --- GSO codes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/communes/abc/", "/communes/1857/", "/communes/185770/", "/districts/44/",
                                 "/provinces/421/", "/dashboard/districts/4431/", "/units/4/recognitions/new/"])
def test_a_code_of_the_wrong_shape_in_the_path_is_404_without_a_query(client, admin, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 404
    assert not [q for q in queries.captured_queries if "communes_" in q["sql"]]


@pytest.mark.parametrize(("getter", "code"), [(get_province_for_user, "4"), (get_province_for_user, "abc"),
                                              (get_district_for_user, "44"), (get_commune_for_user, "1857x"),
                                              (get_commune_for_user, "١٨٥٧٧")])
def test_a_code_of_the_wrong_shape_in_a_query_is_404_without_a_query(admin_user, getter, code,
                                                                     django_assert_num_queries):
    from django.http import Http404

    with django_assert_num_queries(0), pytest.raises(Http404):
        getter(admin_user, code)


def test_a_well_formed_code_still_finds_its_unit(admin_user):
    commune = make_commune()
    assert get_commune_for_user(admin_user, commune.code) == Commune.objects.get(pk=commune.pk)


# --- next ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("next_", "expected"), [
    ("/ocop/products/1/", "/ocop/products/1/"), ("/%5Cevil.example/", "/fallback/"), ("/\\evil.example/", "/fallback/"),
    ("//evil.example/", "/fallback/"), ("https://evil.example/", "/fallback/"), ("/\t/evil.example/", "/fallback/"),
    ("javascript:alert(1)", "/fallback/"), ("http://testserver/ocop/", "http://testserver/ocop/"), ("", "/fallback/"),
])
def test_safe_next_keeps_only_this_site(next_, expected):
    request = RequestFactory().get("/", {"next": next_.replace("%5C", "\\")})
    assert safe_next(request, "/fallback/") == expected


def test_an_http_next_from_an_https_page_is_refused():
    request = RequestFactory().get("/", {"next": "http://testserver/ocop/"}, secure=True)
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_the_producer_form_cancel_link_never_leads_to_another_site(client, db):
    province = make_commune().district.province
    client.force_login(make_user(User.Role.PROVINCE, username="tinh_x", province=province))
    response = client.get("/ocop/producers/new/?next=/%5Cevil.example/")
    cancel = re.search(r'<a href="([^"]*)">Hủy</a>', response.content.decode())
    assert response.status_code == 200 and cancel.group(1) == reverse("ocop_product_list")


# --- Uploaded text ------------------------------------------------------------------------------


def test_uploaded_cells_lose_control_characters_and_come_in_nfc():
    from ntm_tracker.text import clean_text

    assert clean_text(nfd("Cán\x00 bộ\x1b")) == "Cán bộ" and clean_text("a\tb\r\nc") == "a\tb\r\nc"
    assert clean_text(3.5) == 3.5 and clean_text(None) is None


def test_a_nul_in_an_uploaded_user_list_is_dropped_not_a_500(client, admin):
    """PostgreSQL refuses NUL in text: a CSV carrying one must not reach a query with it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.raise_request_exception = False
    upload = SimpleUploadedFile("users.csv", "username,full_name,email,role,unit_code\n"
                                             f"can\x00bo2,{nfd('Cán bộ')}\x00,a@b.vn,admin,\n".encode())
    response = client.post(reverse("user_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "canbo2" in html and "Cán bộ" in html
