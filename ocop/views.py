from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from ntm_tracker.access import (
    can_create_ocop,
    can_edit_ocop_commune,
    can_edit_province,
    can_record_certificate_stars,
    get_ocop_object_for_user,
    ocop_editable_communes,
    ocop_province_for_user,
    reads_every_province,
)
from ntm_tracker.htmx import page_or_partial
from ntm_tracker.import_flow import Upload, file_form, import_page
from ntm_tracker.navigation import safe_next
from ntm_tracker.stale import StaleEdit
from ntm_tracker.models import PendingImport
from ocop import exports, imports, selectors, services
from ocop.imports import BOUNDS
from ocop.forms import CertificateForm, EvaluationForm, NominationForm, ProducerForm, ProductFilterForm, ProductForm
from ocop.models import Certificate, Evaluation, Nomination, Producer, Product
from territory.models import Province

PAGE_SIZE = 25


def _list_province(request: HttpRequest):
    """The province whose register the list shows: `?province=` for a user who reads several
    (administrators, national users), the user's own for everyone else."""
    return ocop_province_for_user(request.user, request.GET.get("province"))


def _filter_form(request: HttpRequest, province) -> ProductFilterForm:
    districts, communes = selectors.filter_units(province, district=request.GET.get("district", ""))
    provinces = None
    if reads_every_province(request.user):
        provinces = [(p.code, p.full_name) for p in Province.objects.filter(valid_to__isnull=True).order_by("code")]
        data = request.GET.copy()
        data["province"] = province.code
    else:
        data = request.GET
    return ProductFilterForm(data, districts=districts, communes=communes, provinces=provinces)


