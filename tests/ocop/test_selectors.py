import datetime

from django.core.paginator import Paginator

from ntm_tracker.collation import vietnamese
from ocop import selectors
from ocop.models import CertificateStatus, ExportMarket, Group
from territory.models import Commune, District
from tests.factories import make_certificate, make_district, make_product


def test_stars_by_district_lists_every_district_with_zeros(leader_user, can_loc_commune, ha_tinh, django_assert_num_queries):
    make_certificate(make_product(can_loc_commune), decision_date=datetime.date(2023, 3, 1))
    rerated = make_product(can_loc_commune)
    make_certificate(rerated, decision_date=datetime.date(2022, 3, 1))
    make_certificate(rerated, stars=4, decision_date=datetime.date(2024, 4, 1))
    make_certificate(make_product(can_loc_commune), decision_date=datetime.date(2019, 3, 1))  # lapsed in 2022
    with django_assert_num_queries(3):  # the map of the year (two), the certificates
        rows = selectors.stars_by_district(ha_tinh, year=2023)
    assert len(rows) == 13 and rows[0] == {"code": "436", "district": "Thành phố Hà Tĩnh", "stars": {3: 0, 4: 0, 5: 0}}
    can_loc = next(r for r in rows if r["code"] == "443")
    assert can_loc == {"code": "443", "district": "Huyện Can Lộc", "stars": {3: 2, 4: 0, 5: 0}}
    at_2024 = selectors.stars_by_district(ha_tinh, year=2024, district=can_loc_commune.district)
    assert at_2024 == [{"code": "443", "district": "Huyện Can Lộc", "stars": {3: 1, 4: 1, 5: 0}}]


def test_revoked_certificate_stops_counting_from_its_revocation(can_loc_commune, ha_tinh):
    certificate = make_certificate(make_product(can_loc_commune), decision_date=datetime.date(2022, 3, 1))
    certificate.revoked, certificate.revoked_on = True, datetime.date(2024, 2, 1)
    certificate.save()
    district = can_loc_commune.district
    assert selectors.stars_by_district(ha_tinh, year=2023, district=district)[0]["stars"][3] == 1
    assert selectors.stars_by_district(ha_tinh, year=2024, district=district)[0]["stars"][3] == 0


def test_certificates_expiring_by_quarter(can_loc_commune, ha_tinh, django_assert_num_queries):
    today = datetime.date(2025, 2, 10)
    for decided, number in ((datetime.date(2022, 2, 1), "a"),  # ended 01/02/2025: before today
                            (datetime.date(2022, 3, 31), "b"),  # Q1/2025
                            (datetime.date(2022, 4, 1), "c"),  # Q2/2025
                            (datetime.date(2023, 12, 31), "d")):  # Q4/2026
        make_certificate(make_product(can_loc_commune), decision_date=decided, decision_number=number)
    superseded = make_product(can_loc_commune)
    make_certificate(superseded, decision_date=datetime.date(2022, 3, 20), decision_number="e")
    make_certificate(superseded, decision_date=datetime.date(2024, 1, 5), decision_number="f")  # Q1/2027: beyond 8
    with django_assert_num_queries(1):
        rows = selectors.certificates_expiring_by_quarter(ha_tinh, today=today)
    assert [r["quarter"] for r in rows] == ["Q1/2025", "Q2/2025", "Q3/2025", "Q4/2025", "Q1/2026", "Q2/2026",
                                            "Q3/2026", "Q4/2026"]
    assert [r["count"] for r in rows] == [1, 1, 0, 0, 0, 0, 0, 1]
    assert selectors.certificates_expiring_by_quarter(ha_tinh, today=today, quarters=9)[-1] == {"quarter": "Q1/2027", "count": 1}
    other = ha_tinh.districts.get(code="439")
    assert sum(r["count"] for r in selectors.certificates_expiring_by_quarter(ha_tinh, district=other, today=today)) == 0


def test_newly_certified_counts_the_first_certificate_at_the_level(can_loc_commune, ha_tinh, django_assert_num_queries):
    rerated = make_product(can_loc_commune)
    make_certificate(rerated, decision_date=datetime.date(2023, 5, 1))
    make_certificate(rerated, stars=4, decision_date=datetime.date(2024, 6, 1))
    renewed = make_product(can_loc_commune)
    make_certificate(renewed, decision_date=datetime.date(2021, 5, 1))
    make_certificate(renewed, decision_date=datetime.date(2024, 5, 1))
    with django_assert_num_queries(1):
        assert selectors.newly_certified_count(ha_tinh, 2023) == 1
    assert selectors.newly_certified_count(ha_tinh, 2024) == 0
    assert selectors.newly_certified_count(ha_tinh, 2024, min_stars=4) == 1
    assert selectors.newly_certified_count(ha_tinh, 2023, district=ha_tinh.districts.get(code="439")) == 0


