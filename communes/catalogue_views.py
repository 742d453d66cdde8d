"""The criteria catalogue in the browser: the sets, their export and the template for everyone
logged in; loading a file (upload → preview of what changes → confirm) for administrators; the
commune groups that choose which 2026–2030 thresholds apply, edited by province staff one commune
at a time or imported from a sheet (upload → preview → confirm)."""

import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communes.forms import CriteriaFileForm, GroupAssignmentForm, GroupImportForm
from communes.groups import current_assignments
from communes.models import CriteriaSet
from communes.selectors import criteria_sets_summary
from communes.services.criteria_loading import criteria_export, criteria_load, criteria_template
from communes.services.criteria_reading import CriteriaFileError, criteria_read
from communes.services.groups import IMPORT_COLUMNS, GroupImport, group_assign, groups_import
from ntm_tracker.access import can_assign_groups, can_import_groups, can_manage_catalogue, get_commune_for_user
from ntm_tracker.import_flow import Upload, import_page
from ntm_tracker.models import PendingImport

STAGING_DIR = "criteria-uploads"
TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _staged(token: str, fmt: str) -> Path:
    try:
        uuid.UUID(token)
    except ValueError:
        raise Http404 from None
    if fmt not in TYPES:
        raise Http404
    return Path(settings.MEDIA_ROOT) / STAGING_DIR / f"{token}.{fmt}"


@login_required
@require_http_methods(["GET", "POST"])
def criteria_catalogue(request: HttpRequest) -> HttpResponse:
    """The sets; upload a file → the changes it would make (nothing written) → confirm."""
    if not can_manage_catalogue(request.user):
        raise PermissionDenied
    form, result, errors, token, fmt = CriteriaFileForm(), None, [], "", ""
    if request.method == "POST" and "token" in request.POST:
        token, fmt = request.POST["token"], request.POST.get("fmt", "")
        path = _staged(token, fmt)
        if not path.exists():
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("criteria_catalogue")
        try:
            with path.open("rb") as handle:
                result = criteria_load(sets=criteria_read(handle, path.name), user=request.user, request=request)
        except CriteriaFileError as refused:
            errors = refused.errors
        else:
            path.unlink(missing_ok=True)
            messages.success(request, _("Catalogue loaded: %(count)d changes, %(assessments)d assessments recomputed.")
                             % {"count": result.change_count, "assessments": result.assessments_recomputed})
            return redirect("criteria_catalogue")
    elif request.method == "POST":
        form = CriteriaFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data, fmt = upload.read(), upload.name.rsplit(".", 1)[-1].lower()
            try:
                result = criteria_load(sets=criteria_read(io.BytesIO(data), upload.name), user=request.user,
                                       dry_run=True)
            except CriteriaFileError as refused:
                errors = refused.errors
            if result is not None and result.changes:
                token = str(uuid.uuid4())
                path = _staged(token, fmt)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    return render(request, "communes/criteria_catalogue.html", {
        "sets": criteria_sets_summary(), "form": form, "result": result, "errors": errors, "token": token,
        "fmt": fmt,
    })


@login_required
@require_GET
def criteria_set_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """One set in the file layout (loading it back changes nothing)."""
    if fmt not in TYPES:
        raise Http404
    criteria_set = get_object_or_404(CriteriaSet, code=code)
    response = HttpResponse(criteria_export(criteria_set, xlsx=fmt == "xlsx"), content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{criteria_set.code}.{fmt}"'
    return response


@login_required
@require_GET
def criteria_template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """An example file in the layout, to fill in with an official annex."""
    if fmt not in TYPES:
        raise Http404
    response = HttpResponse(criteria_template(xlsx=fmt == "xlsx"), content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bo-tieu-chi-mau.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def commune_groups(request: HttpRequest, code: str) -> HttpResponse:
    """A commune's dated group assignments (which 2026–2030 thresholds apply); province staff add one."""
    commune = get_commune_for_user(request.user, code)
    can_edit = can_assign_groups(request.user, commune)
    form = GroupAssignmentForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = GroupAssignmentForm(request.POST)
        if form.is_valid():
            try:
                group_assign(commune=commune, user=request.user, request=request, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Commune group recorded."))
                return redirect("commune_groups", code=commune.code)
    return render(request, "communes/commune_groups.html", {
        "commune": commune, "district": commune.district, "province": commune.province,
        "assignments": current_assignments(commune.pk), "form": form, "can_edit": can_edit,
    })


@login_required
@require_http_methods(["GET", "POST"])
def commune_groups_import(request: HttpRequest) -> HttpResponse:
    """Province staff import their communes' group decisions from a sheet: upload → preview (every
    row checked and written, then rolled back; the file staged) → confirm (all or nothing)."""
    if not can_import_groups(request.user):
        raise PermissionDenied
    province = request.user.province  # None for an administrator: any province

    def run(upload: Upload, *, dry_run: bool) -> GroupImport:
        return groups_import(data=upload.data, name=upload.name, user=request.user, province=province,
                             request=None if dry_run else request, dry_run=dry_run)

    return import_page(
        request, kind=PendingImport.Kind.COMMUNE_GROUPS, run=run, form_class=GroupImportForm,
        done=lambda result: _("%(count)d group decisions imported.") % {"count": result.created},
        redirect_to="commune_groups_import", template="communes/commune_groups_import.html",
        context=lambda step: {"form": step.form, "result": step.report, "errors": step.errors, "token": step.token,
                              "columns": IMPORT_COLUMNS, "province": province})
