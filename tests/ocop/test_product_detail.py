import datetime

from django.urls import reverse

from tests.factories import make_certificate, make_evaluation, make_product


def test_product_page_shows_producer_evaluations_and_certificates(client, leader_user, can_loc_commune):
    product = make_product(can_loc_commune, name="Bưởi Phúc Trạch")
    evaluation = make_evaluation(product, year=2022)
    make_certificate(product, evaluation=evaluation, decision_number="77/QĐ-UBND", decision_date=datetime.date(2022, 5, 31))
    client.force_login(leader_user)
    response = client.get(reverse("ocop_product_detail", args=[product.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bưởi Phúc Trạch" in html and product.producer.name in html
    assert "77/QĐ-UBND" in html and "31/05/2025" in html and "60,00" in html
    assert not response.context["can_edit"]


def test_anonymous_is_sent_to_login(client, can_loc_commune):
    response = client.get(reverse("ocop_product_detail", args=[make_product(can_loc_commune).pk]))
    assert response.status_code == 302


def test_other_province_user_gets_404(client, other_province_user, can_loc_commune):
    client.force_login(other_province_user)
    assert client.get(reverse("ocop_product_detail", args=[make_product(can_loc_commune).pk])).status_code == 404


def test_query_count_does_not_grow_with_the_history(client, leader_user, can_loc_commune, django_assert_num_queries):
    product = make_product(can_loc_commune)
    make_certificate(product, evaluation=make_evaluation(product))
    url = reverse("ocop_product_detail", args=[product.pk])
    client.force_login(leader_user)
    client.get(url)
    with django_assert_num_queries(8) as first:  # the commune as it stood on the certificate's date, the nominations
        client.get(url)
    for year in range(2019, 2024):
        make_certificate(product, evaluation=make_evaluation(product, year=year, round=2),
                         decision_date=datetime.date(year, 2, 1))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_status_shows_each_certificate_status_and_not_certified_without_one(client, leader_user, can_loc_commune):
    uncertified = make_product(can_loc_commune)
    product = make_product(can_loc_commune)
    make_certificate(product, decision_date=datetime.date(2021, 3, 1))
    revoked = make_certificate(product, stars=4, decision_date=datetime.date(2023, 3, 1))
    revoked.revoked, revoked.revoked_on, revoked.revoked_reason = True, datetime.date(2024, 1, 5), "Vi phạm"
    revoked.save()
    client.force_login(leader_user)
    html = client.get(reverse("ocop_product_detail", args=[uncertified.pk])).content.decode()
    assert '<p class="lead"><span class="muted">Chưa được chứng nhận</span>' in html  # Not certified
    html = client.get(reverse("ocop_product_detail", args=[product.pk])).content.decode()
    assert '<span class="stars">4★</span> <span class="badge ocop-status-revoked">Thu hồi</span>' in html
    assert '<span class="badge ocop-status-superseded">' in html


def test_a_3_star_evaluation_without_a_certificate_prompts_to_record_one(client, province_user, leader_user, can_loc_commune):
    product = make_product(can_loc_commune)
    url = reverse("ocop_product_detail", args=[product.pk])
    client.force_login(province_user)
    make_evaluation(product, year=2024, score_a=30, score_b=20, score_c=25)  # 75: 4★
    html = client.get(url).content.decode()
    assert 'id="certificate-prompt"' in html
    assert "Kết quả đánh giá năm 2024 đạt 4★ nhưng chưa có giấy chứng nhận" in html
    client.force_login(leader_user)  # a reader is not prompted
    assert 'id="certificate-prompt"' not in client.get(url).content.decode()
    client.force_login(province_user)
    make_certificate(product, evaluation=product.evaluations.get(), stars=4)
    assert 'id="certificate-prompt"' not in client.get(url).content.decode()


def test_a_2_star_evaluation_does_not_prompt(client, province_user, can_loc_commune):
    product = make_product(can_loc_commune)
    make_evaluation(product, year=2024, score_a=15, score_b=10, score_c=10)  # 35: 2★
    client.force_login(province_user)
    assert 'id="certificate-prompt"' not in client.get(reverse("ocop_product_detail", args=[product.pk])).content.decode()


def test_the_product_shows_the_commune_it_was_certified_in_and_its_successor_today(client, province_user, territory):
    from territory.models import Commune

    thien_loc, nghen = Commune.objects.get(code="18415"), Commune.objects.get(code="18406")
    merged = make_product(thien_loc, name="Kẹo cu đơ")
    make_certificate(merged, evaluation=make_evaluation(merged), decision_date=datetime.date(2023, 6, 15))
    renamed = make_product(nghen, name="Nước mắm")
    make_certificate(renamed, evaluation=make_evaluation(renamed), decision_date=datetime.date(2023, 6, 15))
    # The same reform as the `reformed_territory` fixture, after the products were certified.
    from territory.reference import REFORM_DATE, conversion_lineage, today_rows
    from territory.reorganisation import units_reorganise
    from tests.conftest import TINY_HA_TINH, TINY_HA_TINH_TODAY

    held = set(TINY_HA_TINH) | set(TINY_HA_TINH_TODAY)
    units_reorganise(rows=[r for r in today_rows("42") if r["Mã PX"] in TINY_HA_TINH_TODAY],
                     effective=REFORM_DATE, province="42",
                     lineage=[(0, o, n, p) for o, n, p in conversion_lineage("42") if o in held and n in held])
    client.force_login(province_user)
    response = client.get(reverse("ocop_product_detail", args=[merged.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    origin = response.context["origin"]
    assert origin.name_then == "Xã Thiên Lộc" and origin.district_then.code == "443"
    assert [c.code for c in origin.successors] == ["18406"]
    html = response.content.decode()
    assert "Xã Thiên Lộc, Huyện Can Lộc" in html and "Hiện nay: Xã Can Lộc" in html
    origin = client.get(reverse("ocop_product_detail", args=[renamed.pk])).context["origin"]
    assert origin.name_then == "Thị trấn Nghèn" and origin.successors == [] and origin.changed
    assert "Xã Can Lộc" in client.get(reverse("ocop_product_detail", args=[renamed.pk])).content.decode()