@require_GET
@login_required
@vary_on_headers("HX-Request")
def product_list(request: HttpRequest) -> HttpResponse:
    province = _list_province(request)
    form = _filter_form(request, province)
    page = selectors.product_page(province, form.filters(), request.GET.get("page"), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(request, page_or_partial(request, "ocop/product_list.html", "filtered"), {
        "province": province,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "sort": form.filters().get("sort") or "name",
        "sort_query": sort_query.urlencode(),
        "today": timezone.localdate(),
        "can_create": can_create_ocop(request.user, province),
    })


@require_GET
@login_required
def product_export(request: HttpRequest, fmt: str) -> HttpResponse:
    province = _list_province(request)
    products = selectors.product_search(province, _filter_form(request, province).filters())
    return exports.products_export(products.prefetch_related("export_markets"), fmt=fmt)


@require_GET
@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_ocop_object_for_user(request.user, Product.objects.select_related("producer__commune", "current_certificate"),
                                       pk, commune_path="commune")
    return render(request, "ocop/product_detail.html", {
        "product": product,
        "province": product.commune.province,
        "can_edit": can_edit_ocop_commune(request.user, product.commune),
        "can_nominate": can_edit_province(request.user, product.commune.province),
        "today": timezone.localdate(),
        **selectors.product_detail(product),
    })


def _form_page(request: HttpRequest, *, form, save, title: str, back_url: str, success) -> HttpResponse:
    """Validate and save through `save(form, expected_version)`, or show the form with its errors.
    A stale edit is refused with a message, never written over."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form, form.cleaned_data.get("version"))
        except StaleEdit as stale:
            form.add_error(None, stale.message)
            status = stale.status
        except services.Refused:
            pass
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": saved})
            return redirect(success(saved))
    return render(request, "ocop/form.html", {"form": form, "title": title, "back_url": back_url}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def producer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    province = ocop_province_for_user(request.user)
    if pk is None:
        if not can_create_ocop(request.user, province):
            raise PermissionDenied
        producer = Producer()
    else:
        producer = get_ocop_object_for_user(request.user, Producer.objects.all(), pk, commune_path="commune", write=True)
    before = services.snapshot(producer) if producer.pk else {}
    form = ProducerForm(request.POST or None, instance=producer, communes=ocop_editable_communes(request.user, province))

    def save(form, version):
        return services.producer_save(producer=form.save(commit=False), before=before, expected_version=version,
                                      actor=request.user, request=request)

    return _form_page(request, form=form, save=save,
                      title=_("Edit producer") if pk else _("New producer"),
                      back_url=safe_next(request, reverse("ocop_product_list")),
                      success=lambda p: safe_next(request, reverse("ocop_product_create") + f"?producer={p.pk}"))


@require_http_methods(["GET", "POST"])
@login_required
def product_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    province = ocop_province_for_user(request.user)
    if pk is None:
        if not can_create_ocop(request.user, province):
            raise PermissionDenied
        product = Product()
    else:
        product = get_ocop_object_for_user(request.user, Product.objects.all(), pk, commune_path="commune", write=True)
    before = services.snapshot(product) if product.pk else {}
    initial = {"producer": request.GET.get("producer")} if pk is None else None
    form = ProductForm(request.POST or None, instance=product, initial=initial,
                       communes=ocop_editable_communes(request.user, province))

    def save(form, version):
        return services.product_save(product=form.save(commit=False), markets=list(form.cleaned_data["export_markets"]),
                                     before=before, expected_version=version, actor=request.user, request=request)

    return _form_page(request, form=form, save=save,
                      title=_("Edit product") if pk else _("New OCOP product"),
                      back_url=reverse("ocop_product_detail", args=[pk]) if pk else reverse("ocop_product_list"),
                      success=lambda p: reverse("ocop_product_detail", args=[p.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_edit(request: HttpRequest, product_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    if pk is None:
        product = get_ocop_object_for_user(request.user, Product.objects.all(), product_pk, commune_path="commune", write=True)
        evaluation = Evaluation(product=product)
    else:
        evaluation = get_ocop_object_for_user(request.user, Evaluation.objects.select_related("product"), pk,
                                              commune_path="product__commune", write=True)
        product = evaluation.product
    before = services.snapshot(evaluation) if evaluation.pk else {}
    form = EvaluationForm(request.POST or None, instance=evaluation)

    def save(form, version):
        return services.evaluation_save(evaluation=form.save(commit=False), before=before, expected_version=version,
                                        actor=request.user, request=request)

    return _form_page(request, form=form, save=save,
                      title=(_("Edit evaluation") if pk else _("New evaluation")) + f" — {product}",
                      back_url=reverse("ocop_product_detail", args=[product.pk]),
                      success=lambda e: reverse("ocop_product_detail", args=[product.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def certificate_edit(request: HttpRequest, product_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    if pk is None:
        product = get_ocop_object_for_user(request.user, Product.objects.all(), product_pk, commune_path="commune", write=True)
        certificate = Certificate(product=product)
    else:
        certificate = get_ocop_object_for_user(request.user, Certificate.objects.select_related("product"), pk,
                                               commune_path="product__commune", write=True)
        product = certificate.product
    before = services.snapshot(certificate) if certificate.pk else {}
    form = CertificateForm(request.POST or None, instance=certificate, product=product)

    def save(form, version):
        if not can_record_certificate_stars(request.user, form.cleaned_data.get("stars")):
            form.add_error("stars", _("4★ and 5★ certificates are recorded by the provincial office."))
            raise services.Refused
        return services.certificate_save(certificate=form.save(commit=False), before=before, expected_version=version,
                                         actor=request.user, request=request)

    return _form_page(request, form=form, save=save,
                      title=(_("Edit certificate") if pk else _("New certificate")) + f" — {product}",
                      back_url=reverse("ocop_product_detail", args=[product.pk]),
                      success=lambda c: reverse("ocop_product_detail", args=[product.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def nomination_edit(request: HttpRequest, product_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    """Province staff record a product's nomination for a higher star level and its outcome."""
    if pk is None:
        product = get_ocop_object_for_user(request.user, Product.objects.all(), product_pk, commune_path="commune")
        nomination = Nomination(product=product)
    else:
        nomination = get_ocop_object_for_user(request.user, Nomination.objects.select_related("product"), pk,
                                              commune_path="product__commune")
        product = nomination.product
    if not can_edit_province(request.user, product.commune.province):
        raise PermissionDenied
    before = services.snapshot(nomination) if nomination.pk else {}
    form = NominationForm(request.POST or None, instance=nomination, product=product)

    def save(form, version):
        return services.nomination_save(nomination=form.save(commit=False), before=before, expected_version=version,
                                        actor=request.user, request=request)

    return _form_page(request, form=form, save=save,
                      title=(_("Edit nomination") if pk else _("New nomination for a higher star level")) + f" — {product}",
                      back_url=reverse("ocop_product_detail", args=[product.pk]),
                      success=lambda n: reverse("ocop_product_detail", args=[product.pk]))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def expiring(request: HttpRequest) -> HttpResponse:
    """Certificates to renew, per unit of today's map: district units, or, since 1 July 2025,
    commune-level units (the filter is named after them: `district` or `commune`)."""
    province = ocop_province_for_user(request.user)
    window = request.GET.get("expired", "180")
    expired_days = None if window == "all" else int(window) if window in ("90", "180", "365") else 180
    expiry = selectors.certificates_expiring(province, district=request.GET.get("district"),
                                             commune=request.GET.get("commune"), expired_days=expired_days)
    return render(request, page_or_partial(request, "ocop/expiring.html", "expiry-results"), {
        "province": province,
        "expiry": expiry,
        "window": "all" if expired_days is None else str(expired_days),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
@login_required
def product_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry-run preview listing every row error (the file staged) → confirm applies the whole file."""
    province = ocop_province_for_user(request.user)
    if not can_create_ocop(request.user, province):
        raise PermissionDenied

    def run(upload: Upload, *, dry_run: bool) -> imports.ImportReport:
        return imports.products_import(data=upload.data, province=province, actor=request.user, request=request,
                                       dry_run=dry_run)

    return import_page(
        request, kind=PendingImport.Kind.OCOP, run=run,
        form_class=file_form(_("Excel file (.xlsx)"), accept=".xlsx", bounds=BOUNDS),
        done=lambda report: _("Imported %(rows)s rows: %(created)s new products, %(evaluations)s evaluations, "
                              "%(certificates)s certificates.") % {
            "rows": report.rows, "created": report.products_created, "evaluations": report.evaluations,
            "certificates": report.certificates},
        redirect_to="ocop_product_list", template="ocop/import.html",
        context=lambda step: {"form": step.form, "province": province, "report": step.report, "errors": step.errors,
                              "token": step.token})


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ocop.xlsx"'
    return response
