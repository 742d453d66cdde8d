"""Writing assessments: one indicator value at a time (the browser) or many (Excel, the demo).

Every save recomputes the commune's criterion results and its year summary in the same
transaction, so dashboards read small, always-current tables. A save carries the version the
user saw; if the row has moved on since, the save is refused (`StaleEdit`), never overwritten.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from communes.models import (
    Assessment, Commune, CommuneYearResult, Criterion, CriterionResult, Indicator, Level,
    Review, Threshold,
)
from communes.catalogue import Catalogue, catalogue_for_year
from communes.groups import group_for
from communes.rules import met_compute, threshold_pick, value_validate
from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User


class StaleEdit(Exception):
    """The assessment was saved by someone else since the form was opened."""

    def __init__(self, current: Assessment | None):
        super().__init__("stale edit")
        self.current = current


class ReviewLocked(Exception):
    """The commune's assessment for the year is approved: read-only until the province reopens it."""


def thresholds_by_indicator(indicator_ids) -> dict[int, list[Threshold]]:
    """{indicator id: [Threshold]} in one query."""
    grouped: dict[int, list[Threshold]] = defaultdict(list)
    for threshold in Threshold.objects.filter(indicator_id__in=list(indicator_ids)):
        grouped[threshold.indicator_id].append(threshold)
    return grouped


def review_state(commune: Commune, year: int) -> str:
    state = Review.objects.filter(commune=commune, year=year).values_list("state", flat=True).first()
    return state or Review.State.DRAFT


def _snapshot(assessment: Assessment | None) -> dict:
    if assessment is None:
        return {}
    value = None if assessment.value is None else Decimal(assessment.value).quantize(Decimal("0.01"))
    return {"value": value, "met": assessment.met, "note": assessment.note,
            "evidence": assessment.evidence.name if assessment.evidence else ""}


# The columns `assessment_save` reads of every assessment of the commune's year, in model order.
_COLUMNS = [field.attname for field in Assessment._meta.concrete_fields]
_INDICATOR, _MET = _COLUMNS.index("indicator_id"), _COLUMNS.index("met")


@transaction.atomic
def assessment_save(
    *, commune: Commune, indicator: Indicator, year: int, value: Decimal | None = None,
    met: bool | None = None, note: str = "", evidence=None, clear_evidence: bool = False,
    expected_version: int, user: User, request: HttpRequest | None = None, reason: str = "",
    refresh: bool = True, catalogue: Catalogue | None = None,
) -> Assessment:
    """Save one indicator value and refresh the commune's results for the year.

    `expected_version` is the version the user saw (0 for a value not recorded yet). Raises
    `StaleEdit` when it differs from the stored one, `ReviewLocked` when the year is approved and
    ValidationError for an impossible value. Audited with the old and new values. With
    `refresh=False` the caller refreshes the results itself (once, for a batch) in the same transaction.
    `catalogue`: the catalogue of `year` when the caller already holds it (saves a query).
    """
    catalogue = catalogue or catalogue_for_year(year)
    # Saves of one commune are serialised on its row, so two people saving different indicators at
    # once cannot each compute the criterion results without the other's change.
    _commune_lock(commune)
    # Then one statement reads the review state and every assessment of the commune's year: the one
    # being saved, and the others' results for the refresh below (stable: their writers wait for the
    # lock too). The state must be read by a later statement than the lock: under READ COMMITTED a
    # statement that waited for the lock still sees the data of its own start, so reading it in the
    # locking query let a save slip in just after an approval it had waited for.
    state, rows = _year_read(commune, year)
    if state == Review.State.APPROVED:
        raise ReviewLocked
    stored = next((row for row in rows if row[_INDICATOR] == indicator.pk), None)
    current = None if stored is None else Assessment.from_db(Assessment.objects.db, _COLUMNS, stored)
    value_validate(indicator, value)
    if (current.version if current else 0) != expected_version:
        raise StaleEdit(Assessment.objects.select_related("updated_by").get(pk=current.pk) if current else None)
    if current is not None:
        current.commune, current.indicator = commune, indicator  # for the audit's repr, without a query
    before = _snapshot(current)
    assessment = current or Assessment(commune=commune, indicator=indicator, year=year, version=0)
    thresholds = (catalogue.thresholds.get(indicator.pk, ()) if catalogue and indicator.pk in catalogue.indicators
                  else list(indicator.thresholds.all()))
    # 2026–2030: the threshold is the commune group's of that year, and the assessment records it.
    group = group_for(commune.pk, year) if any(t.commune_group for t in thresholds) else 0
    threshold = threshold_pick(thresholds, region=commune.district.province.region,
                               mountain=commune.uses_mountain_thresholds, year=year, group=group)
    assessment.commune_group = group
    assessment.value = value if indicator.is_numeric else None
    assessment.met = met_compute(indicator, value=assessment.value, met=met, threshold=threshold)
    assessment.note = note
    if evidence is not None:
        assessment.evidence = evidence
    elif clear_evidence:
        assessment.evidence = ""
    assessment.updated_by = user
    assessment.version += 1
    try:
        if current is not None:
            assessment.save()  # the row exists and its commune is locked: no unique clash possible
        else:
            with transaction.atomic():
                assessment.save()
    except IntegrityError:
        # Two first saves of the same indicator at once: the second one is stale too.
        raise StaleEdit(Assessment.objects.select_related("updated_by").filter(
            commune=commune, indicator=indicator, year=year).first()) from None
    changes = diff(before, _snapshot(assessment))
    if changes:
        audit_record(
            action=AuditEvent.Action.CHANGED if current else AuditEvent.Action.CREATED, actor=user,
            request=request, obj=assessment, unit_code=commune.code, changes=changes, reason=reason,
        )
    assessment.criterion_result = None
    if refresh and catalogue is not None and indicator.pk in catalogue.indicators:
        met_by_indicator = {row[_INDICATOR]: row[_MET] for row in rows if row[_INDICATOR] in catalogue.indicators}
        met_by_indicator[indicator.pk] = assessment.met
        results, summaries = results_compute(
            criteria=list(catalogue.criteria), indicator_criterion=catalogue.indicator_criterion,
            commune_ids=[commune.pk], year=year,
            rows=[(commune.pk, indicator_id, met) for indicator_id, met in met_by_indicator.items()],
        )
        # Only the saved indicator's criterion can have changed (the others' inputs did not, under
        # the lock); the page shows its result without reading it back.
        assessment.criterion_result = next(r for r in results if r.criterion_id == indicator.criterion_id)
        _results_upsert_one(assessment.criterion_result, summaries[0])
    elif refresh:  # an indicator of another set than the year's: the general path
        _results_write(commune_ids=[commune.pk], year=year)
    return assessment


