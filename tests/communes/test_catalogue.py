import pytest
from django.db import connection
from django.db.models import F

from communes.catalogue import catalogue_for_year, catalogue_forget
from communes.models import CriteriaSet, Criterion, Indicator, Threshold
from communes.services.catalogue import COMMUNE_SET, DISTRICT_SET, catalogue_load


@pytest.mark.django_db
def test_commune_set_has_19_criteria_in_5_groups_and_district_set_9_criteria():
    catalogue_load()
    commune_set = CriteriaSet.objects.get(code=COMMUNE_SET)
    criteria = commune_set.criteria.all()
    assert criteria.count() == 19
    assert sorted(set(criteria.values_list("group", flat=True))) == [
        "I. Quy hoạch", "II. Hạ tầng kinh tế - xã hội", "III. Kinh tế và tổ chức sản xuất",
        "IV. Văn hóa - Xã hội - Môi trường", "V. Hệ thống chính trị",
    ]
    assert list(criteria.values_list("number", flat=True)) == list(range(1, 20))
    assert Indicator.objects.filter(criterion__criteria_set=commune_set).count() == 55
    assert CriteriaSet.objects.get(code=DISTRICT_SET).criteria.count() == 9
    assert "318/QĐ-TTg" in commune_set.legal_basis


@pytest.mark.django_db
def test_indicators_keep_their_source_and_are_marked_unverified():
    catalogue_load()
    poverty = Indicator.objects.get(code="11")
    assert poverty.comparison == Indicator.Comparison.AT_MOST and poverty.kind == Indicator.Kind.PERCENT
    assert not poverty.wording_verified and "318/QĐ-TTg" in poverty.source
    assert Indicator.objects.get(code="9.1").comparison == Indicator.Comparison.NO
    income = Threshold.objects.filter(indicator__code="10", region="north_central")
    assert sorted(income.values_list("year", flat=True)) == [2021, 2022, 2023, 2024, 2025]
    assert not Threshold.objects.filter(verified=True).exists()


@pytest.mark.django_db
def test_loading_twice_adds_nothing_and_keeps_corrections():
    catalogue_load()
    Indicator.objects.filter(code="1.1").update(text="Đã sửa", wording_verified=True)
    counts = (Criterion.objects.count(), Indicator.objects.count(), Threshold.objects.count())

    created = catalogue_load()

    assert created == {"criteria": 0, "indicators": 0, "thresholds": 0}
    assert (Criterion.objects.count(), Indicator.objects.count(), Threshold.objects.count()) == counts
    assert Indicator.objects.get(code="1.1").text == "Đã sửa"


# --- The catalogue held in memory (communes/catalogue.py) -------------------------------------


@pytest.mark.django_db
def test_catalogue_is_read_once_then_only_its_revision_is_checked(django_assert_num_queries):
    catalogue_load()
    with django_assert_num_queries(5):  # the set in force (id, revision), the set, criteria, indicators, thresholds
        first = catalogue_for_year(2024)
    with django_assert_num_queries(1):  # the set in force only: its revision is unchanged
        again = catalogue_for_year(2024)
    assert again is first
    assert [c.number for c in first.criteria] == list(range(1, 20))
    assert len(first.indicators) == sum(len(rows) for rows in first.by_criterion.values())
    assert all(i.criterion.pk == i.criterion_id for i in first.indicators.values())


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["threshold edited", "threshold deleted", "indicator edited",
                                    "criterion edited", "set edited", "threshold added by the loader",
                                    "thresholds bulk-updated", "threshold by plain SQL", "indicators bulk-updated",
                                    "criterion bulk-updated", "set bulk-updated", "thresholds bulk-deleted"])
