import datetime

from django.urls import reverse
from django.utils import translation

from ntm_tracker.collation import vietnamese
from ntm_tracker.text import fold
from ocop.models import CertificateStatus, Group, Product
from tests.factories import make_certificate, make_producer, make_product

URL = reverse("ocop_product_list")


def test_list_shows_the_province_products_paginated(client, leader_user, ocop_demo):
    client.force_login(leader_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == Product.objects.count() and len(page.object_list) == 25
    assert "Sản phẩm OCOP" in response.content.decode()


def test_each_row_shows_producer_group_commune_stars_validity_and_status(client, leader_user, can_loc_commune):
    certified = make_product(can_loc_commune, name="Bưởi Phúc Trạch", group=Group.FOOD, subgroup="fresh")
    certificate = make_certificate(certified, stars=4, decision_date=datetime.date(2023, 6, 15))
    make_product(can_loc_commune, name="Nón lá", group=Group.HANDICRAFTS, subgroup="crafts")
    client.force_login(leader_user)
    html = client.get(URL).content.decode()
    with translation.override("vi"):
        expected = [
            f'<a href="{reverse("ocop_product_detail", args=[certified.pk])}">Bưởi Phúc Trạch</a>',
            f"<td>{certified.producer.name}</td>", f"<td>{Group.FOOD.label}</td>", f"<td>{Group.HANDICRAFTS.label}</td>",
            f'<td>{can_loc_commune.full_name}<br><small class="muted">Huyện Can Lộc</small></td>',
            '<span class="stars">4★</span>', f"<td>{certificate.valid_until:%d/%m/%Y}</td>",
            f'<span class="badge ocop-status-{certificate.status}">{CertificateStatus(certificate.status).label}</span>',
            '<span class="muted">Chưa được chứng nhận</span>',  # Not certified
        ]
    for fragment in expected:
        assert fragment in html


def test_filter_offers_the_province_districts_and_the_communes_of_the_chosen_district(client, leader_user, ha_tinh):
    client.force_login(leader_user)
    form = client.get(URL, {"district": "443"}).context["form"]
    districts = list(ha_tinh.districts.order_by("code"))
    assert form.fields["district"].choices[1:] == [(d.code, d.full_name) for d in districts]
    communes = ha_tinh.districts.get(code="443").communes.order_by(vietnamese("name"), "code")
    assert form.fields["commune"].choices[1:] == [(c.code, c.full_name) for c in communes]
    assert len(client.get(URL).context["form"].fields["commune"].choices) == 1 + 216
    can_loc_commune = communes.first().code
    assert client.get(URL, {"district": "443", "commune": can_loc_commune}).context["form"].filters()["commune"] == can_loc_commune
    other = ha_tinh.districts.get(code="439").communes.first().code
    assert "commune" not in client.get(URL, {"district": "443", "commune": other}).context["form"].filters()  # not offered


def test_pages_beyond_the_last_show_the_last_page(client, leader_user, can_loc_commune, django_assert_num_queries):
    for n in range(30):
        make_product(can_loc_commune, name=f"Sản phẩm {n:02d}")
    client.force_login(leader_user)
    client.get(URL)
    with django_assert_num_queries(5):
        page = client.get(URL, {"page": "2"}).context["page"]
    assert page.number == 2 and [p.name for p in page] == [f"Sản phẩm {n}" for n in range(25, 30)]
    with django_assert_num_queries(7):  # the count, then the last page
        response = client.get(URL, {"page": "9"})
    assert response.context["page"].number == 2 and "Sản phẩm 29" in response.content.decode()
    assert client.get(URL, {"page": "abc"}).context["page"].number == 1


def test_search_works_with_and_without_diacritics(client, leader_user, can_loc_commune):
    make_product(can_loc_commune, name="Kẹo cu đơ Đức Thọ")
    make_product(can_loc_commune, name="Nước mắm Cửa Sót")
    client.force_login(leader_user)
    for q in ("kẹo cu đơ", "keo cu do", "KEO CU ĐO duc", "đức thọ"):
        names = [p.name for p in client.get(URL, {"q": q}).context["page"]]
        assert names == ["Kẹo cu đơ Đức Thọ"], q


def test_filters_by_district_group_stars_status_and_year(client, leader_user, can_loc_commune, ha_tinh):
    other = ha_tinh.districts.get(code="439").communes.first()
    tea = make_product(can_loc_commune, name="Chè xanh", group=Group.FOOD, subgroup="tea")
    make_certificate(tea, stars=4, decision_date=datetime.date(2024, 3, 1))
    old = make_product(can_loc_commune, name="Mật ong cũ", group=Group.FOOD, subgroup="honey")
    make_certificate(old, decision_date=datetime.date(2019, 3, 1))
    make_product(other, name="Nhung hươu", group=Group.HERBAL, subgroup="medicines")
    client.force_login(leader_user)

    def names(**params):
        return sorted(p.name for p in client.get(URL, params).context["page"])

    assert names(district="443") == ["Chè xanh", "Mật ong cũ"]
    assert names(commune=other.code) == ["Nhung hươu"]
    assert names(group="herbal") == ["Nhung hươu"]
    assert names(stars=4) == ["Chè xanh"]
    assert names(status="expired") == ["Mật ong cũ"]
    assert names(status="none") == ["Nhung hươu"]
    assert names(year=2019) == ["Mật ong cũ"]
    assert names(sort="-stars")[0] == "Chè xanh"
    assert [p.name for p in client.get(URL, {"sort": "-stars"}).context["page"]][0] == "Chè xanh"
    assert names(stars="abc", district="443") == ["Chè xanh", "Mật ong cũ"]  # a bad value is ignored, not a 500


def test_commune_filter_is_typed_with_the_browsers_type_ahead(client, leader_user, can_loc_commune, ha_tinh):
    make_product(can_loc_commune, name="Chè xanh")
    client.force_login(leader_user)
    html = client.get(URL, {"district": "443"}).content.decode()
    assert '<input type="text" name="commune" list="id_commune_list"' in html
    assert f'<option value="{can_loc_commune.full_name}"></option>' in html

    def shown(**params):
        response = client.get(URL, params)
        return sorted(p.name for p in response.context["page"]), response.context["form"], response.content.decode()

    # The label picked from the list, or part of it without diacritics, filters by that commune.
    folded = fold(can_loc_commune.name)
    for typed in (can_loc_commune.full_name, folded):
        names, form, html = shown(district="443", commune=typed)
        assert names == ["Chè xanh"] and form.filters()["commune"] == can_loc_commune.code, typed
    # The box shows the commune's name, also when the link carries its code.
    assert f'value="{can_loc_commune.full_name}"' in shown(commune=can_loc_commune.code)[2]
    # A name matching no commune, or several, says so by the box; the list is not filtered.
    names, form, html = shown(district="443", commune="Xã Không Có")
    assert "commune" not in form.filters() and names == ["Chè xanh"]
    assert "Không có tên nào trong danh sách khớp với “Xã Không Có”" in html
    assert 'aria-describedby="id_commune_helptext id_commune_error"' in html
    names, form, html = shown(commune="xa")
    [error] = form.errors["commune"]
    assert error.startswith("“xa” khớp với ") and "hãy gõ thêm tên rồi chọn một" in error


def test_communes_sharing_a_name_are_told_apart_by_their_code(client, leader_user, ha_tinh):
    client.force_login(leader_user)
    labels = [label for _code, label in client.get(URL).context["form"].fields["commune"].choices][1:]
    assert len(labels) == len(set(labels)) == 216


def test_htmx_request_gets_only_the_results_fragment(client, leader_user, ocop_demo):
    client.force_login(leader_user)
    response = client.get(URL, {"q": "mat ong"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="product-results"' in html
    assert "Mật ong" in html
    assert html.count('id="id_commune"') == 1 and 'hx-swap-oob="true"' in html  # communes follow the district
    assert response.headers["Vary"].count("HX-Request") == 1


def test_anonymous_is_sent_to_login(client, ha_tinh):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_other_province_user_sees_only_their_province(client, other_province_user, ocop_demo):
    client.force_login(other_province_user)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["page"].paginator.count == 0


def test_query_count_does_not_grow_with_the_number_of_products(client, leader_user, can_loc_commune, django_assert_num_queries):
    client.force_login(leader_user)
    for n in range(3):
        make_certificate(make_product(can_loc_commune), decision_number=f"{n}/QĐ")
    client.get(URL)
    # Session, user, province, the districts with their communes, the page with its count.
    with django_assert_num_queries(5) as first:
        client.get(URL, {"district": "443"})
    producer = make_producer(can_loc_commune)
    for n in range(30):
        make_certificate(make_product(can_loc_commune, producer=producer), decision_number=f"1{n}/QĐ")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"district": "443"})
    assert len(response.context["page"].object_list) == 25


def test_export_xlsx_and_csv_apply_the_filters(client, leader_user, can_loc_commune):
    import io

    from openpyxl import load_workbook

    make_certificate(make_product(can_loc_commune, name="Kẹo cu đơ"))
    make_product(can_loc_commune, name="Nón lá", group=Group.HANDICRAFTS, subgroup="crafts")
    client.force_login(leader_user)
    csv_text = client.get(reverse("ocop_product_export", args=["csv"]), {"q": "keo"}).content.decode("utf-8-sig")
    assert "Kẹo cu đơ" in csv_text and "Nón lá" not in csv_text
    response = client.get(reverse("ocop_product_export", args=["xlsx"]), {"group": "handicrafts"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Nón lá"]
    assert sheet["A1"].value == "Sản phẩm"
    assert client.get(reverse("ocop_product_export", args=["pdf"])).status_code == 404


def test_the_commune_box_starts_empty_with_all_communes_as_its_placeholder(client, leader_user, can_loc_commune):
    client.force_login(leader_user)
    html = client.get(reverse("ocop_product_list")).content.decode()
    box = next(tag for tag in html.split("<input") if 'name="commune"' in tag).split(">")[0]
    assert 'placeholder="Tất cả các xã"' in box and "value=" not in box.replace('value=""', "")
