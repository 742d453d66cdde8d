"""The criteria catalogue from a file into the database, and back: `criteria_load` makes each
stored set exactly what the file's specs (`criteria_reading.criteria_read`) say — all or nothing,
audited, recomputing the assessments and results it changes — and `criteria_export` /
`criteria_template` write any set, or an example, in the same layout.

A file describes each of its sets whole: loading it makes the stored set exactly what the file
says (rows the file no longer has are removed — refused for an indicator that has assessments),
so an export loaded back changes nothing and the office can replace a reconstruction with the
official annex of a decision.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.catalogue import request_memo_clear
from communes.groups import groups_for
from communes.models import Assessment, CriteriaSet, Criterion, Indicator, Threshold
from communes.rules import met_compute, threshold_pick
from communes.services.assessments import results_refresh
from communes.services.criteria_reading import COLUMNS, CriteriaFileError, SetSpec
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User
from territory.models import Commune


@dataclass
class LoadResult:
    """What a load changed (or, in a dry run, would change)."""

    changes: list[str] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)
    assessments_recomputed: int = 0
    communes_recomputed: int = 0
    dry_run: bool = False

    @property
    def change_count(self) -> int:
        return len(self.changes)


# --- Loading ---------------------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@transaction.atomic
def criteria_load(*, sets: list[SetSpec], user: User | None, request: HttpRequest | None = None,
                  dry_run: bool = False) -> LoadResult:
    """Make each stored set what the file says, in one transaction, all or nothing.

    Assessments of indicators whose thresholds (or kind, comparison) changed get their "met"
    recomputed, and the criterion and commune results of the affected communes × years are
    refreshed, in the same transaction; each set's changes are audited. Raises CriteriaFileError
    (nothing written) when a removed indicator still has assessments. With `dry_run` everything is
    computed and rolled back: the result says what would change.
    """
    result = LoadResult(dry_run=dry_run)
    errors: list[str] = []
    for spec in sets:
        _set_load(spec, user=user, request=request, result=result, errors=errors)
    if errors:
        raise CriteriaFileError(errors)
    if dry_run:
        transaction.set_rollback(True)
    request_memo_clear()  # the sets' periods may have changed
    return result


def _set_load(spec: SetSpec, *, user, request, result: LoadResult, errors: list[str]) -> None:
    changes: list[str] = []
    structural = False  # criteria or indicators added, removed or redefined: every result may move
    fields = {"name": spec.name, "scope": spec.scope, "level": spec.level, "legal_basis": spec.legal_basis,
              "period_start": spec.period_start, "period_end": spec.period_end, "source": spec.source,
              "verified": spec.verified}
    criteria_set = CriteriaSet.objects.filter(code=spec.code).first()
    created = criteria_set is None
    if created:
        criteria_set = CriteriaSet.objects.create(code=spec.code, **fields)
        changes.append(_("set %(code)s created") % {"code": spec.code})
    else:
        moved = {name: value for name, value in fields.items() if getattr(criteria_set, name) != value}
        if moved:
            for name, value in moved.items():
                changes.append(_("set %(code)s: %(field)s “%(old)s” → “%(new)s”")
                               % {"code": spec.code, "field": name, "old": getattr(criteria_set, name), "new": value})
                setattr(criteria_set, name, value)
            criteria_set.save()
            structural |= {"period_start", "period_end", "scope", "level"} & set(moved) != set()

    criteria = {c.number: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
    for number, c in spec.criteria.items():
        values = {"group": c.group, "name": c.name, "name_en": c.name_en, "source": c.source,
                  "wording_verified": c.verified}
        current = criteria.get(number)
        if current is None:
            criteria[number] = Criterion.objects.create(criteria_set=criteria_set, number=number, **values)
            changes.append(_("criterion %(number)d added: %(name)s") % {"number": number, "name": c.name})
            structural = True
        elif any(getattr(current, k) != v for k, v in values.items()):
            changes.append(_("criterion %(number)d changed") % {"number": number})
            Criterion.objects.filter(pk=current.pk).update(**values)

    indicators = {i.code: i for i in Indicator.objects.filter(criterion__criteria_set=criteria_set)}
    affected: set[int] = set()  # indicators whose assessments' "met" may change
    new_indicators = []
    for code, i in spec.indicators.items():
        values = {"criterion_id": criteria[i.criterion_no].pk, "text": i.text, "kind": i.kind, "unit": i.unit,
                  "comparison": i.comparison, "position": i.position, "source": i.source,
                  "wording_verified": i.verified}
        current = indicators.get(code)
        if current is None:
            new_indicators.append(Indicator(code=code, **values))
            changes.append(_("indicator %(code)s added") % {"code": code})
            structural = True
        elif any(getattr(current, k) != v for k, v in values.items()):
            changes.append(_("indicator %(code)s changed") % {"code": code})
            if (current.criterion_id, current.kind, current.comparison) != (
                    values["criterion_id"], values["kind"], values["comparison"]):
                structural = True
                affected.add(current.pk)
            Indicator.objects.filter(pk=current.pk).update(**values)
    for indicator in Indicator.objects.bulk_create(new_indicators):
        indicators[indicator.code] = indicator

    removed = [i for code, i in indicators.items() if code not in spec.indicators]
    if removed:
        used = set(Assessment.objects.filter(indicator__in=removed).values_list("indicator__code", flat=True).distinct())
        for code in sorted(used):
            errors.append(_("Row %(row)d: indicator %(code)s of the set has assessments; keep it in the file.")
                          % {"row": spec.row, "code": code})
        if used:
            return
        Indicator.objects.filter(pk__in=[i.pk for i in removed]).delete()  # their thresholds with them
        indicators = {code: i for code, i in indicators.items() if code in spec.indicators}
        changes.extend(_("indicator %(code)s removed") % {"code": i.code} for i in removed)
        structural = True
    gone = [c for number, c in criteria.items() if number not in spec.criteria]
    if gone:
        Criterion.objects.filter(pk__in=[c.pk for c in gone]).delete()
        changes.extend(_("criterion %(number)d removed") % {"number": c.number} for c in gone)
        structural = True

    codes = {i.pk: code for code, i in indicators.items()}
    stored = {(codes[t.indicator_id], t.region, t.mountain, t.year, t.commune_group): t
              for t in Threshold.objects.filter(indicator_id__in=list(codes))}
    new, changed = [], []
    for key, t in spec.thresholds.items():
        indicator = indicators[t.indicator_code]
        current = stored.get(key)
        label = _threshold_label(key)
        if current is None:
            new.append(Threshold(indicator=indicator, region=t.region, mountain=t.mountain, year=t.year,
                                 commune_group=t.commune_group, value=t.value, source=t.source, verified=t.verified))
            changes.append(_("threshold %(label)s added: %(value)s") % {"label": label, "value": t.value})
            affected.add(indicator.pk)
        elif (current.value, current.source, current.verified) != (t.value, t.source, t.verified):
            if current.value != t.value:
                changes.append(_("threshold %(label)s: %(old)s → %(new)s") % {"label": label, "old": current.value,
                                                                                 "new": t.value})
                affected.add(indicator.pk)
            else:
                changes.append(_("threshold %(label)s: source or verified flag changed") % {"label": label})
            current.value, current.source, current.verified = t.value, t.source, t.verified
            changed.append(current)
    stale = [t for key, t in stored.items() if key not in spec.thresholds]
    if stale:
        Threshold.objects.filter(pk__in=[t.pk for t in stale]).delete()
        changes.extend(_("threshold %(label)s removed") % {"label": _threshold_label(key)}
                       for key, t in stored.items() if key not in spec.thresholds)
        affected.update(t.indicator_id for t in stale)
    Threshold.objects.bulk_create(new, batch_size=1000)
    Threshold.objects.bulk_update(changed, ["value", "source", "verified"], batch_size=1000)

    if errors or not changes:
        return
    if structural:
        affected.update(i.pk for i in indicators.values() if i.pk)
    recomputed, communes = _recompute(criteria_set, affected, structural=structural)
    result.changes.extend(changes)
    result.sets.append(spec.code)
    result.assessments_recomputed += recomputed
    result.communes_recomputed += communes
    audit_record(
        action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED, actor=user, request=request,
        obj=criteria_set, changes={"catalogue": [None, changes[:500]],
                                   "assessments recomputed": [None, recomputed]},
        reason=_("Criteria catalogue loaded from a file"),
    )


def _threshold_label(key: tuple) -> str:
    code, region, mountain, year, group = key
    parts = [code, region or "*", "mountain" if mountain else "", str(year) if year else "*",
             _("group %(group)d") % {"group": group} if group else ""]
    return " · ".join(part for part in parts if part)


def _recompute(criteria_set: CriteriaSet, indicator_ids: set[int], *, structural: bool) -> tuple[int, int]:
    """Recompute "met" of the assessments of `indicator_ids` in the set's years, then the results of
    every commune × year concerned. Returns (assessments changed, communes refreshed)."""
    if not indicator_ids:
        return 0, 0
    years = range(criteria_set.period_start, criteria_set.period_end + 1)
    return met_recompute(indicator_ids=indicator_ids, years=years,
                         structural_set=criteria_set if structural else None)


def met_recompute(*, indicator_ids, years, commune_ids=None, structural_set: CriteriaSet | None = None) -> tuple[int, int]:
    """Recompute "met" of the assessments of `indicator_ids` in `years` (of `commune_ids`, or every
    commune) from the thresholds now stored and each commune's group, then refresh the results of
    the communes × years whose assessments changed (all of them with `structural_set`, whose
    criteria or indicators changed). Call inside the transaction of the change. Returns
    (assessments changed, communes refreshed)."""
    structural = structural_set is not None
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids)}
    thresholds: dict[int, list[Threshold]] = {pk: [] for pk in indicators}
    for t in Threshold.objects.filter(indicator_id__in=indicators):
        thresholds[t.indicator_id].append(t)
    scope = {} if commune_ids is None else {"commune_id__in": list(commune_ids)}
    assessments = list(Assessment.objects.filter(indicator_id__in=indicators, year__in=years, **scope)
                       .select_related("commune__province")
                       .only("id", "indicator_id", "year", "value", "met", "version", "commune_group", "commune__id",
                             "commune__uses_mountain_thresholds", "commune__province__region"))
    groups = groups_for({a.commune_id for a in assessments}, years)
    uses_groups = {pk for pk, rows in thresholds.items() if any(t.commune_group for t in rows)}
    changed = []
    for a in assessments:
        indicator = indicators[a.indicator_id]
        if not indicator.is_numeric:
            continue
        group = groups[(a.commune_id, a.year)] if a.indicator_id in uses_groups else 0
        threshold = threshold_pick(thresholds[a.indicator_id], region=a.commune.province.region,
                                   mountain=a.commune.uses_mountain_thresholds, year=a.year, group=group)
        met = met_compute(indicator, value=a.value, met=a.met, threshold=threshold)
        if (met, group) != (a.met, a.commune_group):
            a.met, a.commune_group, a.version = met, group, a.version + 1
            changed.append(a)
    Assessment.objects.bulk_update(changed, ["met", "commune_group", "version"], batch_size=2000)
    touched: dict[int, set[int]] = {}
    for a in (assessments if structural else changed):
        touched.setdefault(a.year, set()).add(a.commune_id)
    if structural:  # a criterion's indicator count may have changed for communes with no changed row
        for commune_id, year in Assessment.objects.filter(
                Q(indicator__criterion__criteria_set=structural_set), year__in=years).values_list(
                "commune_id", "year").distinct():
            touched.setdefault(year, set()).add(commune_id)
    communes = set()
    for year, commune_ids in touched.items():
        results_refresh(communes=list(Commune.objects.filter(pk__in=commune_ids)), years=[year])
        communes |= commune_ids
    return len(changed), len(communes)


# --- Export and template ---------------------------------------------------------------------


def criteria_rows(criteria_set: CriteriaSet) -> list[list[str]]:
    """The set in the file layout (without the header), in the order a reader expects."""
    base = {column: "" for column in COLUMNS}

    def row(**values) -> list[str]:
        merged = {**base, "set_code": criteria_set.code, **values}
        return [merged[column] for column in COLUMNS]

    rows = [row(record="set", set_name=criteria_set.name, scope=criteria_set.scope, level=criteria_set.level,
                legal_basis=criteria_set.legal_basis, period_start=str(criteria_set.period_start),
                period_end=str(criteria_set.period_end), source=criteria_set.source,
                verified=_yes(criteria_set.verified))]
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("number"))
    indicators: dict[int, list[Indicator]] = {c.pk: [] for c in criteria}
    for i in Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("position", "id"):
        indicators[i.criterion_id].append(i)
    thresholds: dict[int, list[Threshold]] = {}
    for t in Threshold.objects.filter(indicator__criterion__criteria_set=criteria_set).order_by(
            "commune_group", "mountain", "region", "year", "id"):
        thresholds.setdefault(t.indicator_id, []).append(t)
    ordered = sorted((i for rows_ in indicators.values() for i in rows_), key=lambda i: (i.position, i.pk))
    numbers = {c.pk: c.number for c in criteria}
    for c in criteria:
        rows.append(row(record="criterion", criterion_no=str(c.number), criterion_group=c.group,
                        criterion_name=c.name, criterion_name_en=c.name_en, source=c.source,
                        verified=_yes(c.wording_verified)))
    for i in ordered:  # indicators in their set-wide order (the loader numbers positions by it)
        rows.append(row(record="indicator", criterion_no=str(numbers[i.criterion_id]), indicator_code=i.code, indicator_text=i.text,
                        kind=i.kind, unit=i.unit, comparison=i.comparison, source=i.source,
                        verified=_yes(i.wording_verified)))
        for t in thresholds.get(i.pk, []):
            rows.append(row(record="threshold", indicator_code=i.code, region=t.region, mountain=_yes(t.mountain),
                            year=str(t.year or ""), commune_group=str(t.commune_group or ""),
                            value=_decimal_text(t.value), source=t.source, verified=_yes(t.verified)))
    return rows


def _decimal_text(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")  # 100.00 → "100", 0.50 → "0.5"


TEMPLATE_ROWS = [
    {"record": "set", "set_code": "vi-du-2026", "set_name": "Bộ tiêu chí ví dụ", "scope": "commune", "level": "ntm",
     "legal_basis": "Quyết định …/QĐ-TTg", "period_start": "2031", "period_end": "2035",
     "source": "Quyết định …/QĐ-TTg", "verified": "no"},
    {"record": "criterion", "set_code": "vi-du-2026", "criterion_no": "1", "criterion_group": "I. Nhóm",
     "criterion_name": "Quy hoạch", "criterion_name_en": "Planning", "source": "Phụ lục I", "verified": "no"},
    {"record": "indicator", "set_code": "vi-du-2026", "criterion_no": "1", "indicator_code": "1.1",
     "indicator_text": "Tỷ lệ …", "kind": "percent", "unit": "%", "comparison": "gte", "source": "Phụ lục I",
     "verified": "no"},
    {"record": "threshold", "set_code": "vi-du-2026", "indicator_code": "1.1", "mountain": "no",
     "commune_group": "1", "value": "90", "source": "Phụ lục I", "verified": "no"},
]


def criteria_file(rows: list[list[str]], *, xlsx: bool) -> bytes:
    """The header and `rows` as a CSV (UTF-8 with BOM, for Excel) or an .xlsx workbook."""
    if not xlsx:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue")
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append(values)  # strings: an indicator code "2.10" stays "2.10"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def criteria_template(*, xlsx: bool) -> bytes:
    """An example file in the layout: one set, one criterion, one indicator, one threshold."""
    return criteria_file([[row.get(column, "") for column in COLUMNS] for row in TEMPLATE_ROWS], xlsx=xlsx)


def criteria_export(criteria_set: CriteriaSet, *, xlsx: bool) -> bytes:
    """`criteria_set` in the file layout; loading it back changes nothing."""
    return criteria_file(criteria_rows(criteria_set), xlsx=xlsx)
