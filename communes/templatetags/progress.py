"""Template tags of the NTM progress pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {None: ("met-none", "No data"), True: ("met-yes", "Met"), False: ("met-no", "Not met")}


@register.simple_tag
def met_badge(met: bool | None) -> str:
    """The met / not met / no data badge. A tag, not an include: the commune page draws one per
    indicator and criterion, and an include costs several times more to render."""
    css, label = BADGES[met]
    return format_html('<span class="badge {}">{}</span>', css, _(label))
