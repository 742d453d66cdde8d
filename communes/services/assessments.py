"""Writing assessments: one indicator value at a time (the browser) or many (Excel, the demo).

Every save recomputes the commune's criterion results and its year summary in the same
transaction, so dashboards read small, always-current tables. A save carries the version the
user saw; if the row has moved on since, the save is refused (`StaleEdit`), never overwritten.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from communes.catalogue import Catalogue, catalogue_for_year
from communes.models import (
    Assessment, CommuneYearResult, Criterion, CriterionResult, Indicator, Level, Review, Threshold,
)
from communes.groups import group_for, groups_for
from communes.rules import met_compute, threshold_pick, unit_year_check, value_validate
from communes.services.reviews import review_unverify
from ntm_tracker.audit import audit_record, audit_record_many, diff
from ntm_tracker.db import row_lock, rows_convert, rows_insert, rows_lock, upsert, upsert_suffix
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from territory.models import Commune


class ReviewLocked(Exception):
    """The commune's assessment for the year is approved: read-only until the province reopens it.

    `commune_id`: the commune concerned, when a batch of several communes was refused."""

    def __init__(self, commune_id: int | None = None):
        super().__init__("review locked")
        self.commune_id = commune_id


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


# The columns `assessment_save` reads of every assessment of the commune's year, in model order
# (the order `Model.from_db` takes them in).
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
    A year the commune did not exist in is refused (ValidationError, `unit_year_check`).
    """
    unit_year_check(commune, year)
    catalogue = catalogue or catalogue_for_year(year)
    # Saves of one commune are serialised on its row, so two people saving different indicators at
    # once cannot each compute the criterion results without the other's change.
    row_lock(Commune, commune.pk)
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
    threshold = threshold_pick(thresholds, region=commune.province.region,
                               mountain=commune.uses_mountain_thresholds, year=year, group=group)
    assessment.commune_group = group
    _assessment_apply(assessment, indicator=indicator, value=value, met=met, note=note, threshold=threshold, user=user)
    if evidence is not None:
        assessment.evidence = evidence
    elif clear_evidence:
        assessment.evidence = ""
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
        if state == Review.State.VERIFIED and ("value" in changes or "met" in changes):
            review_unverify(commune=commune, year=year, user=user, what=indicator.code, request=request)
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
        results_write([assessment.criterion_result], summaries)
    elif refresh:  # an indicator of another set than the year's: the general path
        _results_refresh_year(commune_ids=[commune.pk], year=year)
    return assessment


def _assessment_apply(assessment: Assessment, *, indicator: Indicator, value: Decimal | None, met: bool | None,
                      note: str, threshold: Decimal | None, user: User) -> None:
    """Set an assessment's new value, met (by the rule), note, author and version: the one place both
    `assessment_save` and `assessments_save_many` change a row."""
    assessment.value = value if indicator.is_numeric else None
    assessment.met = met_compute(indicator, value=assessment.value, met=met, threshold=threshold)
    assessment.note = note
    assessment.updated_by = user
    assessment.version += 1


@dataclass
class ValueChange:
    """One indicator value of a batch: `version` is the one the user saw (0: not recorded yet)."""

    commune: Commune
    indicator: Indicator
    value: Decimal | None
    met: bool | None
    version: int


class _Row:
    """An assessment as plain values, for batches: a model instance per row costs more than the
    whole write. Holds what `_assessment_apply`, `_snapshot` and the audit read of an Assessment."""

    _meta = Assessment._meta
    __str__ = Assessment.__str__

    def __init__(self, *, pk, commune, indicator, year, value, met, note, evidence, version):
        self.pk, self.commune, self.indicator, self.year = pk, commune, indicator, year
        self.value, self.met, self.note, self.version = value, met, note, version
        self.evidence = SimpleNamespace(name=evidence) if evidence else ""
        self.updated_by = None


