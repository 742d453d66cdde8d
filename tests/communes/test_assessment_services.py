from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communes.models import Assessment, CommuneYearResult, CriterionResult, Indicator, Level, Review, Threshold
from communes.rules import threshold_pick
from communes.services.assessments import _COLUMNS, ReviewLocked, _year_read, assessment_save, results_refresh
from communes.services.reviews import review_transition
from ntm_tracker.models import AuditEvent
from ntm_tracker.stale import StaleEdit


def _t(region="", mountain=False, year=None, value=0):
    return Threshold(region=region, mountain=mountain, year=year, value=Decimal(value))


def test_most_specific_threshold_wins():
    rows = [_t(value=1), _t(year=2024, value=2), _t(region="north_central", value=3),
            _t(region="north_central", year=2024, value=4)]
    assert threshold_pick(rows, region="north_central", mountain=False, year=2024) == 4
    assert threshold_pick(rows, region="north_central", mountain=False, year=2023) == 3
    assert threshold_pick(rows, region="mekong_delta", mountain=False, year=2024) == 2
    assert threshold_pick(rows, region="mekong_delta", mountain=False, year=2022) == 1


def test_mountain_commune_uses_the_mountain_column_and_falls_back():
    rows = [_t(value=85), _t(mountain=True, value=70)]
    assert threshold_pick(rows, region="north_central", mountain=True, year=2024) == 70
    assert threshold_pick([_t(value=85)], region="north_central", mountain=True, year=2024) == 85


def _save(commune, indicator, user, version=0, **values):
    return assessment_save(commune=commune, indicator=indicator, year=2024, expected_version=version,
                           user=user, **values)


def test_save_computes_met_from_the_regional_threshold_and_refreshes_results(can_loc_commune, ntm_indicator, province_user):
    saved = _save(can_loc_commune, ntm_indicator, province_user, value=Decimal("84.5"))
    assert saved.met is False and saved.version == 1
    result = CriterionResult.objects.get(commune=can_loc_commune, criterion=ntm_indicator.criterion, year=2024)
    assert result.met is False and result.indicators_total == 4
    summary = CommuneYearResult.objects.get(commune=can_loc_commune, year=2024)
    assert summary.criteria_met == 0 and summary.criteria_total == 19 and summary.level == ""

    saved = _save(can_loc_commune, ntm_indicator, province_user, version=1, value=Decimal("85"))
    assert saved.met is True and saved.version == 2


def test_criterion_met_only_when_all_its_indicators_are_met_and_ntm_when_all_19(can_loc_assessed, province_user):
    commune = can_loc_assessed.communes.filter(kind="xa").order_by("code").first()
    summary = CommuneYearResult.objects.get(commune=commune, year=2024)
    assert summary.criteria_met == 19 and summary.level == Level.NTM  # recognised NTM long before 2024
    Review.objects.filter(commune=commune, year=2024).update(state=Review.State.DRAFT)
    yes_no = Indicator.objects.get(code="1.1", criterion__criteria_set__code="commune-ntm-2021-2025")
    current = Assessment.objects.get(commune=commune, indicator=yes_no, year=2024)
    _save(commune, yes_no, province_user, version=current.version, met=False)
    summary.refresh_from_db()
    assert summary.criteria_met == 18 and summary.level == ""
    assert CriterionResult.objects.get(commune=commune, criterion=yes_no.criterion, year=2024).indicators_met == 1


def test_stale_edit_is_refused_and_nothing_is_overwritten(can_loc_commune, ntm_indicator, province_user, district_user):
    _save(can_loc_commune, ntm_indicator, province_user, value=Decimal("90"))
    with pytest.raises(StaleEdit) as stale:
        _save(can_loc_commune, ntm_indicator, district_user, version=0, value=Decimal("10"))
    assert stale.value.current.value == Decimal("90") and stale.value.current.updated_by == province_user
    assert Assessment.objects.get(commune=can_loc_commune, indicator=ntm_indicator, year=2024).value == Decimal("90")


def test_approved_year_is_read_only(can_loc_commune, ntm_indicator, province_user):
    Review.objects.create(commune=can_loc_commune, year=2024, state=Review.State.APPROVED)
    with pytest.raises(ReviewLocked):
        _save(can_loc_commune, ntm_indicator, province_user, value=Decimal("90"))
    assert not Assessment.objects.exists()


def test_percent_above_100_is_refused(can_loc_commune, ntm_indicator, province_user):
    with pytest.raises(ValidationError):
        _save(can_loc_commune, ntm_indicator, province_user, value=Decimal("101"))


