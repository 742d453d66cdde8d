"""`?province=` on the OCOP list: users who read several provinces pick one; others are held to theirs."""

from django.urls import reverse

from territory.models import Commune
from tests.factories import make_product

URL = reverse("ocop_product_list")


def _products(territory, nghe_an):
    make_product(Commune.objects.get(code="18415"), name="Kẹo cu đơ")
    make_product(Commune.objects.get(code="16663"), name="Nhút Thanh Chương")


def _names(response) -> list[str]:
    return [row.name for row in response.context["page"].object_list]


def test_national_user_filters_by_province(client, national_user, territory, nghe_an, django_assert_max_num_queries):
    _products(territory, nghe_an)
    client.force_login(national_user)
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"province": "40"})
    assert response.context["province"] == nghe_an and _names(response) == ["Nhút Thanh Chương"]
    html = response.content.decode()
    assert 'id="province-picker"' in html and '<option value="40" selected>Tỉnh Nghệ An</option>' in html
    assert '<input type="hidden" name="province" value="40">' in html  # the filters keep the province
    assert _names(client.get(URL, {"province": "42"})) == ["Kẹo cu đơ"]
    # The export follows the same filter.
    export = client.get(reverse("ocop_product_export", args=["csv"]), {"province": "40"}).content.decode("utf-8-sig")
    assert "Nhút Thanh Chương" in export and "Kẹo cu đơ" not in export


def test_administrator_too_and_an_unknown_province_is_404(client, admin_user, territory, nghe_an):
    _products(territory, nghe_an)
    client.force_login(admin_user)
    assert _names(client.get(URL, {"province": "40"})) == ["Nhút Thanh Chương"]
    assert client.get(URL, {"province": "99"}).status_code == 404
    assert client.get(URL, {"province": "4x"}).status_code == 404


def test_province_users_are_held_to_their_own_province(client, leader_user, other_province_user, territory, nghe_an):
    _products(territory, nghe_an)
    client.force_login(leader_user)
    response = client.get(URL, {"province": "40"})
    assert response.status_code == 200 and _names(response) == ["Kẹo cu đơ"]
    assert 'id="province-picker"' not in response.content.decode()
    client.force_login(other_province_user)
    assert _names(client.get(URL, {"province": "42"})) == ["Nhút Thanh Chương"]


def test_htmx_filter_change_keeps_the_province(client, national_user, territory, nghe_an):
    _products(territory, nghe_an)
    client.force_login(national_user)
    response = client.get(URL, {"province": "40", "q": "nhút"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and _names(response) == ["Nhút Thanh Chương"]