def test_exported_products(can_loc_commune, ha_tinh, django_assert_num_queries):
    exported = make_product(can_loc_commune, name="Nhung hươu")
    exported.export_markets.set(ExportMarket.objects.filter(code__in=["KR", "JP"]))
    make_certificate(exported, decision_date=datetime.date(2022, 1, 5))
    make_product(can_loc_commune)
    with django_assert_num_queries(2):
        products = selectors.exported_products(ha_tinh)
        assert [(p.name, sorted(m.code for m in p.export_markets.all())) for p in products] == [("Nhung hươu", ["JP", "KR"])]
    assert len(selectors.exported_products(ha_tinh, year=2023)) == 1
    assert selectors.exported_products(ha_tinh, year=2021) == []


def test_demo_register_matches_the_published_figures(ocop_demo):
    rows = selectors.stars_by_district(ocop_demo, year=2023)
    assert sum(sum(r["stars"].values()) for r in rows) == 337
    assert all(sum(r["stars"].values()) > 0 for r in rows)  # spread over the 13 district units
    assert selectors.newly_certified_count(ocop_demo, 2023) == 128
    assert selectors.newly_certified_count(ocop_demo, 2024, min_stars=4) == 5
    exported = selectors.exported_products(ocop_demo, year=2023)
    assert len(exported) == 6
    assert {m.code for p in exported for m in p.export_markets.all()} == {"KR", "NZ", "RU", "JP", "AO"}
    totals = selectors.certificates_expiring(ocop_demo).totals
    assert totals["30"] + totals["60"] + totals["90"] > 0 and totals["expired"] > 0


def test_filter_units_reads_the_districts_and_communes_the_models_name_in_one_query(ha_tinh, django_assert_num_queries):
    empty = make_district(ha_tinh, code="999", name="Thử không có xã")
    with django_assert_num_queries(1):
        districts, communes = selectors.filter_units(ha_tinh)
    assert districts == [(d.code, d.full_name) for d in District.objects.filter(province=ha_tinh).order_by("code")]
    assert districts[-1] == ("999", empty.full_name)  # a district without communes is still offered
    assert communes == [(c.code, c.full_name) for c in Commune.objects.filter(district__province=ha_tinh).order_by(vietnamese("name"), "code")]
    assert len(communes) == 216 and communes[0][1].startswith(("Xã ", "Phường ", "Thị trấn "))
    _, can_loc_communes = selectors.filter_units(ha_tinh, district="443")
    assert can_loc_communes == [(c.code, c.full_name) for c in Commune.objects.filter(district__code="443").order_by(vietnamese("name"), "code")]
    assert selectors.filter_units(ha_tinh, district="zzz")[1] == []


def test_product_page_reads_the_rows_and_the_count_in_one_query(ha_tinh, can_loc_commune, django_assert_num_queries):
    today = datetime.date.today()
    for n in range(27):
        make_product(can_loc_commune, name=f"Mật ong {n:02d}")
    certified = make_product(can_loc_commune, name="Mật ong rừng", group=Group.DRINKS, subgroup="alcoholic")
    make_certificate(certified, stars=4, decision_date=today - datetime.timedelta(days=100))
    with django_assert_num_queries(1):
        page = selectors.product_page(ha_tinh, {"q": "mat ong"}, None, per_page=25)
    assert page.paginator.count == 28 and page.paginator.num_pages == 2 and page.number == 1 and len(page) == 25
    with django_assert_num_queries(1):
        second = selectors.product_page(ha_tinh, {"q": "mat ong"}, "2", per_page=25)
    assert [row.name for row in second] == ["Mật ong 25", "Mật ong 26", "Mật ong rừng"]
    row = second[2]
    assert (row.producer, row.commune, row.district) == (certified.producer.name, can_loc_commune.full_name, "Huyện Can Lộc")
    assert (row.group, row.stars, row.status) == (Group.DRINKS.label, 4, CertificateStatus.VALID)
    assert row.valid_until == certified.current_certificate.valid_until
    assert (second[0].stars, second[0].valid_until, second[0].status) == (None, None, None)


def test_product_page_numbers_out_of_range_give_the_page_get_page_gives(ha_tinh, can_loc_commune):
    for n in range(30):
        make_product(can_loc_commune)
    products = selectors.product_search(ha_tinh, {})
    for number in (None, "", "abc", "1.5", "0", "-3", "2", "3", "99", "99999999999999999999999"):
        expected = Paginator(products, 25).get_page(number)
        page = selectors.product_page(ha_tinh, {}, number, per_page=25)
        assert page.number == expected.number, number
        assert [row.pk for row in page] == [p.pk for p in expected], number
    assert selectors.product_page(ha_tinh, {"q": "nothing like this"}, "4", per_page=25).paginator.count == 0
