"""District units assessed against the district set (Decision 320/QĐ-TTg, 2021–2025), per
criterion, with the review district → province: draft → submitted (district or province staff) →
approved (province), "return" (with a reason) sends a submitted assessment back, "reopen" (with a
reason) unlocks an approved one. Only for the years the district level existed (it ended on
30 June 2025 with the reorganisation). Who may do what is decided by `ntm_tracker.access`
(`can_edit_district_assessments`, `can_review_district`) in the views; these services check that
the year, the version and the state allow the write, and audit every change.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.models import CriteriaSet, Criterion, DistrictAssessment, DistrictReview, DistrictYearResult, Level, Review
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from territory.models import District
from territory.reference import REFORM_DATE

# The last day of the district level: the reorganisation of 1 July 2025 removed it.
DISTRICT_LEVEL_END = REFORM_DATE - datetime.timedelta(days=1)

State = Review.State
# step: (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({State.DRAFT, State.RETURNED}, State.SUBMITTED),
    "approve": ({State.SUBMITTED}, State.APPROVED),
    "return": ({State.SUBMITTED}, State.RETURNED),
    "reopen": ({State.APPROVED}, State.DRAFT),
}
REASON_REQUIRED = {"return", "reopen"}


def district_sets() -> list[CriteriaSet]:
    """The district sets of the catalogue, oldest first (one query)."""
    return list(CriteriaSet.objects.filter(scope=CriteriaSet.Scope.DISTRICT).order_by("period_start"))


def district_years(district: District, sets: list[CriteriaSet] | None = None) -> list[int]:
    """The years `district` can be assessed in: those of a district set, while the district existed
    (never after 2025: the district level ended on 30 June 2025)."""
    last = min(district.valid_to or DISTRICT_LEVEL_END, DISTRICT_LEVEL_END).year
    first = district.valid_from.year if district.valid_from else 0
    years = set()
    for criteria_set in district_sets() if sets is None else sets:
        years.update(range(max(criteria_set.period_start, first), min(criteria_set.period_end, last) + 1))
    return sorted(years)


def district_criteria(year: int, sets: list[CriteriaSet] | None = None) -> list[Criterion]:
    """The criteria of the district set in force in `year` (empty when none is)."""
    for criteria_set in district_sets() if sets is None else sets:
        if criteria_set.period_start <= year <= criteria_set.period_end:
            return list(Criterion.objects.filter(criteria_set=criteria_set).order_by("number"))
    return []


def steps_available(state: str) -> list[str]:
    return [step for step, (sources, _target) in TRANSITIONS.items() if state in sources]


def _year_check(district: District, year: int) -> list[Criterion]:
    if year not in district_years(district):
        raise ValidationError(_("Districts are assessed only for the years of the district set while the district "
                                "level existed (until 30 June 2025)."))
    return district_criteria(year)


def _locked_review(district: District, year: int) -> DistrictReview:
    District.objects.select_for_update().filter(pk=district.pk).first()  # one writer per district at a time
    review = DistrictReview.objects.select_for_update().filter(district=district, year=year).first()
    return review or DistrictReview(district=district, year=year)


@transaction.atomic
def district_assessments_save(*, district: District, year: int, values: dict[int, tuple[bool | None, str, int]],
                              user: User | None, request: HttpRequest | None = None) -> list[DistrictAssessment]:
    """Save a district's standing on some criteria of `year`: `values` maps a criterion id to
    (met or None, note, the version the form showed — 0 for a row not yet stored). Rows that change
    nothing are left alone; the year's result is refreshed; every change is audited. Raises
    ValidationError for a year outside the district level or an approved review, StaleEdit (nothing
    written) when a row was saved by someone else since the form was opened."""
    criteria = {c.pk: c for c in _year_check(district, year)}
    if any(pk not in criteria for pk in values):
        raise ValidationError(_("This criterion is not one of the district set of that year."))
    if not _locked_review(district, year).editable:
        raise ValidationError(_("This year is approved and read-only; the province can reopen it."))
    stored = {a.criterion_id: a for a in DistrictAssessment.objects.filter(district=district, year=year)}
    saved = []
    for pk, (met, note, version) in values.items():
        current = stored.get(pk)
        if (current.version if current else 0) != version:
            raise StaleEdit(current)
        if current is not None and (current.met, current.note) == (met, note):
            continue
        if current is None and met is None and not note:
            continue
        before = {"met": current.met, "note": current.note} if current else {"met": None, "note": ""}
        if current is None:
            current = DistrictAssessment(district=district, criterion=criteria[pk], year=year, version=0)
        current.met, current.note, current.updated_by = met, note, user
        current.version += 1
        current.save()
        audit_record(action=AuditEvent.Action.CHANGED if before["met"] is not None or before["note"] else
                     AuditEvent.Action.CREATED, actor=user, request=request, obj=current, unit_code=district.code,
                     changes={key: [before[key], getattr(current, key)] for key in ("met", "note")
                              if before[key] != getattr(current, key)})
        saved.append(current)
    if saved:
        district_result_refresh(district, year, criteria=list(criteria.values()))
    return saved


def district_result_refresh(district: District, year: int, *, criteria: list[Criterion]) -> DistrictYearResult:
    """The year's summary from the stored assessments: criteria met, and NTM when every criterion is."""
    met = DistrictAssessment.objects.filter(district=district, year=year, met=True,
                                            criterion__in=criteria).count()
    result, _created = DistrictYearResult.objects.update_or_create(
        district=district, year=year, defaults={"criteria_met": met, "criteria_total": len(criteria),
                                                "level": Level.NTM if criteria and met == len(criteria) else ""})
    return result


@transaction.atomic
def district_review_transition(*, district: District, year: int, step: str, user: User, reason: str = "",
                               request: HttpRequest | None = None) -> DistrictReview:
    """Take one review step on a district's year; audited. Raises ValidationError (in the user's
    language) for a step that does not fit the state, a missing reason or a year outside the
    district level."""
    if step not in TRANSITIONS:
        raise ValidationError(_("Unknown review step."))
    reason = reason.strip()
    if step in REASON_REQUIRED and not reason:
        raise ValidationError(_("Please give a reason."))
    _year_check(district, year)
    review = _locked_review(district, year)
    sources, target = TRANSITIONS[step]
    if review.state not in sources:
        raise ValidationError(
            _("This step is not possible: the assessment is %(state)s.") % {"state": review.get_state_display().lower()})
    old = review.state
    review.state, review.reason, review.updated_by = target, reason, user
    review.save()
    audit_record(action=AuditEvent.Action.WORKFLOW, actor=user, request=request, obj=review, unit_code=district.code,
                 changes={"state": [old, target]}, reason=reason)
    return review
