"""The review workflow of a commune's assessment for a year.

draft → submitted → verified (district) → approved (province); a commune without a district (from
1 July 2025) goes from submitted straight to approved: there is no district to verify. "Return" sends a submitted or
verified assessment back for revision and needs a reason; "reopen" unlocks an approved one and
needs a reason too. Who may take a step is decided by `ntm_tracker.access.can_review` in the
views; the service only checks that the step fits the current state.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.models import Review
from communes.rules import unit_year_check
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User
from territory.models import Commune

State = Review.State
# step: (states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ({State.DRAFT, State.RETURNED}, State.SUBMITTED),
    "verify": ({State.SUBMITTED}, State.VERIFIED),
    "approve": ({State.VERIFIED, State.SUBMITTED}, State.APPROVED),
    "return": ({State.SUBMITTED, State.VERIFIED}, State.RETURNED),
    "reopen": ({State.APPROVED}, State.DRAFT),
}
REASON_REQUIRED = {"return", "reopen"}


def steps_available(state: str, has_district: bool = True) -> list[str]:
    """The steps that fit `state` for a commune with or without a district, whoever the user is."""
    return [step for step, (sources, _target) in TRANSITIONS.items() if _fits(step, state, has_district)]


def _fits(step: str, state: str, has_district: bool) -> bool:
    if state not in TRANSITIONS[step][0]:
        return False
    if step == "verify":
        return has_district
    if step == "approve" and state == State.SUBMITTED:
        return not has_district  # under a district, the district verifies first
    return True


@transaction.atomic
def review_transition(
    *, commune: Commune, year: int, step: str, user: User, reason: str = "", request: HttpRequest | None = None,
) -> Review:
    """Take one review step; audited with the old and new state and the reason.

    Raises ValidationError (message in the user's language) when the step does not fit the state
    or a required reason is missing.
    """
    if step not in TRANSITIONS:
        raise ValidationError(_("Unknown review step."))
    unit_year_check(commune, year)
    reason = reason.strip()
    if step in REASON_REQUIRED and not reason:
        raise ValidationError(_("Please give a reason."))
    Commune.objects.select_for_update().filter(pk=commune.pk).first()  # no save slips past an approval
    review, _created = Review.objects.select_for_update().get_or_create(commune=commune, year=year)
    _sources, target = TRANSITIONS[step]
    if not _fits(step, review.state, commune.district_id is not None):
        raise ValidationError(
            _("This step is not possible: the assessment is %(state)s.") % {"state": review.get_state_display().lower()}
        )
    old = review.state
    review.state = target
    review.reason = reason
    review.updated_by = user
    review.save()
    audit_record(
        action=AuditEvent.Action.WORKFLOW, actor=user, request=request, obj=review, unit_code=commune.code,
        changes={"state": [old, target]}, reason=reason,
    )
    return review


@transaction.atomic
def review_bulk(
    *, items: list[tuple[Commune, int]], step: str, user: User, request: HttpRequest | None = None,
) -> int:
    """Take the same step on several commune × year assessments: all of them or none."""
    for commune, year in items:
        review_transition(commune=commune, year=year, step=step, user=user, request=request)
    return len(items)


def review_unverify(*, commune: Commune, year: int, user: User, what: str, request: HttpRequest | None = None) -> bool:
    """A value of a verified assessment changed: it is no longer what the district verified, so
    the review goes back to "submitted" (the district verifies again), audited with who and why.
    `what`: the indicator codes changed, for the reason. The caller holds the commune's lock.
    True when the state moved."""
    review = Review.objects.select_for_update().filter(commune=commune, year=year, state=State.VERIFIED).first()
    if review is None:
        return False
    reason = _("Changed after the district's verification: %(what)s.") % {"what": what}
    review.state, review.reason, review.updated_by = State.SUBMITTED, reason, user
    review.save()
    audit_record(
        action=AuditEvent.Action.WORKFLOW, actor=user, request=request, obj=review, unit_code=commune.code,
        changes={"state": [State.VERIFIED, State.SUBMITTED]}, reason=reason,
    )
    return True
