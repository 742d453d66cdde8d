"""The leaders' pages: the dashboards, the charts, the annual report and the targets."""

import io
from urllib.parse import urlencode

from openpyxl import Workbook
from openpyxl.styles import Font

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from communes.next_levels import CANDIDATE_MAX_MISSING
from communes.selectors import district_scorecard
from communes.years import known_years, latest_full_year, year_from_query
from dashboards import national, selectors, services
from dashboards.charts import CHARTS, national_share_figure, national_table
from dashboards.forms import DashboardFilterForm, TargetForm
from dashboards.models import Target
from ntm_tracker.models import AuditEvent
from ntm_tracker.access import (
    can_edit_targets, can_view_national, get_dashboard_province, get_district_for_user, get_province_record_for_user,
    reads_every_province,
)
from ntm_tracker.htmx import htmx_partial, page_or_partial
from ntm_tracker.stale import StaleEdit
from ntm_tracker.exports import csv_response, xlsx_append
from territory.models import District, Province


def _filters(request: HttpRequest, province: Province, districts: list[District], district: District | None = None):
    """(form, year, district) from the GET parameters; bad values fall back to the defaults.

    `districts`: those the form offers (the province's; on a district's own page, that one)."""
    year = year_from_query(request.GET.get("year"))
    data = request.GET.copy()
    data["year"] = str(year)
    form = DashboardFilterForm(data, districts=districts)
    return form, year, district or form.selected_district()


def _chart_query(province: Province, year: int, district: District | None) -> str:
    params = {"province": province.code, "year": year}
    if district:
        params["district"] = district.code
    return urlencode(params)


def _chart_slots(province: Province, year: int, district: District | None) -> list[dict]:
    """The dashboard's charts; for one district unit, not those drawing one bar per district unit
    (a single bar says nothing: its communes are in the heatmap and the communes table)."""
    query = _chart_query(province, year, district)
    return [{"spec": spec, "url": f"{reverse(f'chart_{name}')}?{query}"} for name, spec in CHARTS.items()
            if not (district and spec.per_district)]


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.GET.get("province") and reads_every_province(request.user):
        # Administrators and national users have no province of their own: the national page.
        return redirect("province_list")
    province = get_dashboard_province(request.user, request.GET.get("province"))
    districts = list(District.objects.filter(province=province).order_by("code"))
    form, year, district = _filters(request, province, districts)
    data = selectors.dashboard(province, year, district=district, districts=districts)
    return render(request, page_or_partial(request, "dashboards/dashboard.html", "body"), {
        "province": province, "district": district, "year": year, "form": form, **data,
        "charts": _chart_slots(province, year, district),
        "can_edit_targets": can_edit_targets(request.user, province),
        "max_missing": CANDIDATE_MAX_MISSING,
        "self_url": reverse("dashboard"),
        "swapped": htmx_partial(request),  # the filter's answer also swaps the heading in (out of band)
    })


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def dashboard_district(request: HttpRequest, code: str) -> HttpResponse:
    district = get_district_for_user(request.user, code)
    province = district.province
    form, year, _district = _filters(request, province, [district], district)
    facts = selectors.province_facts(province, district=district, year=year)
    share = selectors.year_share(year)
    return render(request, page_or_partial(request, "dashboards/dashboard.html", "body"), {
        "province": province, "district": district, "year": year, "form": form, "district_page": True,
        "cards": selectors.target_cards(province, year, district, facts, share),
        "counts": selectors.key_counts(facts, year, district),
        "candidates": selectors.candidates(facts, year, district),
        "max_missing": CANDIDATE_MAX_MISSING,
        "communes": selectors.district_communes(facts, district, year),
        "scorecard": district_scorecard(district, year, communes=facts.communes_of(district)),
        "charts": _chart_slots(province, year, district),
        "can_edit_targets": can_edit_targets(request.user, province),
        "self_url": reverse("dashboard_district", args=[district.code]),
    })


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def chart(request: HttpRequest, name: str) -> HttpResponse:
    """One chart as a lazily loaded fragment (or a page of its own), or its data as CSV."""
    spec = CHARTS[name]
    province = get_dashboard_province(request.user, request.GET.get("province"))
    district = None
    if request.GET.get("district"):
        district = get_district_for_user(request.user, request.GET["district"])
        if district.province_id != province.pk:
            raise Http404
    year = year_from_query(request.GET.get("year"))
    data = spec.data(province, year, district)
    table = spec.table(data)
    if request.GET.get("format") == "csv":
        return _csv(table, f"{name}-{year}{'-' + district.code if district else ''}.csv")
    return render(request, page_or_partial(request, "dashboards/chart.html", "chart"), {
        "province": province, "district": district, "year": year, "spec": spec, "table": table,
        "figure": spec.figure(data), "figure_id": f"chart-data-{name}", "today": timezone.localdate(),
        "csv_url": f"{request.path}?{_chart_query(province, year, district)}&format=csv",
    })