@transaction.atomic
def assessments_save_many(*, year: int, changes: list[ValueChange], user: User, request: HttpRequest | None = None,
                          reason: str = "") -> int:
    """Save many indicator values of `year` at once (the Excel import), all or none; returns how many.

    The same rules as `assessment_save` (`value_validate`, `_assessment_apply`, the audit diff,
    `results_compute`), done in bulk so a province's workbook (~10,000 values) takes seconds: one
    statement locks every commune concerned (in id order, so two batches cannot deadlock), one reads
    their review states, one their assessments; rows are written by plain-SQL INSERT … ON CONFLICT
    DO UPDATE batches (the same on PostgreSQL and SQLite), the audit events likewise, and the
    communes' results recomputed and upserted together. Raises `ReviewLocked` (with `commune_id`)
    when a commune's year is approved and `StaleEdit` when a value moved on since it was read.
    """
    if not changes:
        return 0
    for commune in {change.commune.pk: change.commune for change in changes}.values():
        unit_year_check(commune, year)
    catalogue = catalogue_for_year(year)
    commune_ids = sorted({change.commune.pk for change in changes})
    rows_lock(Commune, commune_ids)
    # Read after the lock, by later statements (see `assessment_save` on READ COMMITTED).
    approved = (Review.objects.filter(commune_id__in=commune_ids, year=year, state=Review.State.APPROVED)
                .values_list("commune_id", flat=True).first())
    if approved is not None:
        raise ReviewLocked(approved)
    current = {(row[1], row[2]): row for row in Assessment.objects.filter(
        commune_id__in=commune_ids, year=year, indicator_id__in={change.indicator.pk for change in changes},
    ).values_list("pk", "commune_id", "indicator_id", "value", "met", "note", "evidence", "version")}
    threshold_cache: dict[tuple, Decimal | None] = {}
    # 2026–2030: the threshold is the commune group's of that year, and the row records it.
    groups = groups_for(commune_ids, [year]) if catalogue and catalogue.uses_groups else {}
    rows, befores = [], []
    for change in changes:
        commune, indicator = change.commune, change.indicator
        stored = current.get((commune.pk, indicator.pk))
        if (stored[7] if stored else 0) != change.version:
            raise StaleEdit(Assessment.objects.select_related("updated_by").filter(pk=stored[0]).first()
                            if stored else None)
        value_validate(indicator, change.value)
        group = groups.get((commune.pk, year), 0)
        key = (indicator.pk, commune.province.region, commune.uses_mountain_thresholds, group)
        if key not in threshold_cache:
            thresholds = (catalogue.thresholds.get(indicator.pk, ()) if catalogue and indicator.pk in catalogue.indicators
                          else list(indicator.thresholds.all()))
            threshold_cache[key] = threshold_pick(thresholds, region=key[1], mountain=key[2], year=year, group=group)
        row = _Row(pk=stored[0], commune=commune, indicator=indicator, year=year, value=stored[3], met=stored[4],
                   note=stored[5], evidence=stored[6], version=stored[7]) if stored else _Row(
            pk=None, commune=commune, indicator=indicator, year=year, value=None, met=None, note="", evidence="",
            version=0)
        row.commune_group = group
        befores.append(_snapshot(row) if stored else {})
        _assessment_apply(row, indicator=indicator, value=change.value, met=change.met, note=row.note,
                          threshold=threshold_cache[key], user=user)
        rows.append(row)
    # One upsert for new and existing rows: the communes are locked, so the key decides.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    value_field = Assessment._meta.get_field("value")
    rows_insert(
        Assessment._meta.db_table,
        ["commune_id", "indicator_id", "year", "value", "met", "note", "evidence", "updated_by_id", "updated_at",
         "version", "commune_group"],
        [[row.commune.pk, row.indicator.pk, year, value_field.get_db_prep_save(row.value, connection), row.met,
          row.note, "", user.pk, now, row.version, row.commune_group] for row in rows],
        upsert_suffix(Assessment, ["commune", "indicator", "year"],
                      ["value", "met", "updated_by", "updated_at", "version", "commune_group"]),
    )
    # The new rows' ids, for the audit (RETURNING does not come back from a batch on every driver).
    ids = {(commune_id, indicator_id): pk for pk, commune_id, indicator_id in Assessment.objects.filter(
        commune_id__in=commune_ids, year=year).values_list("pk", "commune_id", "indicator_id")}
    events = []
    for row, before in zip(rows, befores):
        existed, row.pk = row.pk is not None, ids[(row.commune.pk, row.indicator.pk)]
        changed = diff(before, _snapshot(row))
        if changed:
            events.append({"action": AuditEvent.Action.CHANGED if existed else AuditEvent.Action.CREATED,
                           "actor": user, "request": request, "obj": row, "unit_code": row.commune.code,
                           "changes": changed, "reason": reason})
    audit_record_many(events)
    # A verified commune whose values changed goes back to "submitted" (see `review_unverify`).
    touched: dict[int, list] = defaultdict(list)
    for event in events:
        if "value" in event["changes"] or "met" in event["changes"]:
            touched[event["obj"].commune.pk].append(event["obj"])
    if touched:
        verified = set(Review.objects.filter(commune_id__in=list(touched), year=year, state=Review.State.VERIFIED)
                       .values_list("commune_id", flat=True))
        for commune_id in sorted(verified):
            rows_of = touched[commune_id]
            review_unverify(commune=rows_of[0].commune, year=year, user=user, request=request,
                            what=", ".join(sorted({r.indicator.code for r in rows_of})))
    _results_refresh_year(commune_ids=commune_ids, year=year)
    return len(rows)


