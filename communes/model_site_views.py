"""Hà Tĩnh's supplementary "criterion 20" (model villages and model gardens): the province's list
with its published totals, the form, and the sheet import. Everybody of the province reads; province
staff (and administrators) write; another province's records are a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from communes import unit_records
from communes.models import ModelSite, ModelSiteKind
from communes.services import model_sites as services
from ntm_tracker.access import can_edit_province, can_view_province, ocop_province_for_user
from ntm_tracker.htmx import page_or_partial
from ntm_tracker.import_flow import Upload, file_form, import_page
from ntm_tracker.models import PendingImport
from ntm_tracker.stale import StaleEdit
from ntm_tracker.widgets import DatalistChoiceField
from territory.models import Commune

PAGE_SIZE = 50


class CommuneField(DatalistChoiceField):
    def label_from_instance(self, commune: Commune) -> str:
        return f"{commune.full_name} ({commune.code})"


class ModelSiteForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ModelSite
        fields = ["kind", "commune", "name", "recognised_on", "decision", "source", "verified"]
        field_classes = {"commune": CommuneField}
        widgets = {"recognised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"commune": gettext_lazy("Type a few letters of the name, then choose from the list.")}

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(province=province).order_by("code")
        self.fields["version"].initial = self.instance.version


@require_GET
@login_required
@vary_on_headers("HX-Request")
def model_site_list(request: HttpRequest) -> HttpResponse:
    province = ocop_province_for_user(request.user)
    year = timezone.localdate().year
    kind = request.GET.get("kind") if request.GET.get("kind") in ModelSiteKind.values else ""
    sites = ModelSite.objects.filter(commune__province=province).select_related("commune").order_by(
        "-recognised_on", "id")
    if kind:
        sites = sites.filter(kind=kind)
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, page_or_partial(request, "communes/model_sites.html", "sites"), {
        "province": province, "page": page, "kind": kind, "kinds": ModelSiteKind.choices,
        "counts": unit_records.model_counts(province, year), "year": year,
        "can_edit": can_edit_province(request.user, province),
    })


@require_http_methods(["GET", "POST"])
@login_required
def model_site_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        province = ocop_province_for_user(request.user)
        site = ModelSite()
    else:
        site = get_object_or_404(ModelSite.objects.select_related("commune__province"), pk=pk)
        province = site.commune.province
        if not can_view_province(request.user, province):
            raise Http404
    if not can_edit_province(request.user, province):
        raise PermissionDenied
    before = services.snapshot(site) if site.pk else {}
    form = ModelSiteForm(request.POST or None, instance=site, province=province)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.model_site_save(site=form.save(commit=False), before=before,
                                             expected_version=form.cleaned_data.get("version"),
                                             actor=request.user, request=request)
        except StaleEdit as stale:
            form.add_error(None, stale.message)
            status = stale.status
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": saved})
            return redirect("model_site_list")
    return render(request, "communes/model_site_form.html", {
        "form": form, "site": site if site.pk else None, "province": province}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def model_site_import(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked (the file staged) → confirm writes the whole sheet or nothing."""
    province = ocop_province_for_user(request.user)
    if not can_edit_province(request.user, province):
        raise PermissionDenied

    def run(upload: Upload, *, dry_run: bool) -> services.ImportReport:
        return services.model_sites_import(data=upload.data, name=upload.name, province=province, actor=request.user,
                                           request=request, dry_run=dry_run)

    return import_page(
        request, kind=PendingImport.Kind.MODEL_SITES, run=run,
        form_class=file_form(_("File (.xlsx or .csv)"), accept=".xlsx,.csv", bounds=services.BOUNDS),
        done=lambda report: _("Imported %(count)s model villages and gardens.") % {"count": report.created},
        redirect_to="model_site_list", template="communes/model_sites_import.html",
        context=lambda step: {"form": step.form, "province": province, "report": step.report, "errors": step.errors,
                              "token": step.token, "columns": list(services.COLUMNS)})
