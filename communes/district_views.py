"""District units against the district set (Decision 320/QĐ-TTg, 2021–2025): the district's page
of criteria for a year, where district and province staff enter its standing, and its review
steps (district submits, province approves, returns or reopens)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.forms import DistrictAssessmentForm, ReasonForm
from communes.models import DistrictAssessment, DistrictReview, DistrictYearResult
from communes.services.district_assessments import (
    district_assessments_save, district_criteria, district_review_transition, district_sets, district_years,
    steps_available,
)
from ntm_tracker.access import can_edit_district_assessments, can_review_district, get_district_for_user
from ntm_tracker.stale import StaleEdit


def _year(request: HttpRequest, district, years: list[int]) -> int | None:
    """?year= when it is one of the district's years, else the latest with data, else the last."""
    try:
        wanted = int(request.GET.get("year", ""))
    except ValueError:
        wanted = None
    if wanted in years:
        return wanted
    latest = DistrictYearResult.objects.filter(district=district, year__in=years).order_by("-year").values_list(
        "year", flat=True).first()
    return latest or (years[-1] if years else None)


@login_required
@require_http_methods(["GET", "POST"])
def district_criteria_page(request: HttpRequest, code: str) -> HttpResponse:
    district = get_district_for_user(request.user, code)
    sets = district_sets()
    years = district_years(district, sets)
    year = _year(request, district, years)
    criteria = district_criteria(year, sets) if year else []
    stored = {a.criterion_id: a for a in DistrictAssessment.objects.filter(district=district, year=year)}
    review = DistrictReview.objects.filter(district=district, year=year).first() or DistrictReview(
        district=district, year=year)
    can_edit = can_edit_district_assessments(request.user, district) and review.editable
    form, status = DistrictAssessmentForm(criteria=criteria, stored=stored), 200
    if request.method == "POST":
        if not can_edit_district_assessments(request.user, district):
            raise PermissionDenied
        if year is None or request.GET.get("year") not in (None, str(year)):
            raise Http404  # a save is for the year shown, never one the district cannot have
        form = DistrictAssessmentForm(request.POST, criteria=criteria, stored=stored)
        if form.is_valid():
            try:
                district_assessments_save(district=district, year=year, values=form.values(), user=request.user,
                                          request=request)
            except StaleEdit as stale:
                messages.error(request, stale.message)
                status = stale.status
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(request, _("District assessment saved."))
                return redirect(reverse("district_criteria", args=[district.code]) + f"?year={year}")
        else:
            status = 400
    result = DistrictYearResult.objects.filter(district=district, year=year).first()
    return render(request, "communes/district_criteria.html", {
        "district": district, "province": district.province, "year": year, "years": years, "form": form,
        "stored": stored, "review": review, "result": result, "criteria_total": len(criteria), "can_edit": can_edit,
        "criteria_set": next((s for s in sets if year and s.period_start <= year <= s.period_end), None),
        "steps": [s for s in steps_available(review.state) if can_review_district(request.user, district, s)],
    }, status=status)


@require_POST
@login_required
def district_review_step(request: HttpRequest, code: str, year: int, step: str) -> HttpResponse:
    district = get_district_for_user(request.user, code)
    if not can_review_district(request.user, district, step):
        raise PermissionDenied
    back = reverse("district_criteria", args=[district.code]) + f"?year={year}#district-review"
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(back)
    try:
        review = district_review_transition(district=district, year=year, step=step, user=request.user,
                                            reason=form.cleaned_data.get("reason", ""), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review state: %(state)s.") % {"state": review.get_state_display()})
    return redirect(back)

