"""OCOP forms on today's map (after the 1 July 2025 reform): communes stand under the province, so
the commune list names them alone and offers only today's; a product certified in a commune since
merged keeps it when edited."""

from django.urls import reverse

from ocop.models import Product
from territory.models import Commune
from tests.factories import make_producer, make_product
from tests.ocop.test_edit_views import product_data


def test_the_product_form_lists_todays_communes_by_name(client, reformed_commune, province_user):
    client.force_login(province_user)
    response = client.get(reverse("ocop_product_create"))
    assert response.status_code == 200
    offered = set(response.context["form"].fields["commune"].queryset.values_list("code", flat=True))
    assert offered == set(Commune.objects.filter(valid_to__isnull=True, province__code="42").values_list("code", flat=True))
    assert "18415" not in offered  # Thiên Lộc, merged into Xã Can Lộc
    assert f'value="{reformed_commune.full_name}"' in response.content.decode()  # no "— None"
    assert client.get(reverse("ocop_producer_create")).status_code == 200


def test_a_new_product_goes_to_a_commune_of_today(client, reformed_commune, province_user):
    client.force_login(province_user)
    merged = Commune.objects.get(code="18415")
    producer = make_producer(reformed_commune)
    response = client.post(reverse("ocop_product_create"), product_data(producer, merged))
    assert response.status_code == 400 and not Product.objects.exists()
    response = client.post(reverse("ocop_product_create"), product_data(producer, reformed_commune))
    assert response.status_code == 302 and Product.objects.get().commune == reformed_commune


def test_a_product_of_a_merged_commune_keeps_it_when_edited(client, reformed_territory, province_user):
    merged = Commune.objects.get(code="18415")
    product = make_product(merged)
    client.force_login(province_user)
    response = client.post(reverse("ocop_product_edit", args=[product.pk]),
                           {**product_data(product.producer, merged, name="Kẹo cu đơ"), "version": product.version})
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.commune) == ("Kẹo cu đơ", merged)


def test_the_export_lists_a_product_of_a_commune_without_district(client, reformed_commune, province_user):
    make_product(reformed_commune, name="Nước mắm Đan Hải")
    client.force_login(province_user)
    response = client.get(reverse("ocop_product_export", args=["csv"]))
    assert response.status_code == 200
    row = next(line for line in response.content.decode("utf-8-sig").splitlines() if "Nước mắm Đan Hải" in line)
    assert reformed_commune.full_name in row


def test_the_list_names_no_district_for_a_commune_without_one(client, reformed_commune, province_user):
    make_product(reformed_commune, name="Nước mắm Đan Hải")
    client.force_login(province_user)
    response = client.get(reverse("ocop_product_list"))
    [row] = [r for r in response.context["page"] if r.name == "Nước mắm Đan Hải"]
    assert row.district == "" and "None" not in response.content.decode()
