"""The NTM rules that reads and writes both need: which threshold applies to a commune, what
"met" means, which values an indicator can take, which years a unit can have data for.

Pure functions over catalogue rows, no query: the catalogue (`communes/catalogue.py`), the
selectors and the services all import them from here, and this module imports nothing above
`communes.models`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communes.models import Indicator


def threshold_pick(thresholds, *, region: str, mountain: bool, year: int, group: int = 0) -> Decimal | None:
    """The most specific threshold: the commune's group (2026–2030) before every group, then
    region+year, region, year, national value.

    Especially disadvantaged communes look in the northern-mountain column first and fall back to
    the ordinary one where it has no value.
    """
    index = {(t.commune_group, t.mountain, t.region, t.year): t.value for t in thresholds}
    columns = [True, False] if mountain else [False]
    for commune_group in ((group, 0) if group else (0,)):
        for column in columns:
            for key in ((column, region, year), (column, region, None), (column, "", year), (column, "", None)):
                if (commune_group, *key) in index:
                    return index[(commune_group, *key)]
    return None


def met_compute(indicator: Indicator, *, value: Decimal | None, met: bool | None,
                threshold: Decimal | None) -> bool | None:
    """Met / not met / None (no data): from the threshold when numeric, else the user's choice."""
    if not indicator.is_numeric or threshold is None:
        return met
    if value is None:
        return None
    if indicator.comparison == Indicator.Comparison.AT_MOST:
        return value <= threshold
    return value >= threshold


def value_validate(indicator: Indicator, value: Decimal | None) -> None:
    """Raise ValidationError (Vietnamese through gettext) when a value cannot be right."""
    if value is None:
        return
    if not indicator.is_numeric:
        raise ValidationError(_("This indicator is yes/no: choose met or not met, do not enter a number."))
    if value < 0:
        raise ValidationError(_("The value cannot be negative."))
    if indicator.kind == Indicator.Kind.PERCENT and value > 100:
        raise ValidationError(_("A percentage must be between 0 and 100."))



# Group 2 is "every commune not in group 1 or 3" (Decision 51/2025/QĐ-TTg): a commune without an
# assignment in force is in it.
DEFAULT_GROUP = 2


def group_in_force(assignments, year: int) -> int:
    """The commune group of `year` from a commune's dated assignments (the latest one starting on
    or before the year that has not ended); `DEFAULT_GROUP` when none covers it."""
    covering = [a for a in assignments if a.valid_from <= year and (a.valid_to is None or year <= a.valid_to)]
    return max(covering, key=lambda a: a.valid_from).group if covering else DEFAULT_GROUP


def unit_year_check(unit, year: int) -> None:
    """A year's data belong to the units that existed in it: a commune merged away on 1 July 2025
    takes no 2026 value, review or decision, and one formed that day none of 2024 (the past stays as
    it was recorded). `unit`: a commune or district. Raises ValidationError naming the dates."""
    if unit.existed_in(year):
        return
    if unit.valid_to is not None and unit.valid_to.year < year:
        raise ValidationError(_("%(unit)s existed until %(date)s: it has no data for %(year)d.") % {
            "unit": unit.full_name, "date": date_format(unit.valid_to, "d/m/Y"), "year": year})
    raise ValidationError(_("%(unit)s was formed on %(date)s: it has no data for %(year)d.") % {
        "unit": unit.full_name, "date": date_format(unit.valid_from, "d/m/Y"), "year": year})
