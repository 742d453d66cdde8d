"""One renderer draws every form: an error summary at the top linking to each field in error, and
each error tied to its input by aria-describedby (issue 14, item 9)."""

import re

from django.urls import reverse

from tests.factories import make_product


def _post_invalid_certificate(client, province_user, commune):
    product = make_product(commune)
    client.force_login(province_user)
    response = client.post(reverse("ocop_certificate_create", args=[product.pk]),
                           {"stars": 2, "issuer": "district", "decision_number": "", "decision_date": "2999-01-01"})
    assert response.status_code == 400
    return response.content.decode()


def test_a_form_that_did_not_save_opens_with_a_summary_linking_to_each_field(client, province_user, can_loc_commune):
    html = _post_invalid_certificate(client, province_user, can_loc_commune)
    summary = html[html.index('class="form-error error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert 'role="alert"' in html[html.index('<div class="form-error error-summary"'):][:120]
    assert "Chưa lưu được: vui lòng sửa các lỗi sau." in summary
    for field in ("stars", "decision_number", "decision_date"):
        assert f'href="#id_{field}"' in summary
    assert "Ngày quyết định không được ở tương lai." in summary
    # The summary comes before the first field.
    assert html.index("error-summary") < html.index('id="id_stars"')


def test_each_field_error_is_tied_to_its_input(client, province_user, can_loc_commune):
    html = _post_invalid_certificate(client, province_user, can_loc_commune)
    for field in ("stars", "decision_number", "decision_date"):
        widget = re.search(rf'<(?:input|select)[^>]*id="id_{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in widget
        described = re.search(r'aria-describedby="([^"]+)"', widget).group(1).split()
        assert f"id_{field}_error" in described
        assert f'<ul class="errorlist" id="id_{field}_error">' in html


def test_a_valid_form_has_no_summary(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    client.force_login(province_user)
    html = client.get(reverse("ocop_certificate_create", args=[product.pk])).content.decode()
    assert "error-summary" not in html and 'id="id_stars"' in html


def test_the_login_form_sums_up_its_errors_and_ties_them_to_the_inputs(client, db):
    from django.urls import reverse

    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    summary = html[html.index('id="login-error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert 'role="alert"' in html and 'href="#id_username"' in summary and 'href="#id_password"' in summary
    assert 'aria-invalid="true" aria-describedby="id_username_error"' in html
    assert 'id="id_password_error"' in html
    # Wrong credentials: the summary says so, without a field to point at.
    html = client.post(reverse("login"), {"username": "khong-co", "password": "sai"}).content.decode()
    assert 'id="login-error-summary"' in html and "Chưa đăng nhập được:" in html


def test_the_catalogue_headings_are_in_sentence_case(client, admin_user, catalogue):
    from django.urls import reverse

    client.force_login(admin_user)
    html = client.get(reverse("criteria_catalogue")).content.decode()
    assert '<th scope="col">Phạm vi</th>' in html and '<th scope="col">Mức</th>' in html