def _year_read(commune: Commune, year: int) -> tuple[str, list[list]]:
    """(review state, every assessment row of the commune's year with the model's columns, in
    `_COLUMNS` order and Python types) in one plain-SQL statement, for the same reason as below;
    the state is the review's, or draft when there is none."""
    quote = connection.ops.quote_name
    fields = Assessment._meta.concrete_fields
    columns = ", ".join(f"a.{quote(field.column)}" for field in fields)
    with connection.cursor() as cursor:
        # The one-row left side keeps the review state when the year has no assessment yet.
        cursor.execute(
            f"SELECT (SELECT r.state FROM {quote(Review._meta.db_table)} r WHERE r.commune_id = %s AND r.year = %s),"
            f" {columns} FROM (SELECT 1 AS one) AS one LEFT JOIN {quote(Assessment._meta.db_table)} a"
            f" ON a.commune_id = %s AND a.year = %s",
            [commune.pk, year, commune.pk, year],
        )
        found = cursor.fetchall()
    state = found[0][0] or Review.State.DRAFT
    converters = [(field.get_col(Assessment._meta.db_table), connection.ops.get_db_converters(
        field.get_col(Assessment._meta.db_table)) + field.get_db_converters(connection)) for field in fields]
    rows = []
    for row in found:
        if row[1] is None:  # the left side alone: no assessment
            continue
        values = list(row[1:])
        for index, (expression, functions) in enumerate(converters):
            for function in functions:
                values[index] = function(values[index], expression, connection)
        rows.append(values)
    return state, rows


def _commune_lock(commune: Commune) -> None:
    """Hold the commune's row lock until the transaction ends (SQLite has no row locks: it lets one
    write transaction run at a time). Plain SQL: one of the statements of every indicator save,
    where the ORM's query building would cost several times the database's answer."""
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(Commune._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [commune.pk])


