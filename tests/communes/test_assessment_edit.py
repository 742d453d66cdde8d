"""Inline editing of one indicator: every role, validation, stale edits, the htmx event."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communes.models import Assessment, CommuneYearResult, Review
from ntm_tracker.models import User
from territory.models import Commune
from tests.factories import make_user


def _url(commune, indicator, year=2024):
    return reverse("assessment_edit", args=[commune.code, indicator.pk, year])


@pytest.fixture
def other_can_loc_commune(can_loc):
    return Commune.objects.filter(district=can_loc, kind="xa").order_by("code")[1]


@pytest.fixture
def nghi_xuan_commune(ha_tinh):
    return Commune.objects.filter(district__code="442", kind="xa").order_by("code").first()


@pytest.mark.parametrize("persona, target, status", [
    ("admin_user", "can_loc_commune", 200),
    ("province_user", "can_loc_commune", 200),
    ("province_user", "nghi_xuan_commune", 200),
    ("district_user", "can_loc_commune", 200),
    ("district_user", "nghi_xuan_commune", 403),
    ("commune_user", "can_loc_commune", 200),
    ("commune_user", "other_can_loc_commune", 403),
    ("leader_user", "can_loc_commune", 403),
    ("other_province_user", "can_loc_commune", 404),
])
def test_edit_access_for_every_role(client, request, ntm_indicator, persona, target, status):
    client.force_login(request.getfixturevalue(persona))
    commune = request.getfixturevalue(target)
    assert client.get(_url(commune, ntm_indicator)).status_code == status
    response = client.post(_url(commune, ntm_indicator), {"value": "90", "version": "0"})
    assert response.status_code == (302 if status == 200 else status)
    assert Assessment.objects.filter(commune=commune).exists() == (status == 200)


def test_anonymous_is_sent_to_login(client, can_loc_commune, ntm_indicator):
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "90", "version": "0"})
    assert response.status_code == 302 and reverse("login") in response.url


def test_htmx_save_returns_the_row_and_the_criterion_and_fires_the_event(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "86,5", "version": "0"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="indicator-{ntm_indicator.pk}"' in html and "86,5" in html and "Đạt" in html
    assert 'id="criterion-2-status"' in html and 'hx-swap-oob="true"' in html
    assert "assessmentSaved" in response["HX-Trigger"]
    assert CommuneYearResult.objects.get(commune=can_loc_commune, year=2024).criteria_total == 19


def test_form_fragment_for_htmx(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    html = client.get(_url(can_loc_commune, ntm_indicator), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'hx-post="' in html and 'name="version"' in html


def test_invalid_value_is_shown_next_to_the_field_in_vietnamese(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "120", "version": "0"},
                           headers={"HX-Request": "true"})
    assert "Tỷ lệ phần trăm phải từ 0 đến 100" in response.content.decode()
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "abc", "version": "0"},
                           headers={"HX-Request": "true"})
    assert "Nhập một số" in response.content.decode()
    assert not Assessment.objects.exists()


def test_stale_edit_is_refused_showing_the_current_value_and_who_saved_it(client, commune_user, province_user, can_loc_commune, ntm_indicator):
    client.force_login(province_user)
    client.post(_url(can_loc_commune, ntm_indicator), {"value": "91", "version": "0"})
    client.force_login(commune_user)
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "70", "version": "0"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Chưa lưu" in html and "91" in html and "tinh" in html
    assert "HX-Trigger" not in response
    assert Assessment.objects.get(commune=can_loc_commune, indicator=ntm_indicator).value == 91


def test_approved_year_cannot_be_edited(client, province_user, can_loc_commune, ntm_indicator):
    Review.objects.create(commune=can_loc_commune, year=2024, state=Review.State.APPROVED)
    client.force_login(province_user)
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "91", "version": "0"},
                           headers={"HX-Request": "true"})
    assert "chỉ được xem" in response.content.decode() and not Assessment.objects.exists()


def test_evidence_is_stored_and_wrong_file_types_refused(client, commune_user, can_loc_commune, ntm_indicator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(commune_user)
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "90", "version": "0", "evidence": bad},
                           headers={"HX-Request": "true"})
    assert "không được phép" in response.content.decode() and not Assessment.objects.exists()
    good = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    client.post(_url(can_loc_commune, ntm_indicator), {"value": "90", "version": "0", "evidence": good})
    saved = Assessment.objects.get()
    assert saved.evidence.name.startswith("evidence/")
    # The commune page links the evidence by its file's name.
    page = client.get(_url(can_loc_commune, ntm_indicator) + "?part=indicator_row", headers={"HX-Request": "true"}).content.decode()
    assert f'{reverse("evidence_download", args=[saved.pk])}">{saved.evidence_filename}</a>' in page
    assert saved.evidence_filename.endswith(".pdf") and "/" not in saved.evidence_filename
    download = client.get(reverse("evidence_download", args=[saved.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    outsider = make_user(User.Role.PROVINCE, province=__import__("tests.factories", fromlist=["make_province"]).make_province(code="99"))
    client.force_login(outsider)
    assert client.get(reverse("evidence_download", args=[saved.pk])).status_code == 404


def test_cancel_returns_the_display_row(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    html = client.get(_url(can_loc_commune, ntm_indicator) + "?part=indicator_row", headers={"HX-Request": "true"}).content.decode()
    assert html.strip().startswith(f'<tr id="indicator-{ntm_indicator.pk}">') and "<form" not in html


def test_without_javascript_the_edit_page_saves_and_redirects(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    page = client.get(_url(can_loc_commune, ntm_indicator))
    assert "<html" in page.content.decode()
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "88", "version": "0"})
    assert response.status_code == 302 and response.url == reverse(
        "criterion_detail", args=[can_loc_commune.code, ntm_indicator.criterion.number]) + f"?year=2024#indicator-{ntm_indicator.pk}"
    page = client.get(response.url)  # the criterion's own page shows what was saved
    assert f'id="indicator-{ntm_indicator.pk}"' in page.content.decode() and "88" in page.content.decode()


def test_a_refused_inline_save_sums_up_its_errors_each_tied_to_its_box(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    response = client.post(_url(can_loc_commune, ntm_indicator), {"value": "120", "note": "x" * 501, "version": "0"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    pk = ntm_indicator.pk
    start = html.index(f'<div class="form-error error-summary" role="alert" id="indicator-{pk}-error-summary">')
    summary = html[start:html.index("</div>", start)]
    # At the top of the form, before the first box; each error a link to its box.
    assert html.index("<form") < start < html.index(f'id="id_value_{pk}"')
    assert "Chưa lưu được: vui lòng sửa các lỗi sau." in summary
    assert f'href="#id_value_{pk}"' in summary and "Tỷ lệ phần trăm phải từ 0 đến 100" in summary
    assert f'href="#id_note_{pk}"' in summary
    for name in ("value", "note"):
        box = re.search(rf'<input[^>]*id="id_{name}_{pk}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in box and f"id_{name}_{pk}_error" in re.search(r'aria-describedby="([^"]+)"', box).group(1)
        assert f'<ul class="errorlist" id="id_{name}_{pk}_error">' in html


def test_a_save_refused_for_the_whole_form_is_in_the_summary(client, province_user, can_loc_commune, ntm_indicator):
    Review.objects.create(commune=can_loc_commune, year=2024, state=Review.State.APPROVED)
    client.force_login(province_user)
    html = client.post(_url(can_loc_commune, ntm_indicator), {"value": "91", "version": "0"},
                       headers={"HX-Request": "true"}).content.decode()
    summary = html[html.index(f'id="indicator-{ntm_indicator.pk}-error-summary"'):]
    assert "chỉ được xem" in summary[:summary.index("</div>")]


def test_a_valid_inline_form_has_no_summary(client, commune_user, can_loc_commune, ntm_indicator):
    client.force_login(commune_user)
    html = client.get(_url(can_loc_commune, ntm_indicator), headers={"HX-Request": "true"}).content.decode()
    assert "error-summary" not in html and f'id="id_value_{ntm_indicator.pk}"' in html
