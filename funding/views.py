from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from funding import charts, exports, imports, selectors, services
from funding.forms import FundingForm, SponsorshipForm
from funding.models import Funding, Sponsorship, YEAR_MAX, YEAR_MIN
from ntm_tracker.access import (
    can_edit_province,
    can_edit_unit_record,
    can_record_unit_records,
    can_view_province,
    get_dashboard_province,
)
from ntm_tracker.htmx import page_or_partial
from ntm_tracker.import_flow import Upload, file_form, import_page
from ntm_tracker.models import PendingImport
from territory.models import Commune, Province


def _year(request: HttpRequest, province) -> int:
    raw = request.GET.get("year") or request.POST.get("year_shown") or ""
    if raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX:
        return int(raw)
    years = selectors.recorded_years(province)
    return years[0] if years else timezone.localdate().year


def _list_url(year: int) -> str:
    return f"{reverse('funding_list')}?year={year}"


@require_GET
@login_required
@vary_on_headers("HX-Request")
def funding_list(request: HttpRequest) -> HttpResponse:
    province = get_dashboard_province(request.user, request.GET.get("province"))
    year = _year(request, province)
    rows = list(selectors.funding_rows(province, year).order_by("source", "component", "id"))
    user = request.user
    table = selectors.totals_by_year_and_source(province)
    columns, chart_rows = charts.sources_by_year_table(table)
    return render(request, page_or_partial(request, "funding/list.html", "results"), {
        "province": province, "year": year,
        "years": sorted(set(selectors.recorded_years(province)) | {year}, reverse=True),
        "rows": [(row, can_edit_unit_record(user, row.unit)) for row in rows],
        "periods": [(row, can_edit_unit_record(user, row.unit)) for row in selectors.funding_rows(
            province, periods=True).order_by("-year", "source", "id")],
        "total": sum((row.amount for row in rows), start=0),
        "verified_total": sum((row.amount for row in rows if row.verified), start=0),
        "by_source": selectors.totals_by_source(province, year),
        "sponsorships": [(s, can_edit_unit_record(user, s.commune))
                         for s in selectors.sponsorships(province, year).order_by("commune__code", "sponsor")],
        "figure": charts.sources_by_year_figure(table), "chart_columns": columns, "chart_rows": chart_rows,
        "can_create": can_record_unit_records(user, province),
    })


def _record(request: HttpRequest, model, pk: int, *, write: bool = True):
    record = get_object_or_404(model.objects.select_related(*(
        ("commune__province",) if model is Sponsorship else ("province", "district__province", "commune__province"))),
        pk=pk)
    unit = record.commune if model is Sponsorship else record.unit
    if not can_view_province(request.user, unit if isinstance(unit, Province) else unit.province):
        raise Http404
    if write and not can_edit_unit_record(request.user, unit):
        raise PermissionDenied
    return record


def _form_page(request, *, form, obj, title, year) -> HttpResponse:
    before = services.snapshot(obj) if obj.pk else {}
    if request.method == "POST" and form.is_valid():
        saved = services.record_save(obj=form.save(commit=False), before=before, actor=request.user, request=request)
        messages.success(request, _("Saved: %(object)s") % {"object": saved})
        return redirect(_list_url(getattr(saved, "year", None) or year))
    return render(request, "funding/form.html", {"form": form, "title": title, "back_url": _list_url(year)},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def funding_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    province = get_dashboard_province(request.user)
    if pk is None:
        if not can_record_unit_records(request.user, province):
            raise PermissionDenied
        funding = Funding(year=_year(request, province))
    else:
        funding = _record(request, Funding, pk)
    year = int(request.POST.get("year") or 0) if str(request.POST.get("year", "")).isdigit() else funding.year
    units = selectors.editable_units(request.user, province, year if YEAR_MIN <= year <= YEAR_MAX else None)
    form = FundingForm(request.POST or None, instance=funding, units=units,
                       may_verify=can_edit_province(request.user, province))
    return _form_page(request, form=form, obj=funding, year=funding.year,
                      title=_("Edit amount mobilised") if pk else _("New amount mobilised"))


@require_http_methods(["GET", "POST"])
@login_required
def sponsorship_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    province = get_dashboard_province(request.user)
    if pk is None:
        if not can_record_unit_records(request.user, province):
            raise PermissionDenied
        sponsorship = Sponsorship()
    else:
        sponsorship = _record(request, Sponsorship, pk)
    communes = [unit for unit in selectors.editable_units(request.user, province) if isinstance(unit, Commune)]
    form = SponsorshipForm(request.POST or None, instance=sponsorship, communes=communes)
    return _form_page(request, form=form, obj=sponsorship, year=_year(request, province),
                      title=_("Edit sponsorship") if pk else _("New sponsorship"))


@require_http_methods(["GET", "POST"])
@login_required
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"amount": Funding, "sponsorship": Sponsorship}.get(kind)
    if model is None:
        raise Http404
    record = _record(request, model, pk)
    year = getattr(record, "year", None) or record.date_from.year
    if request.method == "POST":
        services.record_delete(obj=record, actor=request.user, request=request)
        messages.success(request, _("Deleted: %(object)s") % {"object": record})
        return redirect(_list_url(year))
    return render(request, "funding/delete.html", {"record": record, "back_url": _list_url(year)})


