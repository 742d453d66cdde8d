import datetime

import pytest
from django.urls import reverse

from ntm_tracker.models import AuditEvent
from ocop.models import Evaluation, Product
from tests.factories import make_certificate, make_evaluation, make_producer, make_product


@pytest.fixture
def huong_son_commune(ha_tinh):
    return ha_tinh.districts.get(code="439").communes.order_by("code").first()


def product_data(producer, commune, **overrides):
    data = {"name": "Kẹo cu đơ Thiên Lộc", "producer": producer.pk, "group": "food", "subgroup": "processed",
            "commune": commune.pk, "description": ""}
    data.update(overrides)
    return data


def test_province_staff_create_a_product_and_the_change_is_audited(client, province_user, can_loc_commune):
    producer = make_producer(can_loc_commune)
    client.force_login(province_user)
    response = client.post(reverse("ocop_product_create"), product_data(producer, can_loc_commune, export_markets=[]))
    product = Product.objects.get(name="Kẹo cu đơ Thiên Lộc")
    assert response.status_code == 302 and response.url == reverse("ocop_product_detail", args=[product.pk])
    event = AuditEvent.objects.get(object_type="ocop.product", object_id=str(product.pk))
    assert event.action == AuditEvent.Action.CREATED and event.unit_code == can_loc_commune.code
    assert event.actor == province_user and event.changes["name"] == [None, "Kẹo cu đơ Thiên Lộc"]


def test_district_staff_edit_their_district_products_only(client, district_user, can_loc_commune, huong_son_commune):
    own = make_product(can_loc_commune)
    other = make_product(huong_son_commune)
    client.force_login(district_user)
    assert client.get(reverse("ocop_product_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("ocop_product_edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("ocop_evaluation_create", args=[other.pk])).status_code == 403
    assert client.get(reverse("ocop_certificate_create", args=[other.pk])).status_code == 403
    # the commune list of the form holds only the district's communes
    form = client.get(reverse("ocop_product_create")).context["form"]
    assert [value for value, _label in form.fields["export_markets"].choices if not value] == []
    assert {c.district_id for c in form.fields["commune"].queryset} == {can_loc_commune.district_id}
    response = client.post(reverse("ocop_product_create"), product_data(make_producer(can_loc_commune), huong_son_commune))
    assert response.status_code == 400 and not Product.objects.filter(commune=huong_son_commune, name="Kẹo cu đơ Thiên Lộc").exists()


@pytest.mark.parametrize("persona", ["leader_user", "commune_user"])
def test_readers_cannot_edit(client, request, persona, can_loc_commune):
    product = make_product(can_loc_commune)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("ocop_product_detail", args=[product.pk])).status_code == 200
    for url in (reverse("ocop_product_edit", args=[product.pk]), reverse("ocop_product_create"),
                reverse("ocop_producer_create"), reverse("ocop_evaluation_create", args=[product.pk]),
                reverse("ocop_import")):
        assert client.get(url).status_code == 403, url


