from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from communes import review_checks, selectors, unit_records
from communes import review_queue as queue
from communes.catalogue import Catalogue, catalogue_for_year
from communes.forms import AssessmentForm, ImportForm, ReasonForm, RecognitionForm
from communes.groups import group_for
from communes.models import Assessment, Indicator, Recognition, Review
from territory.models import Commune
from communes.services.assessments import ReviewLocked, assessment_save, review_state
from communes.services.excel import (
    ImportRefused, ImportResult, assessments_export, assessments_import_apply, assessments_import_check,
)
from communes.services.recognitions import recognition_save
from communes.services.reviews import review_bulk, review_transition, steps_available
from communes.years import default_year, known_years, unit_year_from_query, year_from_path, year_from_query
from ntm_tracker.access import (
    can_edit_assessments, can_import_assessments, can_record_recognitions, can_review, get_commune_for_user,
    get_district_for_user, get_province_for_user,
)
from ntm_tracker.htmx import htmx_partial, page_or_partial, partial_name
from ntm_tracker.import_flow import Upload, import_page
from ntm_tracker.stale import StaleEdit
from ntm_tracker.models import PendingImport

QUEUE_PAGE_SIZE = 50  # rows of the review queue per page


@require_GET
@login_required
def province_overview(request: HttpRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    overview = selectors.province_overview(province)
    return render(request, "communes/province_overview.html", {
        "province": province,
        "rows": overview["rows"],
        "communes": overview["communes"],
        "totals": overview["totals"],
        "export_years": known_years(),
        "export_year": default_year(),
    })


@require_GET
@login_required
@vary_on_headers("HX-Request")
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_district_for_user(request.user, code)
    # A district closed on 1 July 2025 keeps its page for the years it existed.
    year, years = unit_year_from_query(request.GET.get("year"), district)
    sort = request.GET.get("sort", "name")
    context = {"district": district, "province": district.province, "year": year, "years": years}
    if htmx_partial(request):  # a year or sort change: the scorecard only
        scorecard = selectors.district_scorecard(district, year, sort)
        return render(request, "communes/district_detail.html#scorecard", {**context, "scorecard": scorecard})
    detail = selectors.district_detail(district)
    return render(request, "communes/district_detail.html", {
        **context, "rows": detail["rows"], "status": detail["status"], "counts": detail["counts"],
        "scorecard": selectors.district_scorecard(district, year, sort, communes=detail["communes"]),
        "can_record": can_record_recognitions(request.user, district.province),
        "district_results": unit_records.district_criteria_summary(district),
    })


@require_GET
@login_required
@vary_on_headers("HX-Request")
def commune_detail(request: HttpRequest, code: str) -> HttpResponse:
    commune = get_commune_for_user(request.user, code)
    # Only the years the unit existed: a commune formed on 1 July 2025 opens on 2025 at the earliest.
    year, years = unit_year_from_query(request.GET.get("year"), commune)
    progress = selectors.commune_progress(commune, year)
    review = progress["review"]
    # What the commune was formed from: on the whole page only (a year change does not touch it).
    predecessors, rollup = ([], None) if htmx_partial(request) else selectors.commune_predecessors(commune)
    # A closed commune says so, with what it became (one query, on the whole page only); a year asked
    # for that the unit did not exist in is named, not silently replaced.
    successors = [] if htmx_partial(request) or commune.valid_to is None else list(
        Commune.objects.filter(predecessor_links__predecessor=commune).order_by("code"))
    asked = str(request.GET.get("year", ""))
    year_not_shown = int(asked) if asked.isdigit() and len(asked) == 4 and int(asked) in known_years() and int(
        asked) not in years else None
    can_edit = can_edit_assessments(request.user, commune)
    for group in progress["groups"]:
        for crow in group["criteria"]:
            crow.url = f"{reverse('criterion_detail', args=[commune.code, crow.criterion.number])}?year={year}"
    steps = [s for s in steps_available(review.state, commune.district_id is not None)
             if can_review(request.user, commune, s, review.state)]
    # A reviewer about to verify or approve sees what changed since the last verified/approved
    # state and what does not add up (two queries, only then).
    reviewing = bool({"verify", "approve"} & set(steps)) and not request.GET.get("part")
    review.commune = commune  # already loaded: no query for its code
    # A year change answers the progress section; the summary refreshes itself after a save.
    return render(request, page_or_partial(request, "communes/commune_detail.html", "progress", named=["summary"]), {
        "commune": commune, "district": commune.district, "province": commune.province,
        "years": years, **progress, "predecessors": predecessors, "rollup": rollup,
        "successors": successors, "year_not_shown": year_not_shown,
        "can_edit": can_edit and review.editable,
        "steps": steps,
        "review_changes": review_checks.changes_since_reviewed([review]).get(review.pk) if reviewing else None,
        "review_warnings": review_checks.review_warnings(commune, year, progress) if reviewing else [],
        "can_record": can_record_recognitions(request.user, commune.province),
        **_model_sites(commune),
    })


def _model_sites(commune) -> dict:
    """The commune's model villages and gardens (supplementary provincial criterion), one query."""
    sites = unit_records.commune_model_sites(commune)
    counts = {"village": 0, "garden": 0}
    for site in sites:
        counts[site.kind] += 1
    return {"model_sites": sites, "model_site_counts": counts}


@require_GET
@login_required
@vary_on_headers("HX-Request")
def criterion_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """One criterion's indicators for the commune: the table the commune page loads when the
    criterion is opened (htmx), or a page of its own without JavaScript."""
    commune = get_commune_for_user(request.user, code)
    year = year_from_query(request.GET.get("year"))
    row = selectors.criterion_indicators(commune, number, year)
    if row is None:
        raise Http404
    editable = Review(state=review_state(commune, year)).editable
    template = "communes/commune_detail.html#criterion_indicators" if htmx_partial(request) else "communes/criterion_detail.html"
    return render(request, template, {
        "commune": commune, "district": commune.district, "province": commune.province, "year": year,
        "crow": row, "can_edit": editable and can_edit_assessments(request.user, commune),
    })


@require_GET
@login_required
@vary_on_headers("HX-Request")
def commune_history(request: HttpRequest, code: str) -> HttpResponse:
    """Every change of the commune's data (indicator values, reviews, decisions), 50 per page; or,
    for the commune page's history section (htmx), the latest ones with a link here when there are more."""
    commune = get_commune_for_user(request.user, code)
    context = {"commune": commune, "district": commune.district, "province": commune.province}
    part = partial_name(request, "events", named=["latest"])
    if part == "latest":  # the commune page's history section
        latest = list(selectors.commune_history(commune)[:selectors.HISTORY_ON_PAGE + 1])
        return render(request, "communes/commune_history.html#latest", {
            **context, "events": latest[:selectors.HISTORY_ON_PAGE], "more": len(latest) > selectors.HISTORY_ON_PAGE,
        })
    page = Paginator(selectors.commune_history(commune), 50).get_page(request.GET.get("page"))
    return render(request, "communes/commune_history.html" + (f"#{part}" if part else ""), {**context, "page": page})


def _indicator_context(commune: Commune, catalogue: Catalogue, indicator: Indicator, year: int,
                       assessment: Assessment | None) -> dict:
    # 2026–2030: the threshold shown is the commune group's of that year (one query, those sets only).
    group = group_for(commune.pk, year) if catalogue.uses_groups else 0
    threshold = catalogue.threshold(indicator.pk, region=commune.province.region,
                                    mountain=commune.uses_mountain_thresholds, year=year, group=group)
    return {"commune": commune, "year": year, "can_edit": True,
            "row": selectors.IndicatorRow(indicator, assessment, threshold, group)}


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def assessment_edit(request: HttpRequest, code: str, indicator_id: int, year: int) -> HttpResponse:
    commune = get_commune_for_user(request.user, code, write=True)
    if not commune.in_programme or not commune.existed_in(year):  # no value for a year it did not exist in
        raise Http404
    # The catalogue of the year (held in memory): the form, the save and the saved row all use it.
    catalogue = catalogue_for_year(year)
    indicator = catalogue.indicators.get(indicator_id) if catalogue else None
    if indicator is None:
        raise Http404
    # The commune page asks for the form (the default fragment) or, on Cancel, for the row.
    part = partial_name(request, "indicator_form", named=["indicator_row"])
    page = "communes/assessment_edit.html" if part is None else "communes/commune_detail.html#indicator_form"

    def stored() -> Assessment | None:
        return Assessment.objects.filter(commune=commune, indicator=indicator, year=year).select_related("updated_by").first()

    if request.method == "GET":
        current = stored()
        context = _indicator_context(commune, catalogue, indicator, year, current)
        if part == "indicator_row":
            return render(request, "communes/commune_detail.html#indicator_row", context)
        form = AssessmentForm(indicator=indicator, initial={
            "value": current.value if current else None, "note": current.note if current else "",
            "met": "" if not current or current.met is None else "yes" if current.met else "no",
            "version": current.version if current else 0,
        })
        return render(request, page, {**context, "form": form})
    # A successful save reads the row once, in the service; only a refused one re-reads it here.
    context, status = {}, 200
    form = AssessmentForm(request.POST, request.FILES, indicator=indicator)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = assessment_save(
                commune=commune, indicator=indicator, year=year, value=data.get("value"), met=data["met"],
                note=data["note"], evidence=data["evidence"], clear_evidence=data["clear_evidence"],
                expected_version=data["version"], user=request.user, request=request, reason=data["reason"],
                catalogue=catalogue,
            )
        except StaleEdit as stale:
            context["stale"], status = stale, stale.status
            form = AssessmentForm(indicator=indicator, initial={**data, "met": request.POST.get("met", ""),
                                                               "version": stale.current.version if stale.current else 0})
        except ReviewLocked:
            form.add_error(None, _("This year's assessment is approved and read-only."))
        except ValidationError as error:
            form.add_error("value" if indicator.is_numeric else None, error)
        else:
            if part is None:
                messages.success(request, _("Saved."))
                return redirect(reverse("criterion_detail", args=[code, indicator.criterion.number])
                                + f"?year={year}#indicator-{indicator.pk}")
            saved.updated_by = request.user
            response = render(request, "communes/commune_detail.html#indicator_saved", {
                **_indicator_context(commune, catalogue, indicator, year, saved),
                "criterion_row": selectors.criterion_row(commune, indicator.criterion, year,
                                                         getattr(saved, "criterion_result", None)),
            })
            return trigger_client_event(response, "assessmentSaved", {"indicator": indicator.pk})
    return render(request, page, {**_indicator_context(commune, catalogue, indicator, year, stored()), **context, "form": form},
                  status=status)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("commune"), pk=pk)
    get_commune_for_user(request.user, assessment.commune.code)
    if not assessment.evidence:
        raise Http404
    return FileResponse(assessment.evidence.open("rb"), as_attachment=True,
                        filename=Path(assessment.evidence.name).name)


