import time

from communes.models import Assessment, CommuneYearResult, Level, Recognition, Review
from communes.selectors import review_queue
from showcase.demo.communes import demo_assessments_load


def test_demo_assessments_agree_with_the_recognitions_and_load_once(ha_tinh, district_user, province_user, commune_user):
    started = time.monotonic()
    report = demo_assessments_load()
    assert time.monotonic() - started < 30
    assert "39820" in report  # 181 communes × 55 indicators × 4 years
    ntm_year = {}
    for commune_id, year in Recognition.objects.filter(level=Level.NTM, commune__isnull=False).values_list(
            "commune_id", "standard_year"):
        ntm_year[commune_id] = min(year, ntm_year.get(commune_id, year))
    summaries = list(CommuneYearResult.objects.all())
    assert len(summaries) == 181 * 4
    for summary in summaries:
        reached = summary.commune_id in ntm_year and ntm_year[summary.commune_id] <= summary.year
        assert (summary.criteria_met == 19) == reached, (summary.commune_id, summary.year)
        assert (summary.level == Level.NTM) == reached
    assert any(s.criteria_met < 19 for s in summaries)  # 2021–2022 communes recognised in 2023

    assert set(Review.objects.filter(year__lt=2024).values_list("state", flat=True)) == {"approved"}
    assert len(set(Review.objects.filter(year=2024).values_list("state", flat=True))) >= 3
    assert review_queue(district_user, 2024) and review_queue(province_user, 2024)
    assert Review.objects.get(commune=commune_user.commune, year=2024).state == "draft"

    count = Assessment.objects.count()
    assert demo_assessments_load() == "Assessments: already loaded."
    assert Assessment.objects.count() == count
