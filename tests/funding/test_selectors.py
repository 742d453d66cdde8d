from decimal import Decimal

from funding.charts import sources_by_year_figure, sources_by_year_table
from funding.models import Funding, Source
from funding.selectors import editable_units, funding_total, totals_by_source, totals_by_year_and_source
from showcase.demo.funding import demo_funding_load


def test_the_demo_gives_the_published_2023_total_verified(ha_tinh, django_assert_max_num_queries):
    demo_funding_load()
    demo_funding_load()  # running it again changes nothing
    with django_assert_max_num_queries(1):
        assert funding_total(ha_tinh, 2023) == Decimal("95539")
    assert funding_total(ha_tinh, 2023, verified_only=True) == Decimal("95539")
    # the 2021–2025 totals are kept as unverified totals of the period, outside the yearly figures
    assert funding_total(ha_tinh, 2025) == 0
    period = Funding.objects.filter(period_start=2021, year=2025)
    assert {row.source: row.amount for row in period}[Source.CREDIT] == Decimal("56300000")
    assert not any(row.verified for row in period) and all(row.source_document for row in period)
    with django_assert_max_num_queries(1):
        by_source = totals_by_source(ha_tinh, 2023)
    assert [(row["source"], row["amount"], row["verified"]) for row in by_source] == [
        (Source.ASSIGNED_SPONSORS, Decimal("15739"), True), (Source.DISTRICT_SPONSORSHIP, Decimal("79800"), True)]


def test_totals_count_the_province_and_its_units_only(territory, can_loc, can_loc_commune, nghe_an):
    common = {"year": 2024, "source_document": "Báo cáo"}
    Funding.objects.create(province=territory, source=Source.CREDIT, amount=Decimal("10.5"), **common)
    Funding.objects.create(district=can_loc, source=Source.CREDIT, amount=Decimal("2"), verified=True, **common)
    Funding.objects.create(commune=can_loc_commune, source=Source.COMMUNITY, amount=Decimal("1"), **common)
    Funding.objects.create(province=nghe_an, source=Source.CREDIT, amount=Decimal("1000"), **common)
    assert funding_total(territory, 2024) == Decimal("13.5")
    assert funding_total(territory, 2024, verified_only=True) == Decimal("2")
    assert funding_total(territory, 2023) == 0
    table = totals_by_year_and_source(territory)
    assert table == {2024: {Source.CREDIT: Decimal("12.5"), Source.COMMUNITY: Decimal("1")}}
    figure = sources_by_year_figure(table)
    assert [trace["y"] for trace in figure["data"]] == [[12.5], [1.0]] and figure["layout"]["barmode"] == "stack"
    columns, rows = sources_by_year_table(table)
    assert rows == [[2024, Decimal("12.5"), Decimal("1"), Decimal("13.5")]] and len(columns) == 4


def test_editable_units_follow_the_review_scoping(territory, can_loc, can_loc_commune, province_user, district_user,
                                                  commune_user, leader_user):
    assert {u.code for u in editable_units(province_user, territory)} >= {"42", "443", "442", can_loc_commune.code}
    district_units = {u.code for u in editable_units(district_user, territory)}
    assert "42" not in district_units and "442" not in district_units and {"443", can_loc_commune.code} <= district_units
    assert {u.code for u in editable_units(commune_user, territory)} == {can_loc_commune.code}
    assert editable_units(leader_user, territory) == []
