"""Template tags of the OCOP pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ocop.models import CertificateStatus

register = template.Library()


@register.simple_tag
def status_badge(status: str | None) -> str:
    """A certificate status (a CertificateStatus value) as a badge; "Not certified" for None or ""
    (which `{{ certificate.status }}` gives when there is no certificate). A tag, not an include:
    the product list draws one per row, and an include costs several times more to render."""
    if not status:
        return format_html('<span class="muted">{}</span>', _("Not certified"))
    return format_html('<span class="badge ocop-status-{}">{}</span>', status, CertificateStatus(status).label)