def test_other_province_staff_get_404(client, other_province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    evaluation = make_evaluation(product)
    client.force_login(other_province_user)
    assert client.get(reverse("ocop_product_edit", args=[product.pk])).status_code == 404
    assert client.get(reverse("ocop_evaluation_edit", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("ocop_producer_edit", args=[product.producer.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, can_loc_commune):
    response = client.get(reverse("ocop_product_create"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_evaluation_out_of_range_is_explained(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    client.force_login(province_user)
    response = client.post(reverse("ocop_evaluation_create", args=[product.pk]), {
        "year": 2023, "round": 1, "council": "district", "score_a": "40.5", "score_b": "26", "score_c": "-1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Điểm phần A phải từ 0 đến 40." in html and "Điểm phần B phải từ 0 đến 25." in html
    assert "Điểm phần C phải từ 0 đến 35." in html
    assert not Evaluation.objects.exists()


def test_evaluation_is_saved_with_its_band(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    client.force_login(province_user)
    response = client.post(reverse("ocop_evaluation_create", args=[product.pk]), {
        "year": 2023, "round": 1, "council": "province", "score_a": "30", "score_b": "20", "score_c": "20"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.stars == 4 and str(evaluation.total) == "70.00"
    assert AuditEvent.objects.get(object_type="ocop.evaluation").unit_code == can_loc_commune.code


def certificate_data(**overrides):
    data = {"stars": 3, "issuer": "district", "decision_number": "150/QĐ-UBND", "decision_date": "2024-05-31"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("overrides, field, message", [
    ({"stars": 2}, "stars", "Chỉ sản phẩm đạt từ 3★ đến 5★ mới được cấp giấy chứng nhận"),
    ({"decision_date": "2999-01-01"}, "decision_date", "Ngày quyết định không được ở tương lai."),
    ({"stars": 4}, "issuer", "Giấy chứng nhận 4★ do UBND tỉnh (4★) cấp."),
    ({"decision_number": "99/QĐ-UBND"}, "decision_number", "Quyết định số 99/QĐ-UBND của cơ quan cấp này đã được ghi"),
])
def test_invalid_certificate_is_explained_next_to_its_field(client, province_user, can_loc_commune, overrides, field, message):
    make_certificate(make_product(can_loc_commune), decision_number="99/QĐ-UBND")
    product = make_product(can_loc_commune)
    client.force_login(province_user)
    response = client.post(reverse("ocop_certificate_create", args=[product.pk]), certificate_data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not product.certificates.exists()


def test_certificate_is_recorded_with_its_validity_and_becomes_current(client, district_user, can_loc_commune):
    product = make_product(can_loc_commune)
    old = make_certificate(product, decision_date=datetime.date(2021, 3, 1))
    client.force_login(district_user)
    response = client.post(reverse("ocop_certificate_create", args=[product.pk]), certificate_data())
    assert response.status_code == 302
    certificate = product.certificates.get(decision_number="150/QĐ-UBND")
    assert certificate.valid_until == datetime.date(2027, 5, 31) and certificate.issuer_code == "443"
    product.refresh_from_db()
    old.refresh_from_db()
    assert product.current_certificate == certificate and old.superseded


def test_a_stale_edit_is_refused(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune, name="Tên cũ")
    client.force_login(province_user)
    data = product_data(product.producer, can_loc_commune, name="Tên mới", version=product.version)
    Product.objects.filter(pk=product.pk).update(version=product.version + 1)  # someone saved meanwhile
    response = client.post(reverse("ocop_product_edit", args=[product.pk]), data)
    assert response.status_code == 409 and "Chưa lưu: người khác đã lưu dữ liệu này" in response.content.decode()
    product.refresh_from_db()
    assert product.name == "Tên cũ"


def test_renaming_a_producer_updates_the_product_search(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    producer = product.producer
    client.force_login(province_user)
    response = client.post(reverse("ocop_producer_edit", args=[producer.pk]), {
        "name": "HTX Đồng Lộc", "kind": "cooperative", "commune": can_loc_commune.pk, "version": producer.version})
    assert response.status_code == 302
    product.refresh_from_db()
    assert "htx dong loc" in product.search_text


def test_form_page_query_count_is_flat(client, province_user, can_loc_commune, django_assert_num_queries):
    product = make_product(can_loc_commune)
    url = reverse("ocop_certificate_create", args=[product.pk])
    client.force_login(province_user)
    client.get(url)
    with django_assert_num_queries(4) as first:
        client.get(url)
    for year in range(2019, 2024):
        make_evaluation(product, year=year)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_district_staff_record_only_3_star_certificates(client, district_user, can_loc_commune):
    product = make_product(can_loc_commune)
    client.force_login(district_user)
    response = client.post(reverse("ocop_certificate_create", args=[product.pk]),
                           certificate_data(stars=4, issuer="province"))
    assert response.status_code == 400
    assert "Giấy chứng nhận 4★ và 5★ do Văn phòng tỉnh ghi nhận." in response.content.decode()
    assert not product.certificates.exists()


def test_revoking_a_certificate_is_audited_and_shown(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    certificate = make_certificate(product, decision_number="41/QĐ-UBND", decision_date=datetime.date(2024, 1, 10))
    client.force_login(province_user)
    url = reverse("ocop_certificate_edit", args=[certificate.pk])
    response = client.post(url, certificate_data(decision_number="41/QĐ-UBND", decision_date="2024-01-10", revoked="on",
                                                 revoked_on="2024-06-01", revoked_reason="Vi phạm an toàn thực phẩm",
                                                 version=certificate.version))
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.get_status_display() == "Thu hồi"
    event = AuditEvent.objects.get(object_type="ocop.certificate", action=AuditEvent.Action.CHANGED)
    assert event.changes["revoked"] == [False, True] and event.unit_code == can_loc_commune.code
    html = client.get(reverse("ocop_product_detail", args=[product.pk])).content.decode()
    assert "Thu hồi" in html and "Vi phạm an toàn thực phẩm" in html
    # revoked without a date is refused
    response = client.post(url, certificate_data(decision_number="41/QĐ-UBND", decision_date="2024-01-10", revoked="on",
                                                 version=certificate.version))
    assert response.status_code == 400 and "Hãy nhập ngày thu hồi giấy chứng nhận." in response.content.decode()


def test_producer_and_commune_are_typed_with_the_browsers_type_ahead(client, province_user, can_loc_commune):
    producer = make_producer(can_loc_commune, name="HTX Bắc Sơn")
    client.force_login(province_user)
    html = client.get(reverse("ocop_product_create")).content.decode()
    assert '<input type="text" name="producer" list="id_producer_list"' in html
    assert f'<option value="HTX Bắc Sơn — {can_loc_commune.full_name}"></option>' in html
    assert '<datalist id="id_commune_list">' in html
    assert f'<option value="{can_loc_commune.full_name} — Huyện Can Lộc"></option>' in html
    assert "Gõ vài chữ của tên rồi chọn trong danh sách." in html
    # The chosen labels are posted and mapped back to the producer and the commune.
    data = {**product_data(producer, can_loc_commune), "producer": f"HTX Bắc Sơn — {can_loc_commune.full_name}",
            "commune": f"{can_loc_commune.full_name} — Huyện Can Lộc"}
    assert client.post(reverse("ocop_product_create"), data).status_code == 302
    product = Product.objects.get(name="Kẹo cu đơ Thiên Lộc")
    assert product.producer == producer and product.commune == can_loc_commune
    # The edit page shows the current producer's label in the box.
    html = client.get(reverse("ocop_product_edit", args=[product.pk])).content.decode()
    assert f'value="HTX Bắc Sơn — {can_loc_commune.full_name}"' in html


def test_a_name_not_in_the_list_is_refused_in_vietnamese(client, province_user, can_loc_commune):
    client.force_login(province_user)
    data = {**product_data(make_producer(can_loc_commune), can_loc_commune), "producer": "HTX không có"}
    response = client.post(reverse("ocop_product_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["producer"] == [
        "Không có tên nào trong danh sách khớp với “HTX không có”: hãy gõ vài chữ rồi chọn trong danh sách."]


def test_part_of_a_name_without_diacritics_finds_the_one_it_names(client, province_user, can_loc_commune):
    producer = make_producer(can_loc_commune, name="HTX Bắc Sơn")
    make_producer(can_loc_commune, name="HTX Bùi Xá")
    client.force_login(province_user)
    data = {**product_data(producer, can_loc_commune), "producer": "bac son"}
    assert client.post(reverse("ocop_product_create"), data).status_code == 302
    assert Product.objects.get(name="Kẹo cu đơ Thiên Lộc").producer == producer
    # "HTX" is in both names: the person is asked to type more, and shown some of them.
    response = client.post(reverse("ocop_product_create"), {**data, "name": "Khác", "producer": "htx"})
    [error] = response.context["form"].errors["producer"]
    assert error.startswith("“htx” khớp với 2 tên trong danh sách (HTX Bắc Sơn — ")


def test_the_subgroup_list_is_narrowed_by_the_chosen_group(client, province_user, can_loc_commune):
    client.force_login(province_user)
    html = client.get(reverse("ocop_product_create")).content.decode()
    assert 'data-narrowed-by="id_group"' in html and "js/forms.js" in html
    data = product_data(make_producer(can_loc_commune), can_loc_commune, group="drinks", subgroup="processed")
    response = client.post(reverse("ocop_product_create"), data)
    assert response.status_code == 400 and "subgroup" in response.context["form"].errors
