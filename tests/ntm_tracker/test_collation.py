"""Names sort in Vietnamese order on both databases: "Bắc" before "Bùi", "Đ…" right after "D…"
(issue 14, item 9). Ordering by the bare column sorts by code point and fails each of these."""

from django.urls import reverse

from communes.selectors import district_detail
from ntm_tracker.collation import sort_key, vietnamese
from ntm_tracker.models import User
from ocop.models import Producer
from ocop.selectors import product_search
from tests.factories import make_commune, make_district, make_producer, make_product, make_user

# Shuffled; VIETNAMESE is the order a Vietnamese reader expects (a < ă < â, d < đ, o < ô < ơ, u < ư).
NAMES = ["Ơn", "Bùi", "Đông", "Ân", "Zô", "Bắc", "Dương", "Ăn", "Anh", "Ô", "Đa", "Ư", "Uy"]
VIETNAMESE = ["Anh", "Ăn", "Ân", "Bắc", "Bùi", "Dương", "Đa", "Đông", "Ô", "Ơn", "Uy", "Ư", "Zô"]


def test_python_order_is_vietnamese():
    assert sorted(NAMES, key=sort_key) == VIETNAMESE
    assert sorted(NAMES) != VIETNAMESE  # code point order puts Ă, Ơ, Ư, Đ after Z


def test_the_database_sorts_communes_in_vietnamese_order(db):
    district = make_district()
    for name in NAMES:
        make_commune(district, name=name)
    ordered = list(district.communes.order_by(vietnamese("name")).values_list("name", flat=True))
    assert ordered == VIETNAMESE
    assert ordered.index("Bắc") < ordered.index("Bùi")
    assert ordered.index("Đa") == ordered.index("Dương") + 1  # Đ right after D, not after Z
    descending = list(district.communes.order_by(vietnamese("-name")).values_list("name", flat=True))
    assert descending == VIETNAMESE[::-1]


def test_the_district_page_lists_its_communes_in_vietnamese_order(db):
    district = make_district()
    for name in NAMES:
        make_commune(district, name=name)
    assert [row.commune.name for row in district_detail(district)["rows"]] == VIETNAMESE


def test_producers_and_products_sort_in_vietnamese_order(db):
    commune = make_commune()
    for name in NAMES:
        make_product(commune, name=name, producer=make_producer(commune, name=f"{name} HTX"))
    assert [p.name for p in Producer.objects.filter(name__endswith=" HTX").order_by(vietnamese("name"))] == [f"{n} HTX" for n in VIETNAMESE]
    products = product_search(commune.district.province, {"sort": "name"})
    assert [p.name for p in products] == VIETNAMESE


def test_the_user_list_sorts_usernames_in_vietnamese_order(client, admin_user):
    for name in ["bùi", "bắc", "đào", "dũng"]:
        make_user(User.Role.ADMIN, username=name)
    client.force_login(admin_user)
    html = client.get(reverse("user_list")).content.decode()
    positions = [html.index(f">{name}<") for name in ["bắc", "bùi", "dũng", "đào"]]
    assert positions == sorted(positions)
