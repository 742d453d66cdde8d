import datetime

from django.urls import reverse
from django.utils import timezone

from ocop.models import add_months
from territory.models import Commune
from tests.factories import make_certificate, make_product

URL = reverse("ocop_expiring")


def certificate_expiring_in(product, days: int, number: str):
    """A certificate whose 36 months end `days` from today."""
    decided = add_months(timezone.localdate() + datetime.timedelta(days=days), -36)
    return make_certificate(product, decision_date=decided, decision_number=number)


def test_expiry_page_buckets_certificates_per_district(client, leader_user, can_loc_commune, ha_tinh):
    huong_son = ha_tinh.districts.get(code="439").communes.first()
    for days, name in ((10, "Sắp 10"), (45, "Sắp 45"), (80, "Sắp 80"), (-20, "Hết 20"), (200, "Còn lâu"), (-400, "Hết lâu")):
        certificate_expiring_in(make_product(can_loc_commune, name=name), days, f"{name}/QĐ")
    certificate_expiring_in(make_product(huong_son, name="Hương Sơn 5"), 5, "HS/QĐ")
    client.force_login(leader_user)
    response = client.get(URL)
    assert response.status_code == 200
    expiry = response.context["expiry"]
    assert expiry.by_district and [d.code for d in expiry.units][:2] == ["436", "437"]
    groups = {g["unit"].code: g for g in expiry.groups}
    assert set(groups) == {"443", "439"}
    assert groups["443"]["counts"] == {"expired": 1, "30": 1, "60": 1, "90": 1}
    assert [r.product.name for r in groups["443"]["rows"]] == ["Hết 20", "Sắp 10", "Sắp 45", "Sắp 80"]
    assert expiry.totals == {"expired": 1, "30": 2, "60": 1, "90": 1}
    html = response.content.decode()
    assert "Huyện Can Lộc" in html and "đã hết hạn 20 ngày" in html and "còn 10 ngày" in html
    everything = client.get(URL, {"expired": "all", "district": "443"}).context["expiry"]
    assert everything.totals["expired"] == 2 and len(everything.groups) == 1 and everything.unit.code == "443"


def test_a_renewed_or_revoked_certificate_is_not_listed(client, leader_user, can_loc_commune):
    renewed = make_product(can_loc_commune, name="Đã gia hạn")
    certificate_expiring_in(renewed, 10, "1/QĐ")
    make_certificate(renewed, decision_date=timezone.localdate() - datetime.timedelta(days=3), decision_number="2/QĐ")
    revoked = make_product(can_loc_commune, name="Bị thu hồi")
    certificate = certificate_expiring_in(revoked, 10, "3/QĐ")
    certificate.revoked, certificate.revoked_on = True, timezone.localdate()
    certificate.save()
    client.force_login(leader_user)
    assert client.get(URL).context["expiry"].groups == []


def test_htmx_request_gets_the_fragment(client, leader_user, ha_tinh):
    client.force_login(leader_user)
    html = client.get(URL, {"expired": "90"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'id="expiry-results"' in html


def test_anonymous_is_sent_to_login(client, ha_tinh):
    assert client.get(URL).status_code == 302


def test_other_province_sees_nothing_of_ha_tinh(client, other_province_user, can_loc_commune):
    certificate_expiring_in(make_product(can_loc_commune), 10, "1/QĐ")
    client.force_login(other_province_user)
    assert client.get(URL).context["expiry"].groups == []


def test_query_count_is_flat(client, leader_user, can_loc_commune, django_assert_num_queries):
    certificate_expiring_in(make_product(can_loc_commune), 10, "0/QĐ")
    client.force_login(leader_user)
    client.get(URL)
    with django_assert_num_queries(6) as first:
        client.get(URL)
    for n in range(20):
        certificate_expiring_in(make_product(can_loc_commune), n, f"1{n}/QĐ")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL)


def test_after_the_reform_the_list_is_per_commune_of_today_with_former_communes_products_included(
        client, leader_user, reformed_territory, django_assert_num_queries):
    """From 1 July 2025 the province has no district: products registered in today's communes are
    listed (they have no district to be grouped under), and those of a commune closed by the
    reform are listed under the commune it became."""
    certificate_expiring_in(make_product(Commune.objects.get(code="18364"), name="Nước mắm Đan Hải"), 10, "1/QĐ")
    certificate_expiring_in(make_product(Commune.objects.get(code="18415"), name="Kẹo cu đơ Thiên Lộc"), 40, "2/QĐ")
    client.force_login(leader_user)
    response = client.get(URL)
    expiry = response.context["expiry"]
    assert not expiry.by_district and [c.code for c in expiry.units] == ["18364", "18406", "18418"]
    assert [(g["unit"].code, [r.product.name for r in g["rows"]]) for g in expiry.groups] == [
        ("18364", ["Nước mắm Đan Hải"]), ("18406", ["Kẹo cu đơ Thiên Lộc"])]
    assert expiry.totals == {"expired": 0, "30": 1, "60": 1, "90": 0}
    html = response.content.decode()
    assert '<select name="commune">' in html and 'name="district"' not in html
    assert "Xã Thiên Lộc <small class=\"muted\">(đơn vị cũ)</small>" in html
    one = client.get(URL, {"commune": "18406", "district": "443"}).context["expiry"]
    assert one.unit.code == "18406" and [g["unit"].code for g in one.groups] == ["18406"]
    # One more query for the lineage of the former communes, whatever their number.
    with django_assert_num_queries(7) as first:
        client.get(URL)
    for n, code in enumerate(("18406", "18415", "18418", "18355") * 3):
        certificate_expiring_in(make_product(Commune.objects.get(code=code)), n, f"{n}/QĐ")
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(client.get(URL).context["expiry"].groups) == 3