def test_any_change_in_the_set_makes_every_process_read_it_again(change):
    catalogue_load()
    held = catalogue_for_year(2024)
    threshold = Threshold.objects.filter(indicator__criterion__criteria_set=held.criteria_set).first()
    if change == "threshold edited":
        threshold.value += 1
        threshold.save()
    elif change == "threshold deleted":
        threshold.delete()
    elif change == "indicator edited":
        indicator = Indicator.objects.get(pk=threshold.indicator_id)
        indicator.text += " (sửa)"
        indicator.save()
    elif change == "criterion edited":
        criterion = Criterion.objects.get(pk=threshold.indicator.criterion_id)
        criterion.name += " (sửa)"
        criterion.save(update_fields=["name"])
    elif change == "set edited":
        held.criteria_set.name += " (sửa)"
        held.criteria_set.save(update_fields=["name"])
    elif change == "thresholds bulk-updated":  # no signal, no save(): only the database sees it
        Threshold.objects.filter(indicator_id=threshold.indicator_id).update(value=F("value") + 1)
    elif change == "threshold by plain SQL":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Threshold._meta.db_table} SET value = value + 1 WHERE id = %s", [threshold.pk])
    elif change == "indicators bulk-updated":
        Indicator.objects.filter(pk=threshold.indicator_id).update(text="Đã sửa")
    elif change == "criterion bulk-updated":
        Criterion.objects.filter(indicators__id=threshold.indicator_id).update(name="Đã sửa")
    elif change == "set bulk-updated":
        CriteriaSet.objects.filter(pk=held.criteria_set.pk).update(name="Đã sửa")
    elif change == "thresholds bulk-deleted":
        Threshold.objects.filter(pk=threshold.pk)._raw_delete(Threshold.objects.db)
    else:
        threshold.delete()  # renews the revision too; the loader must renew it again when it adds
        catalogue_forget()
        held = catalogue_for_year(2024)
        assert catalogue_load()["thresholds"] == 1
    fresh = catalogue_for_year(2024)
    assert fresh is not held
    if change == "threshold edited":
        assert threshold.value in [t.value for t in fresh.thresholds[threshold.indicator_id]]
    if change == "threshold deleted":
        assert threshold.pk not in [t.pk for rows in fresh.thresholds.values() for t in rows]


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_a_changed_threshold_is_used_by_the_next_save_in_any_process(province_user):
    """A process holding the old catalogue (like another gunicorn worker) sees the new revision."""
    from communes.models import Assessment
    from territory.models import Commune
    from communes.services.assessments import assessment_save

    held = catalogue_for_year(2025)
    indicator = next(i for i in held.indicators.values()
                     if i.comparison == Indicator.Comparison.AT_LEAST and held.thresholds[i.pk])
    commune = Commune.objects.filter(kind=Commune.Kind.COMMUNE, excluded=False).select_related("district__province").first()
    old = held.threshold(indicator.pk, region=commune.district.province.region,
                         mountain=commune.uses_mountain_thresholds, year=2025)
    # Another process raises every threshold of the indicator by a bulk update (no signal, no save()).
    Threshold.objects.filter(indicator=indicator).update(value=F("value") + 10)
    version = Assessment.objects.filter(commune=commune, indicator=indicator, year=2025).values_list(
        "version", flat=True).first() or 0
    saved = assessment_save(commune=commune, indicator=indicator, year=2025, value=old,
                            expected_version=version, user=province_user)
    assert saved.met is False  # the old threshold would have said met


@pytest.mark.django_db
def test_indicator_texts_are_vietnamese_without_english_notes():
    catalogue_load()
    texts = dict(Indicator.objects.filter(criterion__criteria_set__code=COMMUNE_SET).values_list("code", "text"))
    assert texts["12"] == "Tỷ lệ lao động có việc làm qua đào tạo"
    assert texts["17.1"].endswith("(trong đó tối thiểu 15-20% từ hệ thống cấp nước tập trung)")
    english = ("uncertain", "wording", "split", "of which", "from a", "supply system")
    assert [code for code, text in texts.items() if any(word in text for word in english)] == []


@pytest.mark.django_db
def test_a_bulk_insert_of_thousands_of_thresholds_renews_the_set():
    """Each statement renews the revision (one trigger run per statement on PostgreSQL, not one per row)."""
    catalogue_load()
    held = catalogue_for_year(2024)
    indicator = next(iter(held.indicators.values()))
    rows = [Threshold(indicator=indicator, region="", mountain=False, year=year, value=1, source="x")
            for year in range(3000, 5000)]
    Threshold.objects.bulk_create(rows)
    assert catalogue_for_year(2024) is not held