def _results_upsert_one(result: CriterionResult, summary: CommuneYearResult) -> None:
    """Write one criterion result and its commune's year summary: two INSERT … ON CONFLICT DO UPDATE
    statements in plain SQL (the same in PostgreSQL and SQLite), for the same reason as above."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(CriterionResult._meta.db_table)} (commune_id, criterion_id, year, met, indicators_met,"
            " indicators_total) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (commune_id, criterion_id, year)"
            " DO UPDATE SET met = excluded.met, indicators_met = excluded.indicators_met,"
            " indicators_total = excluded.indicators_total",
            [result.commune_id, result.criterion_id, result.year, result.met, result.indicators_met,
             result.indicators_total],
        )
        cursor.execute(
            f"INSERT INTO {quote(CommuneYearResult._meta.db_table)} (commune_id, year, criteria_met, criteria_total,"
            " level, updated_at) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (commune_id, year)"
            " DO UPDATE SET criteria_met = excluded.criteria_met, criteria_total = excluded.criteria_total,"
            " level = excluded.level, updated_at = excluded.updated_at",
            [summary.commune_id, summary.year, summary.criteria_met, summary.criteria_total, summary.level,
             connection.ops.adapt_datetimefield_value(timezone.now())],
        )


def results_refresh(*, communes: list[Commune], years: list[int]) -> int:
    """Recompute CriterionResult and CommuneYearResult for every commune × year given.

    A handful of queries whatever the number of communes (the rule is in `results_compute`);
    returns the number of summaries written.
    """
    commune_ids = [c.pk for c in communes]
    return sum(len(_results_write(commune_ids=commune_ids, year=year)[1]) for year in years)


def _results_write(*, commune_ids: list[int], year: int) -> tuple[list[CriterionResult], list[CommuneYearResult]]:
    """Compute and upsert the results of `commune_ids` in `year`; returns what was written."""
    catalogue = catalogue_for_year(year)
    if catalogue is None or not catalogue.criteria:
        return [], []
    criteria, indicator_criterion = list(catalogue.criteria), catalogue.indicator_criterion
    results, summaries = results_compute(
        criteria=criteria, indicator_criterion=indicator_criterion, commune_ids=commune_ids, year=year,
        rows=Assessment.objects.filter(
            commune_id__in=commune_ids, year=year, indicator_id__in=list(indicator_criterion),
        ).values_list("commune_id", "indicator_id", "met"),
    )
    for start in range(0, len(results), 2000):
        CriterionResult.objects.bulk_create(
            results[start:start + 2000], update_conflicts=True,
            unique_fields=["commune", "criterion", "year"],
            update_fields=["met", "indicators_met", "indicators_total"],
        )
    CommuneYearResult.objects.bulk_create(
        summaries, update_conflicts=True, unique_fields=["commune", "year"],
        update_fields=["criteria_met", "criteria_total", "level", "updated_at"],
    )
    return results, summaries


def results_compute(
    *, criteria: list[Criterion], indicator_criterion: dict[int, int], commune_ids: list[int], year: int, rows,
) -> tuple[list[CriterionResult], list[CommuneYearResult]]:
    """The results of `commune_ids` in `year` from their assessments, unsaved; no query.

    `rows` yields (commune id, indicator id, met) of the year's assessments; `indicator_criterion`
    maps each indicator of the set to its criterion id. A criterion is met when every one of its
    indicators is met; None while none is assessed. The commune reaches NTM in a year when every
    criterion of the set is met. Used by `results_refresh` (after a save) and by bulk loaders.
    """
    totals: dict[int, int] = defaultdict(int)
    for criterion_id in indicator_criterion.values():
        totals[criterion_id] += 1
    met_counts: dict[tuple[int, int], int] = defaultdict(int)
    assessed: dict[tuple[int, int], int] = defaultdict(int)
    for commune_id, indicator_id, met in rows:
        key = (commune_id, indicator_criterion[indicator_id])
        if met is not None:
            assessed[key] += 1
            met_counts[key] += bool(met)
    results, summaries = [], []
    for commune_id in commune_ids:
        criteria_met = 0
        for criterion in criteria:
            key = (commune_id, criterion.pk)
            total = totals[criterion.pk]
            met = None if not assessed[key] else (total > 0 and met_counts[key] == total)
            criteria_met += bool(met)
            results.append(CriterionResult(
                commune_id=commune_id, criterion=criterion, year=year, met=met,
                indicators_met=met_counts[key], indicators_total=total,
            ))
        summaries.append(CommuneYearResult(
            commune_id=commune_id, year=year, criteria_met=criteria_met, criteria_total=len(criteria),
            level=Level.NTM if criteria and criteria_met == len(criteria) else "",
        ))
    return results, summaries
