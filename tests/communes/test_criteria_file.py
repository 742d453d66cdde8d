"""The catalogue from a file: read, load (all or nothing, audited, recomputing), export, template."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.management import CommandError, call_command
from django.utils import translation

from communes.catalogue import catalogue_for_year
from communes.models import Assessment, CriteriaSet, Criterion, CriterionResult, Indicator, Threshold
from communes.services.assessments import assessment_save
from communes.services.catalogue import COMMUNE_SET, DISTRICT_SET, catalogue_load
from communes.services.criteria_loading import criteria_export, criteria_load, criteria_rows, criteria_template
from communes.services.criteria_reading import COLUMNS, CriteriaFileError, criteria_read
from ntm_tracker.models import AuditEvent, User
from tests.factories import make_commune, make_district, make_user


pytestmark = pytest.mark.without_catalogue


def _read(data: bytes, name: str = "catalogue.csv"):
    return criteria_read(io.BytesIO(data), name)


def _csv(rows: list[dict]) -> bytes:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(f'"{row.get(column, "")}"' for column in COLUMNS))
    return "\n".join(lines).encode()


SET = {"record": "set", "set_code": "thu", "set_name": "Bộ thử", "scope": "commune", "level": "advanced",
       "legal_basis": "QĐ thử", "period_start": "2021", "period_end": "2025", "source": "QĐ thử", "verified": "no"}
CRITERION = {"record": "criterion", "set_code": "thu", "criterion_no": "1", "criterion_name": "Quy hoạch",
             "source": "QĐ thử", "verified": "yes"}
INDICATOR = {"record": "indicator", "set_code": "thu", "criterion_no": "1", "indicator_code": "1.1",
             "indicator_text": "Tỷ lệ", "kind": "percent", "unit": "%", "comparison": "gte", "source": "QĐ thử",
             "verified": "no"}
THRESHOLD = {"record": "threshold", "set_code": "thu", "indicator_code": "1.1", "mountain": "no", "value": "80",
             "source": "QĐ thử", "verified": "no"}


@pytest.mark.django_db
@pytest.mark.parametrize("xlsx", [False, True])
@pytest.mark.parametrize("code", [COMMUNE_SET, DISTRICT_SET])
def test_an_exported_set_loaded_back_changes_nothing(code, xlsx):
    catalogue_load()
    criteria_set = CriteriaSet.objects.get(code=code)
    before = (criteria_rows(criteria_set), criteria_set.revision, Threshold.objects.count(), AuditEvent.objects.count())

    result = criteria_load(sets=_read(criteria_export(criteria_set, xlsx=xlsx), "x.xlsx" if xlsx else "x.csv"), user=None)

    criteria_set.refresh_from_db()
    assert result.changes == []
    assert (criteria_rows(criteria_set), criteria_set.revision, Threshold.objects.count(), AuditEvent.objects.count()) == before


@pytest.fixture
def assessed(db):
    """Two communes assessed in 2024 on a percent indicator: 70 and 90 against a threshold of 60."""
    catalogue_load()
    user = make_user(User.Role.ADMIN, is_superuser=True)
    district = make_district()
    communes = [make_commune(district), make_commune(district)]
    catalogue = catalogue_for_year(2024)
    indicator = next(i for i in catalogue.indicators.values() if i.code == "2.2")
    Threshold.objects.filter(indicator=indicator).update(value=60)
    for commune, value in zip(communes, (70, 90)):
        assessment_save(commune=commune, indicator=indicator, year=2024, value=Decimal(value), expected_version=0,
                        user=user)
    return {"user": user, "communes": communes, "indicator": indicator}


def _with_threshold(value: str) -> bytes:
    rows = criteria_rows(CriteriaSet.objects.get(code=COMMUNE_SET))
    code, kind = COLUMNS.index("indicator_code"), COLUMNS.index("record")
    for row in rows:
        if row[kind] == "threshold" and row[code] == "2.2":
            row[COLUMNS.index("value")] = value
    from communes.services.criteria_loading import criteria_file

    return criteria_file(rows, xlsx=False)


def test_a_threshold_changed_through_the_loader_changes_the_affected_communes_results(assessed):
    low, high = assessed["communes"]
    criterion_id = assessed["indicator"].criterion_id
    before = {c.pk: CriterionResult.objects.get(commune=c, criterion_id=criterion_id, year=2024).indicators_met
              for c in (low, high)}

    result = criteria_load(sets=_read(_with_threshold("80")), user=assessed["user"])

    assert Assessment.objects.get(commune=low, indicator=assessed["indicator"]).met is False
    assert Assessment.objects.get(commune=high, indicator=assessed["indicator"]).met is True
    after = {c.pk: CriterionResult.objects.get(commune=c, criterion_id=criterion_id, year=2024).indicators_met
             for c in (low, high)}
    assert after == {low.pk: before[low.pk] - 1, high.pk: before[high.pk]}
    assert result.assessments_recomputed == 1 and result.communes_recomputed == 1
    event = AuditEvent.objects.get(object_type="communes.criteriaset", actor=assessed["user"])
    assert event.actor == assessed["user"] and any("2.2" in line for line in event.changes["catalogue"][1])


def test_a_dry_run_says_what_would_change_and_writes_nothing(assessed):
    events = AuditEvent.objects.count()
    result = criteria_load(sets=_read(_with_threshold("80")), user=None, dry_run=True)

    assert result.dry_run and result.change_count >= 1 and result.assessments_recomputed == 1
    assert Assessment.objects.get(commune=assessed["communes"][0], indicator=assessed["indicator"]).met is True
    assert not Threshold.objects.filter(indicator=assessed["indicator"], value=80).exists()
    assert AuditEvent.objects.count() == events


def test_an_indicator_with_assessments_cannot_be_removed(assessed):
    rows = [row for row in criteria_rows(CriteriaSet.objects.get(code=COMMUNE_SET))
            if row[COLUMNS.index("indicator_code")] != "2.2"]
    from communes.services.criteria_loading import criteria_file

    with pytest.raises(CriteriaFileError) as refused:
        criteria_load(sets=_read(criteria_file(rows, xlsx=False)), user=None)
    assert "2.2" in refused.value.errors[0]
    assert Indicator.objects.filter(code="2.2").exists()


@pytest.mark.django_db
def test_a_new_set_is_created_with_its_rows_and_audited():
    criteria_load(sets=_read(_csv([SET, CRITERION, INDICATOR, THRESHOLD])), user=None)

    criteria_set = CriteriaSet.objects.get(code="thu")
    assert (criteria_set.level, criteria_set.period_start, criteria_set.period_end) == ("advanced", 2021, 2025)
    assert Criterion.objects.get(criteria_set=criteria_set).wording_verified
    threshold = Threshold.objects.get(indicator__criterion__criteria_set=criteria_set)
    assert (threshold.value, threshold.commune_group, threshold.verified) == (Decimal(80), 0, False)
    assert AuditEvent.objects.filter(object_type="communes.criteriaset", object_id=str(criteria_set.pk),
                                     action="created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("rows, row, words", [
    ([SET, CRITERION, {**INDICATOR, "criterion_no": "2"}], 4, "2"),  # an indicator without a criterion
    ([SET, CRITERION, INDICATOR, {**THRESHOLD, "commune_group": "4"}], 5, "4"),  # unknown group
    ([SET, CRITERION, INDICATOR, {**THRESHOLD, "region": "mars"}], 5, "mars"),  # unknown region
    ([SET, CRITERION, INDICATOR, {**INDICATOR, "indicator_text": "lại"}], 5, "1.1"),  # duplicate code
    ([SET, CRITERION, CRITERION], 4, "1"),  # duplicate criterion
    ([SET, CRITERION, {**INDICATOR, "comparison": "yes"}], 4, "yes"),  # a comparison the kind cannot take
    ([SET, CRITERION, {**INDICATOR, "kind": "yes_no", "comparison": "yes"}, THRESHOLD], 5, "1.1"),
    ([SET, CRITERION, INDICATOR, {**THRESHOLD, "indicator_code": "9.9"}], 5, "9.9"),  # unknown indicator
    ([SET, {**SET, "set_code": "khac", "period_start": "2025", "period_end": "2027"}], 3, "thu"),  # overlap
    ([{**SET, "scope": "village"}], 2, "village"),
    ([{**SET, "record": "bo"}], 2, "bo"),
    ([{**SET, "period_start": "2026"}], 2, "2026"),
    ([SET, CRITERION, INDICATOR, {**THRESHOLD, "value": "nhiều"}], 5, "nhiều"),
])
def test_bad_rows_are_named_in_vietnamese_and_nothing_is_written(rows, row, words):
    with translation.override("vi"), pytest.raises(CriteriaFileError) as refused:
        criteria_read(io.BytesIO(_csv(rows)), "x.csv")
    message = refused.value.errors[0]
    assert message.startswith(f"Dòng {row}: ") and (words in message or words == "2026"), message
    assert not CriteriaSet.objects.exists()


@pytest.mark.django_db
def test_a_set_overlapping_a_stored_set_of_the_same_scope_and_level_is_refused():
    catalogue_load()
    with pytest.raises(CriteriaFileError) as refused:
        _read(_csv([{**SET, "level": "ntm", "period_start": "2025", "period_end": "2030"}]))
    assert COMMUNE_SET in refused.value.errors[0]


@pytest.mark.django_db
def test_a_missing_column_is_named():
    data = _csv([SET]).replace(b",legal_basis", b",basis")
    with translation.override("vi"), pytest.raises(CriteriaFileError) as refused:
        _read(data)
    assert "legal_basis" in refused.value.errors[0] and refused.value.errors[0].startswith("Thiếu cột")


@pytest.mark.django_db
def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(CriteriaFileError):
        _read(b"PK\x03\x04 not really", "x.xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("xlsx", [False, True])
def test_the_template_loads_as_an_example_set(xlsx):
    sets = _read(criteria_template(xlsx=xlsx), "t.xlsx" if xlsx else "t.csv")
    assert [(s.code, len(s.criteria), len(s.indicators), len(s.thresholds)) for s in sets] == [("vi-du-2026", 1, 1, 1)]


@pytest.mark.django_db
def test_a_50_criterion_200_indicator_2000_threshold_set_loads_in_bulk():
    """Its time (target 5 s) is the benchmark's `criteria load` step; here, statements in batches."""
    rows = [{**SET, "set_code": "lon", "period_start": "2040", "period_end": "2044"}]
    for c in range(1, 51):
        rows.append({**CRITERION, "set_code": "lon", "criterion_no": str(c)})
        for i in range(1, 5):
            code = f"{c}.{i}"
            rows.append({**INDICATOR, "set_code": "lon", "criterion_no": str(c), "indicator_code": code})
            rows.extend({**THRESHOLD, "set_code": "lon", "indicator_code": code, "year": str(2040 + y % 5),
                         "commune_group": str(1 + y // 5)} for y in range(10))
    with CaptureQueriesContext(connection) as queries:
        result = criteria_load(sets=_read(_csv(rows)), user=None)
    assert len(queries) < 100, len(queries)  # not one per row (2,251 rows)
    assert result.change_count == 1 + 50 + 200 + 2000
    assert Threshold.objects.filter(indicator__criterion__criteria_set__code="lon").count() == 2000


@pytest.mark.django_db
def test_the_command_loads_and_its_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "bo.csv"
    path.write_bytes(_csv([SET, CRITERION, INDICATOR, THRESHOLD]))
    out = io.StringIO()
    call_command("load_criteria", str(path), "--dry-run", stdout=out)
    assert "would change" in out.getvalue() and not CriteriaSet.objects.exists()
    call_command("load_criteria", str(path), stdout=io.StringIO())
    assert CriteriaSet.objects.filter(code="thu").exists()
    path.write_bytes(_csv([{**SET, "scope": "village"}]))
    with pytest.raises(CommandError, match="scope"):
        call_command("load_criteria", str(path))
