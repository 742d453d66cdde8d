"""Template tags of the OCOP pages."""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ocop.models import Certificate, CertificateStatus

register = template.Library()


@register.simple_tag
def status_badge(certificate: Certificate | None, today: datetime.date) -> str:
    """The certificate's status on `today` as a badge, or "Not certified" without a certificate.
    A tag, not an include: the product list draws one per row, and an include costs several times
    more to render."""
    if certificate is None:
        return format_html('<span class="muted">{}</span>', _("Not certified"))
    status = certificate.status_on(today)
    return format_html('<span class="badge ocop-status-{}">{}</span>', status, CertificateStatus(status).label)
