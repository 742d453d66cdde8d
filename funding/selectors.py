"""Reads of the money mobilised (flat query counts)."""

from decimal import Decimal

from django.db.models import Q, Sum

from funding.models import Funding, Source, Sponsorship, UnitRecord
from ntm_tracker.access import can_edit_commune, can_edit_district, can_edit_province
from ntm_tracker.models import User
from territory.models import Commune, District, Province


def funding_rows(province: Province, year: int | None = None, *, periods: bool = False):
    """The yearly amounts recorded for the province and its units (of `year`), their units joined;
    with `periods`, the amounts of several years instead (ending in `year`)."""
    rows = Funding.objects.filter(UnitRecord.in_province(province), period_start__isnull=not periods).select_related(
        "province", "district", "commune")
    return rows.filter(year=year) if year is not None else rows


def funding_total(province: Province, year: int, *, verified_only: bool = False) -> Decimal:
    """Million VND mobilised in `year` for the province and its units (one query): the yearly
    amounts, not the totals of a period. With `verified_only`, only the figures checked against
    their document."""
    rows = funding_rows(province, year)
    if verified_only:
        rows = rows.filter(verified=True)
    return rows.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def totals_by_source(province: Province, year: int) -> list[dict]:
    """[{"source", "label", "amount", "verified"}] for every source with an amount in `year`, in
    the order of the choices; `verified` is True when every row of the source is (one query)."""
    sums = {row["source"]: row for row in funding_rows(province, year).order_by().values("source").annotate(
        amount=Sum("amount"), unverified=Sum("id", filter=Q(verified=False)))}
    return [{"source": value, "label": label, "amount": sums[value]["amount"],
             "verified": sums[value]["unverified"] is None}
            for value, label in Source.choices if value in sums]


def totals_by_year_and_source(province: Province) -> dict[int, dict[str, Decimal]]:
    """{year: {source: million VND}} over every year recorded (one query), for the chart."""
    table: dict[int, dict[str, Decimal]] = {}
    for row in funding_rows(province).order_by().values("year", "source").annotate(amount=Sum("amount")):
        table.setdefault(row["year"], {})[row["source"]] = row["amount"]
    return dict(sorted(table.items()))


def sponsorships(province: Province, year: int | None = None):
    """Sponsorships of the province's communes (those running during `year`), communes joined."""
    rows = Sponsorship.objects.filter(commune__province=province).select_related("commune")
    if year is not None:
        rows = rows.filter(Q(date_from__year__lte=year), Q(date_to__isnull=True) | Q(date_to__year__gte=year))
    return rows


def recorded_years(province: Province) -> list[int]:
    return sorted(set(funding_rows(province).order_by().values_list("year", flat=True).distinct()), reverse=True)


def unit_choices(units) -> list[tuple[str, str]]:
    """(GSO code, full name) pairs for a unit select."""
    return [(unit.code, unit.full_name) for unit in units]


def editable_units(user, province: Province, year: int | None = None) -> list[Province | District | Commune]:
    """The units the user may record amounts for: the province (province staff), its district
    units that existed in `year` (province staff; district staff their own), its communes
    (province staff; district staff their district's; commune staff their own). Three queries."""
    alive = Q()
    if year is not None:
        alive = (Q(valid_from__isnull=True) | Q(valid_from__year__lte=year)) & (
            Q(valid_to__isnull=True) | Q(valid_to__year__gte=year))
    units: list = [province] if can_edit_province(user, province) else []
    units += [d for d in District.objects.filter(alive, province=province).order_by("code")
              if can_edit_district(user, d)]
    communes = Commune.objects.filter(alive, province=province).order_by("code")
    if user.role == User.Role.DISTRICT:
        communes = communes.filter(district_id=user.district_id)
    elif user.role == User.Role.COMMUNE:
        communes = communes.filter(pk=user.commune_id)
    units += [c for c in communes if can_edit_commune(user, c)]
    return units
