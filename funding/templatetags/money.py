from decimal import Decimal

from django import template
from django.utils import numberformat
from django.utils.formats import get_format

register = template.Library()


@register.filter
def amount(value) -> str:
    """Million VND as the locale writes it, grouped by thousands whatever the locale's grouping
    (95.539 in Vietnamese, 95,539 in English); decimals only when there are some."""
    if value in (None, ""):
        return "—"
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return numberformat.format(number, get_format("DECIMAL_SEPARATOR"), grouping=3,
                               thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)
