import pytest
from django.core.management import call_command

from communes.models import Recognition
from communes.selectors import province_overview
from ntm_tracker.models import User
from showcase.demo.communes import demo_history_check
from territory.models import Commune, District, Province, ProvinceLineage


@pytest.mark.django_db
def test_demo_loads_ha_tinh_and_is_safe_to_run_twice(capsys):
    call_command("demo", "--no-serve")
    first = capsys.readouterr().out
    snapshot = list(Recognition.objects.order_by("id").values_list("id", "level", "standard_year", "commune_id"))

    call_command("demo", "--no-serve")
    second = capsys.readouterr().out

    assert "2026 (illustrative): " in first and "indicator values for" in first.split("2026 (illustrative): ")[1]
    assert "2026 (illustrative): already loaded." in second and "Assessments: already loaded." in second
    assert list(Recognition.objects.order_by("id").values_list("id", "level", "standard_year", "commune_id")) == snapshot
    # The 2024 map's 13 district units and 216 communes stay (closed in 2025), one commune was
    # created on 1 January 2025, and today's map has 69 units and no district.
    ha_tinh = {"province__code": "42"}
    assert (District.objects.filter(**ha_tinh).count(), Commune.objects.filter(**ha_tinh).count()) == (13, 217)
    assert Commune.objects.filter(valid_to__isnull=True, **ha_tinh).count() == 69
    # the rerun keeps today's map
    assert not Commune.objects.filter(valid_to__isnull=True, district__isnull=False, **ha_tinh).exists()
    assert not District.objects.filter(valid_to__isnull=True).exists()
    # The whole country through time: 63 provinces until 30 June 2025, 34 (3,321 units) since.
    assert Province.objects.count() == 63 and Province.objects.filter(valid_to__isnull=True).count() == 34
    assert Commune.objects.filter(valid_to__isnull=True).count() == 3321
    assert ProvinceLineage.objects.count() == 29 and "63 → 34" in second
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    assert "NongThonMoi@2024" in first and "lanhdao" in first


def test_start_of_2024_figures(ha_tinh):
    totals = province_overview(ha_tinh, as_of_year=2023)["totals"]
    assert (totals["ntm"], totals["in_programme"], totals["advanced"], totals["model"]) == (181, 181, 60, 15)
    assert totals["rural_communes"] == 182  # Kỳ Lợi is excluded, not missing
    assert Commune.objects.get(code="18796").excluded


def test_2023_new_recognitions_match_the_conference_report(ha_tinh):
    counts = demo_history_check()
    assert (counts["ntm"][2023], counts["advanced"][2023], counts["model"][2023]) == (4, 10, 8)
    end_2022 = province_overview(ha_tinh, as_of_year=2022)["totals"]
    assert (end_2022["ntm"], end_2022["advanced"], end_2022["model"]) == (177, 50, 7)


def test_named_batches_and_district_decisions(ha_tinh):
    batch_189 = Recognition.objects.filter(decision_number="189/QĐ-UBND")
    assert set(batch_189.values_list("commune__name", "level")) == {
        ("Cẩm Quan", "advanced"), ("Cẩm Thành", "model"), ("Kỳ Hải", "advanced"),
        ("Thạch Châu", "model"), ("Thạch Đài", "model"), ("Điền Mỹ", "ntm"), ("Hà Linh", "ntm"),
    }
    batch_1763 = Recognition.objects.filter(decision_number="1763/QĐ-UBND")
    assert batch_1763.filter(level="advanced").count() == 5
    assert set(batch_1763.filter(level="model").values_list("commune__name", "outstanding_field")) == {
        ("Mai Phụ", "sản xuất"), ("Xuân Phổ", "văn hóa"),
    }
    assert Recognition.objects.filter(decision_number="3368/QĐ-UBND", kind="acknowledged").count() == 16
    nghi_xuan = Recognition.objects.get(district__code="442")
    assert (nghi_xuan.decision_number, nghi_xuan.decision_date.isoformat()) == ("1709/QĐ-TTg", "2018-12-10")
    assert Recognition.objects.get(district__code="448").decision_number == "149/QĐ-TTg"
    assert Recognition.objects.get(district__code="447").decision_number == "840/QĐ-TTg"
    assert not Recognition.objects.filter(district__code="444").exists()  # Hương Khê: aiming for 2024


def test_every_commune_reaches_a_level_only_after_the_one_below(ha_tinh):
    years = {}
    for rec in Recognition.objects.filter(commune__isnull=False):
        years[(rec.commune_id, rec.level)] = rec.standard_year
    for (commune_id, level), year in years.items():
        if level == "advanced":
            assert years[(commune_id, "ntm")] < year
        if level == "model":
            assert years[(commune_id, "advanced")] < year


def test_wards_and_townships_are_counted_as_civilised_urban_not_ntm(ha_tinh):
    totals = province_overview(ha_tinh, as_of_year=2023)["totals"]
    assert totals["urban"] == 34
    assert totals["civilised_urban"] == 28
    assert province_overview(ha_tinh, as_of_year=2024)["totals"]["civilised_urban"] == 31
