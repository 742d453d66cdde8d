"""The product list as .xlsx or .csv, with the list page's filters applied."""

import io

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ntm_tracker.exports import csv_response, xlsx_append
from ocop.models import Product


def _headers() -> list[str]:
    return [_("Product"), _("Producer"), _("Producer kind"), _("Product group"), _("Subgroup"), _("Commune"),
            _("District unit"), _("Stars"), _("Decision number"), _("Decision date"), _("Valid until"),
            _("Certificate status"), _("Export markets")]


def _row(product: Product, today) -> list:
    certificate = product.current_certificate
    return [
        product.name, product.producer.name, product.producer.get_kind_display(), product.get_group_display(),
        product.get_subgroup_display(), product.commune.full_name,
        product.commune.district.full_name if product.commune.district else "",  # none since 1 July 2025
        certificate.stars if certificate else None,
        certificate.decision_number if certificate else "",
        certificate.decision_date.strftime("%d/%m/%Y") if certificate else "",
        certificate.valid_until.strftime("%d/%m/%Y") if certificate else "",
        str(certificate.Status(certificate.status_on(today)).label) if certificate else _("Not certified"),
        ", ".join(m.name for m in product.export_markets.all()),
    ]


def products_export(products, *, fmt: str) -> HttpResponse:
    """The products (export_markets prefetched) as a download; fmt is "xlsx" or "csv". Names are
    users' text: written through `ntm_tracker.exports`, so none runs as a formula."""
    today = timezone.localdate()
    filename = f"san-pham-ocop-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_response([_headers(), *(_row(product, today) for product in products)], filename=filename)
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "OCOP"
        xlsx_append(sheet, _headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for product in products:
            xlsx_append(sheet, _row(product, today))
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