@pytest.mark.django_db
def test_reinstalling_the_triggers_after_a_migrate_keeps_one_renewal_per_change():
    from communes.triggers import catalogue_triggers_install

    catalogue_load()
    catalogue_triggers_install(connection)  # what every `migrate` does (post_migrate), idempotent
    held = catalogue_for_year(2024)
    Threshold.objects.filter(indicator__criterion__criteria_set=held.criteria_set).update(value=F("value") + 1)
    assert catalogue_for_year(2024) is not held


# --- Years from the catalogue ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_years_offered_are_those_the_commune_sets_cover_and_grow_with_a_new_set():
    from communes.selectors import assessment_years, levels_in_force

    catalogue_load()
    commune_set = CriteriaSet.objects.get(code="commune-ntm-2021-2025")
    assert set(range(2021, 2026)) <= set(assessment_years())
    last = max(assessment_years())
    CriteriaSet.objects.create(code="xa-2031", name="Bộ 2031", scope="commune", level="ntm", legal_basis="QĐ",
                               period_start=last + 1, period_end=last + 5)
    CriteriaSet.objects.create(code="huyen-2031", name="Huyện", scope="district", level="ntm", legal_basis="QĐ",
                               period_start=last + 1, period_end=last + 9)
    assert assessment_years()[-1] == last  # the same request (or command) keeps what it read
    catalogue_forget()  # a new request
    assert assessment_years()[-1] == last + 5  # district sets do not add commune years
    assert assessment_years()[0] == commune_set.period_start
    assert levels_in_force(2024)[0] == "ntm"


@pytest.mark.django_db
def test_the_years_are_read_once_per_request(django_assert_num_queries):
    from communes.catalogue import request_memo_clear
    from communes.selectors import assessment_years

    with django_assert_num_queries(1):
        assessment_years()
        assessment_years()
    request_memo_clear()  # what request_started does
    with django_assert_num_queries(1):
        assessment_years()


@pytest.mark.django_db
@pytest.mark.without_catalogue
def test_without_any_set_this_year_is_offered():
    from django.utils import timezone

    from communes.selectors import assessment_years

    assert assessment_years() == [timezone.localdate().year]


# --- The sets shipped ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.without_catalogue
def test_the_sets_of_both_periods_are_shipped_and_marked_unverified():
    from communes.catalogue import catalogue_forget
    from communes.selectors import assessment_years, criteria_sets_summary, levels_in_force

    created = catalogue_load()
    summary = {s.criteria_set.code: s for s in criteria_sets_summary()}
    assert {code: summary[code].criteria for code in summary} == {
        "commune-ntm-2021-2025": 19, "commune-advanced-2021-2025": 19, "commune-model-2021-2025": 4,
        "district-ntm-2021-2025": 9, "province-ntm-2021-2025": 1, "commune-ntm-2026-2030": 10,
        "commune-modern-2026-2030": 0, "province-ntm-2026-2030": 0,
    }
    assert created["indicators"] == 55 + 19 + 4 + 1 + 10
    assert all(summary[code].verified_share == 0 for code in ("commune-ntm-2026-2030", "commune-advanced-2021-2025"))
    new = summary["commune-ntm-2026-2030"].criteria_set
    assert "51/2025/QĐ-TTg" in new.legal_basis and (new.period_start, new.period_end) == (2026, 2030)
    assert set(Threshold.objects.filter(indicator__criterion__criteria_set=new).values_list("commune_group", flat=True)) == {1, 2, 3}
    catalogue_forget()
    assert assessment_years() == list(range(2021, 2031))
    assert catalogue_for_year(2026).criteria_set == new and len(catalogue_for_year(2026).criteria) == 10
    assert levels_in_force(2024) == ["ntm", "advanced", "model"]
    assert levels_in_force(2026) == ["ntm", "modern"]
    assert catalogue_load() == {"criteria": 0, "indicators": 0, "thresholds": 0}
