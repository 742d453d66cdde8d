"""Template tags of the NTM progress pages.

Tags, not includes: these draw once per row or cell of long tables (a scorecard has communes × 19
cells), and a tag costs a fraction of an include or of the same logic in template conditionals.
They write no htmx attributes: those live in the templates."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {None: ("met-none", "No data"), True: ("met-yes", "Met"), False: ("met-no", "Not met")}
CELLS = {None: ("cell-none", "No data", "·"), True: ("cell-yes", "Met", "✓"), False: ("cell-no", "Not met", "✗")}


@register.simple_tag
def met_badge(met: bool | None) -> str:
    """The met / not met / no data badge."""
    css, label = BADGES[met]
    return format_html('<span class="badge {}">{}</span>', css, _(label))


@register.simple_tag
def scorecard_cells(cells: list) -> str:
    """The <td> of one scorecard row: ✓ met, ✗ not met, · no data, with the word as a tooltip."""
    labels = {met: _(label) for met, (_css, label, _symbol) in CELLS.items()}
    return format_html_join("", '<td class="cell {}" title="{}">{}</td>',
                            ((CELLS[cell][0], labels[cell], CELLS[cell][2]) for cell in cells))


@register.simple_tag
def level_badge(status) -> str:
    """The badge of a unit's highest recognised level (communes.selectors.UnitStatus); — when none."""
    if status.level:
        return format_html('<span class="badge level-{}">{}</span>', status.level, status.level_label)
    return mark_safe('<span class="badge level-none">—</span>')


@register.simple_tag
def decision(rec) -> str:
    """A recognition decision: its number (or "number unknown") and date, flagged when unverified."""
    number = rec.decision_number or _("number unknown")
    when = format_html(" ({})", date_filter(rec.decision_date, "d/m/Y")) if rec.decision_date else ""
    if rec.verified:
        return format_html('<span class="decision">{}{}</span>', number, when)
    return format_html('<span class="decision unverified" title="{}">{}{}</span>',
                       _("Decision number not verified against the official text"), number, when)
