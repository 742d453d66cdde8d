"""The audit trail as a person reads it (ntm_tracker.audit.change_rows): the audit page, the
commune history, an account's recent changes."""

from django import template
from django.utils.html import format_html_join

from ntm_tracker.audit import change_rows

register = template.Library()


@register.simple_tag
def audit_changes(event) -> str:
    """An audit event's changes, one line each: "Label: old → new"."""
    return format_html_join("", '<div><span class="muted">{}:</span> {} → <strong>{}</strong></div>',
                            change_rows(event))