def _year_read(commune: Commune, year: int) -> tuple[str, list[list]]:
    """(review state, every assessment row of the commune's year: the values of `_COLUMNS` in the
    ORM's Python types) in one plain-SQL statement (ntm_tracker/db.py says why); the state is the
    review's, or draft when there is none."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"a.{quote(field.column)}" for field in Assessment._meta.concrete_fields)
    with connection.cursor() as cursor:
        # The one-row left side keeps the review state when the year has no assessment yet.
        cursor.execute(
            f"SELECT (SELECT r.state FROM {quote(Review._meta.db_table)} r WHERE r.commune_id = %s AND r.year = %s),"
            f" {columns} FROM (SELECT 1 AS one) AS one LEFT JOIN {quote(Assessment._meta.db_table)} a"
            f" ON a.commune_id = %s AND a.year = %s",
            [commune.pk, year, commune.pk, year],
        )
        found = cursor.fetchall()
    rows = rows_convert(Assessment, _COLUMNS, (row[1:] for row in found if row[1] is not None))
    return found[0][0] or Review.State.DRAFT, rows


def results_write(results: list[CriterionResult], summaries: list[CommuneYearResult]) -> None:
    """Write criterion results and commune-year summaries, inserting or updating by their unique
    keys: the one writer of both tables, for one save as for a province's worth of rows."""
    upsert(results, unique_fields=["commune", "criterion", "year"],
           update_fields=["met", "indicators_met", "indicators_total"])
    upsert(summaries, unique_fields=["commune", "year"],
           update_fields=["criteria_met", "criteria_total", "level", "updated_at"])


def results_refresh(*, communes: list[Commune], years: list[int]) -> int:
    """Recompute CriterionResult and CommuneYearResult for every commune × year given.

    A handful of queries whatever the number of communes (the rule is in `results_compute`);
    returns the number of summaries written.
    """
    commune_ids = [c.pk for c in communes]
    return sum(len(_results_refresh_year(commune_ids=commune_ids, year=year)[1]) for year in years)


def _results_refresh_year(*, commune_ids: list[int], year: int) -> tuple[list[CriterionResult], list[CommuneYearResult]]:
    """Compute and write the results of `commune_ids` in `year`; returns what was written."""
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
    results_write(results, summaries)
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