@require_GET
@login_required
def funding_export(request: HttpRequest, fmt: str) -> HttpResponse:
    province = get_dashboard_province(request.user, request.GET.get("province"))
    year = _year(request, province)
    rows = selectors.funding_rows(province, year).order_by("source", "component", "id")
    if request.GET.get("periods"):
        rows = selectors.funding_rows(province, periods=True).order_by("-year", "source", "id")
    return exports.funding_export(rows, fmt=fmt, filename=f"huy-dong-nguon-luc-{province.code}-{year}")


@require_GET
@login_required
def sponsorship_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The sponsorships running during the year, in the sponsorship import's columns."""
    province = get_dashboard_province(request.user, request.GET.get("province"))
    year = _year(request, province)
    rows = selectors.sponsorships(province, year).order_by("commune__code", "sponsor", "date_from", "id")
    return exports.sponsorship_export(rows, fmt=fmt, filename=f"do-dau-{province.code}-{year}")


@require_http_methods(["GET", "POST"])
@login_required
def funding_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview listing every row error (the file staged) → confirm writes the whole file."""
    return _import(request, kind=PendingImport.Kind.FUNDING, importer=imports.funding_import,
                   title=_("Import amounts mobilised"), template_url=reverse("funding_import_template"),
                   lead=_("One row per year, unit, source and component; a row for an amount already recorded "
                          "updates it. The file is checked first; nothing is written until you confirm, and then "
                          "either every row is written or none."),
                   summary=_("%(rows)s rows: %(created)s new amounts, %(updated)s updated."),
                   done=_("Imported %(rows)s rows: %(created)s new amounts, %(updated)s updated."))


@require_http_methods(["GET", "POST"])
@login_required
def sponsorship_import(request: HttpRequest) -> HttpResponse:
    """The same flow for sponsorships: one row per sponsor, commune, village and start date."""
    return _import(request, kind=PendingImport.Kind.SPONSORSHIPS, importer=imports.sponsorship_import,
                   title=_("Import sponsorships"), template_url=reverse("sponsorship_import_template"),
                   lead=_("One row per sponsoring organisation, commune, village and start date; a row for a "
                          "sponsorship already recorded updates it. The file is checked first; nothing is written "
                          "until you confirm, and then either every row is written or none."),
                   summary=_("%(rows)s rows: %(created)s new sponsorships, %(updated)s updated."),
                   done=_("Imported %(rows)s rows: %(created)s new sponsorships, %(updated)s updated."))


def _import(request: HttpRequest, *, kind, importer, title: str, template_url: str, lead: str, summary: str,
            done: str) -> HttpResponse:
    province = get_dashboard_province(request.user)
    if not can_record_unit_records(request.user, province):
        raise PermissionDenied

    def run(upload: Upload, *, dry_run: bool) -> imports.ImportReport:
        return importer(data=upload.data, name=upload.name, province=province, actor=request.user,
                        request=request, dry_run=dry_run)

    def counts(report) -> dict:
        return {"rows": report.rows, "created": report.created, "updated": report.updated}

    return import_page(
        request, kind=kind, run=run,
        form_class=file_form(_("Excel file (.xlsx) or .csv"), accept=".xlsx,.csv", bounds=imports.BOUNDS),
        done=lambda report: done % counts(report),
        redirect_to="funding_list", template="funding/import.html",
        context=lambda step: {"form": step.form, "province": province, "report": step.report, "error": step.errors,
                              "token": step.token, "title": title, "lead": lead, "template_url": template_url,
                              "summary": summary % counts(step.report) if step.report else ""})


def _workbook_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return _workbook_response(imports.template_workbook(), "mau-nhap-huy-dong-nguon-luc.xlsx")


@require_GET
@login_required
def sponsorship_import_template(request: HttpRequest) -> HttpResponse:
    return _workbook_response(imports.sponsorship_template_workbook(), "mau-nhap-do-dau.xlsx")
