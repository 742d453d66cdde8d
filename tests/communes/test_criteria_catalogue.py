"""The catalogue page: sets with their counts; upload → preview → confirm (administrators only);
export and template downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communes.models import CriteriaSet, Threshold
from communes.services.catalogue import COMMUNE_SET, catalogue_load
from communes.services.criteria_loading import criteria_file, criteria_rows
from communes.services.criteria_reading import COLUMNS, criteria_read
from ntm_tracker.models import AuditEvent, User
from tests.factories import make_province, make_user

URL = "/catalogue/"


@pytest.fixture
def admin(db):
    catalogue_load()
    return make_user(User.Role.ADMIN, is_staff=True, is_superuser=True)


def _changed_file(value="77") -> bytes:
    rows = criteria_rows(CriteriaSet.objects.get(code=COMMUNE_SET))
    for row in rows:
        if row[0] == "threshold" and row[COLUMNS.index("indicator_code")] == "2.2":
            row[COLUMNS.index("value")] = value
    return criteria_file(rows, xlsx=True)


def test_the_page_lists_the_sets_with_counts_and_verified_share(client, admin, django_assert_num_queries):
    client.force_login(admin)
    client.get(URL)  # the session and user
    with django_assert_num_queries(6):  # session, user, sets, criteria, indicators, thresholds counts
        response = client.get(URL)
    assert response.status_code == 200 and reverse("criteria_catalogue") == URL
    rows = {s.criteria_set.code: s for s in response.context["sets"]}
    assert (rows[COMMUNE_SET].criteria, rows[COMMUNE_SET].indicators) == (19, 55)
    assert rows[COMMUNE_SET].verified_share < 1
    assert "unverified rows" in response.content.decode() or "chưa đối chiếu" in response.content.decode()


def test_upload_preview_then_confirm_loads_the_file_and_audits(client, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)
    response = client.post(URL, {"file": SimpleUploadedFile("bo.xlsx", _changed_file())})
    assert response.status_code == 200
    result, token = response.context["result"], response.context["token"]
    assert result.dry_run and any("2.2" in change for change in result.changes) and token
    assert not Threshold.objects.filter(indicator__code="2.2", value=77).exists()  # nothing written yet

    response = client.post(URL, {"token": token, "fmt": "xlsx"})

    assert response.status_code == 302
    assert Threshold.objects.filter(indicator__code="2.2", value=77).exists()
    assert AuditEvent.objects.filter(object_type="communes.criteriaset", actor=admin).exists()
    assert not list((tmp_path / "criteria-uploads").iterdir())


def test_a_bad_file_shows_the_rows_in_vietnamese_and_offers_no_confirm(client, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)
    data = "record,set_code\nset,x\n".encode()
    response = client.post(URL, {"file": SimpleUploadedFile("bo.csv", data)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.context["errors"] and not response.context["token"]
    assert "Thiếu cột" in response.content.decode()


def test_other_file_types_are_refused(client, admin):
    client.force_login(admin)
    response = client.post(URL, {"file": SimpleUploadedFile("bo.pdf", b"%PDF")})
    assert response.context["form"].errors and response.context["result"] is None


def test_a_forged_token_is_not_found(client, admin):
    client.force_login(admin)
    assert client.post(URL, {"token": "../../etc/passwd", "fmt": "csv"}).status_code == 404
    assert client.post(URL, {"token": "00000000-0000-0000-0000-000000000000", "fmt": "exe"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [User.Role.PROVINCE, User.Role.LEADER])
def test_only_administrators_load_files(client, role):
    client.force_login(make_user(role, province=make_province()))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": SimpleUploadedFile("bo.csv", b"x")}).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    for url in (URL, reverse("criteria_template", args=["csv"])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_and_template_download_in_the_layout_for_anyone_logged_in(client, admin, fmt):
    client.force_login(make_user(User.Role.LEADER, province=make_province()))
    response = client.get(reverse("criteria_set_export", args=[COMMUNE_SET, fmt]))
    assert response.status_code == 200 and f"{COMMUNE_SET}.{fmt}" in response["Content-Disposition"]
    sets = criteria_read(io.BytesIO(response.content), f"x.{fmt}")
    assert [(s.code, len(s.criteria), len(s.indicators)) for s in sets] == [(COMMUNE_SET, 19, 55)]
    assert client.get(reverse("criteria_template", args=[fmt])).status_code == 200
    assert client.get(reverse("criteria_set_export", args=["khong-co", fmt])).status_code == 404
    assert client.get(reverse("criteria_template", args=["exe"])).status_code == 404