def _csv(table, filename: str) -> HttpResponse:
    return csv_response([table.columns, *table.rows], filename=filename)


@require_GET
@login_required
def report_latest(request: HttpRequest) -> HttpResponse:
    """The summary of the last full year: the one presented at the year-end conference."""
    return redirect("annual_report", year=latest_full_year())


@require_GET
@login_required
@never_cache
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    province = get_dashboard_province(request.user, request.GET.get("province"))
    summary = selectors.annual_summary(province, year)
    return render(request, "dashboards/annual_report.html", {
        "province": province, "year": year, **summary,
        "years": known_years(),
    })


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def target_list(request: HttpRequest) -> HttpResponse:
    province = get_dashboard_province(request.user, request.GET.get("province"))
    year = year_from_query(request.GET.get("year"))
    facts = selectors.province_facts(province, year=year)
    share = selectors.year_share(year)
    cards = [selectors.target_card(facts, t, share) for t in selectors.targets_for(province, year, every_scope=True)]
    return render(request, page_or_partial(request, "dashboards/target_list.html", "targets"), {
        "province": province, "year": year, "years": known_years(), "cards": cards,
        "can_edit": can_edit_targets(request.user, province),
    })


@require_http_methods(["GET", "POST"])
@login_required
def target_create(request: HttpRequest) -> HttpResponse:
    province = get_dashboard_province(request.user, request.GET.get("province"))
    if not can_edit_targets(request.user, province):
        raise PermissionDenied
    form = TargetForm(request.POST or None, province=province, initial={"year": year_from_query(request.GET.get("year"))})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        target = services.target_create(province=province, data=data, actor=request.user, request=request)
        messages.success(request, _("Target saved."))
        return redirect(f"{reverse('target_list')}?year={target.year}")
    return render(request, "dashboards/target_form.html", {"form": form, "province": province, "target": None})


HISTORY_ROWS = 50  # the target's latest changes shown under its form


@require_http_methods(["GET", "POST"])
@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_province_record_for_user(request.user, Target.objects.select_related("district"), pk, write=True)
    form = TargetForm(request.POST or None, instance=target, province=target.province,
                      initial={"version": target.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            target = services.target_update(target=target, version=form.cleaned_data["version"] or 0, data=data,
                                            actor=request.user, request=request)
        except StaleEdit as stale:
            form.add_error(None, stale.message)
            status = stale.status
        else:
            messages.success(request, _("Target saved."))
            return redirect(f"{reverse('target_list')}?year={target.year}")
    history = AuditEvent.objects.filter(object_type="dashboards.target", object_id=str(target.pk)).order_by(
        "-created_at", "-id")[:HISTORY_ROWS]
    return render(request, "dashboards/target_form.html", {"form": form, "province": target.province,
                                                            "target": target, "history": history}, status=status)


@require_GET
@login_required
@never_cache
@vary_on_headers("HX-Request")
def province_list(request: HttpRequest) -> HttpResponse:
    """Every province side by side for a year (national users and administrators; 403 for anyone
    else): sortable, with the NTM share chart, `?format=xlsx` for the Excel workbook."""
    if not can_view_national(request.user):
        raise PermissionDenied
    year = year_from_query(request.GET.get("year"))
    sort = request.GET.get("sort") or "code"
    if sort.lstrip("-") not in national.NATIONAL_SORTS:
        sort = "code"
    rows = national.national_rows(year, sort)
    if request.GET.get("format") == "xlsx":
        return _national_xlsx(rows, year)
    return render(request, page_or_partial(request, "dashboards/province_list.html", "table"), {
        "year": year, "years": known_years(), "rows": rows, "sort": sort,
        "totals": national.national_totals(rows), "query": urlencode({"year": year}),
        "figure": national_share_figure(rows),
    })


def _national_xlsx(rows, year: int) -> HttpResponse:
    table = national_table(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    xlsx_append(sheet, table.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        xlsx_append(sheet, row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="tinh-thanh-{year}.xlsx"'
    return response