@require_POST
@login_required
def review_step(request: HttpRequest, code: str, year: int, step: str) -> HttpResponse:
    commune = get_commune_for_user(request.user, code)
    state = review_state(commune, year)
    if not can_review(request.user, commune, step, state):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():  # an overlong reason is refused, not silently dropped
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(reverse("commune_detail", args=[code]) + f"?year={year}#review")
    if step in ("verify", "approve") and not request.POST.get("confirm"):
        warnings = review_checks.review_warnings(commune, year, selectors.commune_progress(commune, year))
        if warnings:  # nothing is verified or approved unseen: the reviewer ticks "approve anyway"
            messages.error(request, " ".join([
                _("Please read the warnings and tick the confirmation to go on anyway."), *warnings]))
            return redirect(reverse("commune_detail", args=[code]) + f"?year={year}#review")
    try:
        review = review_transition(commune=commune, year=year, step=step, user=request.user,
                                   reason=form.cleaned_data.get("reason", ""), request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review state: %(state)s.") % {"state": review.get_state_display()})
    return redirect(reverse("commune_detail", args=[code]) + f"?year={year}#review")


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    year = year_from_query(request.GET.get("year"), default=None)  # no year: every year's work
    items = queue.review_queue(request.user, year)
    table = queue.review_queue_arranged(items, district=request.GET.get("district", ""),
                                            sort=request.GET.get("sort", ""), commune=request.GET.get("commune", "")[:200])
    page = Paginator(table["items"], QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    changes = review_checks.changes_since_reviewed([item["review"] for item in page.object_list])
    for item in page.object_list:
        item["changes"] = changes.get(item["review"].pk)
    query = {key: value for key, value in (("year", year or ""), ("district", table["district"]),
                                           ("commune", table["commune"])) if value}
    return render(request, "communes/review_queue.html", {
        "page": page, "items": page.object_list, "total": len(items), "year": year, "years": known_years(),
        "districts": table["districts"], "district": table["district"], "sort": table["sort"],
        "communes": table["communes"], "commune": table["commune"],
        "sort_query": urlencode(query), "query": urlencode({**query, "sort": table["sort"]}),
        "bulk_steps": sorted({item["step"] for item in page} & {"verify", "approve"}),
        "any_warning": any(item["warning"] for item in page if item["step"] != "submit"),
    })


@require_POST
@login_required
def review_queue_bulk(request: HttpRequest) -> HttpResponse:
    step = request.POST.get("step", "")
    if step not in ("verify", "approve"):
        raise PermissionDenied
    items = []
    for key in request.POST.getlist("item"):
        code, _sep, raw_year = key.partition(":")
        year = year_from_path(raw_year)
        commune = get_commune_for_user(request.user, code)
        state = Review.objects.filter(commune=commune, year=year).values_list(
            "state", flat=True).first() or Review.State.DRAFT
        if not can_review(request.user, commune, step, state):
            raise PermissionDenied
        items.append((commune, year))
    if not items:
        messages.error(request, _("Select at least one commune."))
        return redirect("review_queue")
    if not request.POST.get("confirm"):
        flagged = review_checks.assessments_with_warnings(items)
        if flagged:
            messages.error(request, _("Some selected communes have criteria not met or not assessed (%(names)s): "
                                      "tick the confirmation to go on anyway.") % {"names": ", ".join(flagged)})
            return redirect("review_queue")
    try:
        done = review_bulk(items=items, step=step, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d assessments updated.") % {"count": done})
    return redirect("review_queue")


def _recognition_form(request: HttpRequest, unit, province, recognition: Recognition) -> HttpResponse:
    if not can_record_recognitions(request.user, province):
        raise PermissionDenied
    form = RecognitionForm(request.POST or None, instance=recognition, unit=unit)
    if request.method == "POST" and form.is_valid():
        recognition_save(recognition=recognition, unit=unit, values=form.cleaned_data, user=request.user,
                         request=request, reason=form.cleaned_data["reason"])
        messages.success(request, _("The decision was saved."))
        if isinstance(unit, Commune):
            return redirect("commune_detail", code=unit.code)
        return redirect("district_detail", code=unit.code)
    return render(request, "communes/recognition_form.html", {
        "form": form, "unit": unit, "province": province, "recognition": recognition,
        "is_commune": isinstance(unit, Commune),
    })


@require_http_methods(["GET", "POST"])
@login_required
def recognition_create(request: HttpRequest, code: str) -> HttpResponse:
    """New decision for a commune (5-digit code) or a district unit (3 digits)."""
    if len(code) == 5:
        unit = get_commune_for_user(request.user, code)
        province = unit.province
        recognition = Recognition(commune=unit, issuer=Recognition.Issuer.PROVINCE)
    else:
        unit = get_district_for_user(request.user, code)
        province = unit.province
        recognition = Recognition(district=unit, issuer=Recognition.Issuer.PRIME_MINISTER)
    return _recognition_form(request, unit, province, recognition)


@require_http_methods(["GET", "POST"])
@login_required
def recognition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = get_object_or_404(Recognition.objects.select_related("commune__province",
                                                                        "district__province"), pk=pk)
    if recognition.commune:
        unit = get_commune_for_user(request.user, recognition.commune.code)
        province = unit.province
    else:
        unit = get_district_for_user(request.user, recognition.district.code)
        province = unit.province
    return _recognition_form(request, unit, province, recognition)


@require_GET
@login_required
def assessments_download(request: HttpRequest, code: str) -> HttpResponse:
    """The .xlsx of a province's (2-digit code) or a district's (3-digit code) assessments for ?year."""
    year = year_from_query(request.GET.get("year"))
    if len(code) == 2:
        province = get_province_for_user(request.user, code)
        communes = Commune.objects.filter(province=province)
    else:
        district = get_district_for_user(request.user, code)
        communes = Commune.objects.filter(district=district)
    data = assessments_export(communes=list(communes.order_by("district__code", "code")), year=year)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="danh-gia-ntm-{code}-{year}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def assessments_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written; the file staged) → confirm (checked again, all or nothing)."""
    if not can_import_assessments(request.user):
        raise PermissionDenied

    def run(upload: Upload, *, dry_run: bool) -> ImportResult:
        if dry_run:
            return assessments_import_check(data=upload.data, user=request.user)
        try:
            return assessments_import_apply(data=upload.data, user=request.user, request=request)
        except ImportRefused as refused:
            return refused.result

    # A refused file answers 200, as the page always has (tests/communes/test_excel.py pins it).
    return import_page(
        request, kind=PendingImport.Kind.ASSESSMENTS, run=run, form_class=ImportForm,
        done=lambda result: _("%(count)d values imported.") % {"count": len(result.changes)},
        redirect_to="assessments_import", template="communes/assessments_import.html",
        context=lambda step: {"form": step.form, "result": step.report, "errors": step.errors, "token": step.token})
