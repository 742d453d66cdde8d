"""Recognition dossiers: the list with where each is waiting, a dossier's history, and the
provincial office's forms to record one and move it a step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from communes import unit_records
from communes.forms import DossierForm, DossierStepForm
from communes.models import RecognitionDossier
from communes.services.dossiers import dossier_move, dossier_submit
from ntm_tracker.access import can_record_dossiers, can_view_province, get_dashboard_province
from ntm_tracker.htmx import page_or_partial
from territory.models import Commune, District

STATUS_FILTERS = ("pending", "all")


@require_GET
@login_required
@vary_on_headers("HX-Request")
def dossier_list(request: HttpRequest) -> HttpResponse:
    """The province's dossiers, newest year first; `?show=all` includes the recognised and returned
    ones (the default; `?show=pending`: those still waiting). Fragment `#dossier-results` for the filter."""
    province = get_dashboard_province(request.user, request.GET.get("province"))
    show = request.GET.get("show") if request.GET.get("show") in STATUS_FILTERS else "all"
    dossiers = unit_records.dossiers_in_province(province)
    if show == "pending":
        dossiers = dossiers.filter(status__in=RecognitionDossier.PENDING)
    states = unit_records.dossier_states_on(province, timezone.localdate())
    rows = [(dossier, states.get(dossier.pk, (None, None, None))[2]) for dossier in dossiers]
    return render(request, page_or_partial(request, "communes/dossier_list.html", "results"), {
        "province": province, "rows": rows, "show": show,
        "can_record": can_record_dossiers(request.user, province),
    })


def _dossier(request: HttpRequest, pk: int, *, write: bool = False) -> RecognitionDossier:
    dossier = get_object_or_404(RecognitionDossier.objects.select_related(
        "province", "district__province", "commune__province", "recognition"), pk=pk)
    province = dossier.unit_province
    if not can_view_province(request.user, province):
        raise Http404
    if write and not can_record_dossiers(request.user, province):
        raise PermissionDenied
    return dossier


@require_http_methods(["GET", "POST"])
@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dossier's steps; for the provincial office, the form that takes the next step."""
    dossier = _dossier(request, pk)
    may_move = can_record_dossiers(request.user, dossier.unit_province) and RecognitionDossier.NEXT[dossier.status]
    if request.method == "POST" and not may_move:
        raise PermissionDenied
    form = DossierStepForm(request.POST or None, dossier=dossier) if may_move else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier_move(dossier=dossier, status=data["status"], on=data["on"], body=data["body"], note=data["note"],
                         recognition=data["recognition"], actor=request.user, request=request)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Step recorded: %(dossier)s is now “%(status)s”.") % {
                "dossier": dossier, "status": dossier.get_status_display()})
            return redirect("dossier_detail", pk=dossier.pk)
    return render(request, "communes/dossier_detail.html", {
        "dossier": dossier, "province": dossier.unit_province, "form": form,
        "steps": list(dossier.steps.select_related("recorded_by").order_by("on", "id")),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    province = get_dashboard_province(request.user)
    if not can_record_dossiers(request.user, province):
        raise PermissionDenied
    units = [province, *District.objects.filter(province=province).order_by("code"),
             *Commune.objects.filter(province=province).select_related("district").order_by("code")]
    form = DossierForm(request.POST or None, instance=RecognitionDossier(), units=units)
    if request.method == "POST" and form.is_valid():
        dossier = dossier_submit(dossier=form.save(commit=False), on=form.cleaned_data["on"],
                                 note=form.cleaned_data.get("step_note", ""), actor=request.user, request=request)
        messages.success(request, _("Saved: %(object)s") % {"object": dossier})
        return redirect("dossier_detail", pk=dossier.pk)
    return render(request, "communes/dossier_form.html", {"form": form, "province": province,
                                                          "back_url": reverse("dossier_list")},
                  status=400 if request.method == "POST" else 200)