def test_every_change_is_audited_with_old_and_new_value_and_reason(can_loc_commune, ntm_indicator, province_user):
    _save(can_loc_commune, ntm_indicator, province_user, value=Decimal("80"))
    _save(can_loc_commune, ntm_indicator, province_user, version=1, value=Decimal("88"), reason="Số liệu mới")
    event = AuditEvent.objects.filter(unit_code=can_loc_commune.code).first()
    assert event.action == AuditEvent.Action.CHANGED and event.reason == "Số liệu mới"
    assert event.changes["value"] == ["80.00", "88.00"] and event.changes["met"] == [False, True]


def test_review_steps_follow_the_workflow_and_return_needs_a_reason(can_loc_commune, commune_user, district_user, province_user):
    review = review_transition(commune=can_loc_commune, year=2024, step="submit", user=commune_user)
    assert review.state == Review.State.SUBMITTED
    with pytest.raises(ValidationError):
        review_transition(commune=can_loc_commune, year=2024, step="return", user=district_user)
    review = review_transition(commune=can_loc_commune, year=2024, step="return", user=district_user, reason="Thiếu minh chứng")
    assert review.state == Review.State.RETURNED
    with pytest.raises(ValidationError):
        review_transition(commune=can_loc_commune, year=2024, step="approve", user=province_user)
    for step, user in [("submit", commune_user), ("verify", district_user), ("approve", province_user)]:
        review = review_transition(commune=can_loc_commune, year=2024, step=step, user=user)
    assert review.state == Review.State.APPROVED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WORKFLOW, unit_code=can_loc_commune.code).count() == 5
    review = review_transition(commune=can_loc_commune, year=2024, step="reopen", user=province_user, reason="Sửa số liệu")
    assert review.state == Review.State.DRAFT


def test_the_year_is_read_with_python_types_and_the_review_state(can_loc_commune, ntm_indicator, province_user):
    """The save reads a commune's year with its review state in one statement (`_year_read`), in
    Python types on SQLite as on PostgreSQL, and the review state even with no assessment."""
    assert _year_read(can_loc_commune, 2025) == (Review.State.DRAFT, [])
    Review.objects.create(commune=can_loc_commune, year=2025, state=Review.State.SUBMITTED)
    assert _year_read(can_loc_commune, 2025)[0] == Review.State.SUBMITTED
    saved = assessment_save(commune=can_loc_commune, indicator=ntm_indicator, year=2025, value=Decimal("87.25"),
                            note="ghi chú", expected_version=0, user=province_user)
    state, rows = _year_read(can_loc_commune, 2025)
    row = dict(zip(_COLUMNS, rows[0]))
    assert state == Review.State.SUBMITTED and len(rows) == 1
    assert row["value"] == Decimal("87.25") and isinstance(row["value"], Decimal)
    assert row["met"] is saved.met and isinstance(row["met"], bool)
    assert isinstance(row["updated_at"], datetime) and row["updated_at"].tzinfo is not None
    assert (row["note"], row["version"], row["updated_by_id"]) == ("ghi chú", 1, province_user.pk)


def _results(commune, year):
    return (sorted(CriterionResult.objects.filter(commune=commune, year=year).values_list(
                "criterion_id", "met", "indicators_met", "indicators_total")),
            list(CommuneYearResult.objects.filter(commune=commune, year=year).values_list(
                "criteria_met", "criteria_total", "level")))


def test_the_single_save_and_the_bulk_refresh_write_the_same_results(can_loc_assessed, province_user):
    """A save computes its criterion's result from the rows it read under the lock and writes that
    one; `results_refresh` recomputes every criterion from the table. Both end in the same rows."""
    commune = can_loc_assessed.communes.filter(kind="xa").order_by("code").first()
    Review.objects.filter(commune=commune, year=2024).update(state=Review.State.DRAFT)
    saves = [("1.1", {"met": False}), ("2.2", {"value": Decimal("40")}), ("2.2", {"value": Decimal("95")}),
             ("3.1", {"met": None}), ("17.1", {"met": False})]
    for code, values in saves:
        indicator = Indicator.objects.get(code=code, criterion__criteria_set__code="commune-ntm-2021-2025")
        stored = Assessment.objects.filter(commune=commune, indicator=indicator, year=2024).first()
        _save(commune, indicator, province_user, version=stored.version if stored else 0, **values)
    single = _results(commune, 2024)
    assert single[1][0][0] == 16 and single[1][0][2] == ""  # criteria 1, 3 (one indicator without data) and 17 fell
    CriterionResult.objects.filter(commune=commune, year=2024).update(met=None, indicators_met=0, indicators_total=0)
    CommuneYearResult.objects.filter(commune=commune, year=2024).delete()
    results_refresh(communes=[commune], years=[2024])
    assert _results(commune, 2024) == single
