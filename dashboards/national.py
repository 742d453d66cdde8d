"""The national page (`/provinces/`): every province that existed at the end of a year side by
side, for national users and administrators — read in a fixed number of queries whatever the
number of provinces, communes or decisions."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, Q, Value, When

from communes.models import LEVEL_RANK, Recognition
from communes.selectors import unit_statuses
from dashboards.selectors import DECISION_ORDER
from ntm_tracker.collation import sort_key
from ocop import selectors as ocop_selectors
from territory.models import Commune, CommunePeriod, Province, ProvinceLineage, ProvincePeriod
from territory.selectors import current_on, period_on, provinces_named_as_of, year_end


@dataclass
class ProvinceRow:
    """One province on the national page for a year. None means no data (shown as "—"), not 0:
    `communes` None when no commune of the province is loaded for that year, the levels None when
    the province has no recognition decision up to that year, `ocop` None when it has no OCOP
    product registered."""

    province: Province
    communes: int | None = None
    in_programme: int | None = None
    ntm: int | None = None
    advanced: int | None = None
    model: int | None = None
    ocop: int | None = None
    predecessors: list[str] = field(default_factory=list)

    @property
    def ntm_share(self) -> float | None:
        if self.ntm is None or not self.in_programme:
            return None
        return 100 * self.ntm / self.in_programme


NATIONAL_SORTS = ("code", "name", "communes", "in_programme", "ntm", "ntm_share", "advanced", "model", "ocop")


def national_rows(year: int, sort: str = "code") -> list[ProvinceRow]:
    """Every province that existed at the end of `year` (63 before 1 July 2025, 34 after), with its
    communes of that time (`territory.selectors`: a commune counts in the province it belonged to
    then), their levels at the end of the year (recognition decisions up to that standard year;
    a level counts the communes in the programme at it or above) and its OCOP products in force.
    `predecessors`: the provinces merged into it by then (province lineage).

    Seven queries whatever the number of provinces, communes or decisions: the provinces, the
    commune counts of the unit rows and of the closed periods of that time, each commune's highest
    level (one UNION of two aggregates), the lineage and the OCOP counts — and one more for the
    decisions of the communes with a revocation, when there are any. `sort`: one of
    NATIONAL_SORTS, "-" first for descending; empty values last either way.
    """
    day = year_end(year)
    # Every province that existed that day, renamed since or not (a rename is a period, not a new unit).
    rows = {p.id: ProvinceRow(province=p) for p in provinces_named_as_of(day)}
    programme = Q(kind=Commune.Kind.COMMUNE)
    for queryset, excluded in ((Commune.objects.filter(current_on(day)), "excluded"),
                               (CommunePeriod.objects.filter(period_on(day)), "commune__excluded")):
        for item in queryset.values("province_id").annotate(
                n=Count("id"), p=Count("id", filter=programme & Q(**{excluded: False}))).order_by():
            row = rows.get(item["province_id"])
            if row is not None:
                row.communes = (row.communes or 0) + item["n"]
                row.in_programme = (row.in_programme or 0) + item["p"]
    # Each commune of that time with a decision up to `year`: its highest level recognised, and
    # whether a revocation is among its decisions (then, and only then, its decisions are folded
    # in order: a revocation removes a level until a later decision restores it).
    levels = []
    for prefix, queryset, id_field, excluded in (
            ("", Commune.objects.filter(current_on(day)), "id", "excluded"),
            ("commune__", CommunePeriod.objects.filter(period_on(day)), "commune_id", "commune__excluded")):
        revoked = Q(**{f"{prefix}recognitions__kind": Recognition.Kind.REVOKED})
        rank = Case(*(When(Q(**{f"{prefix}recognitions__level": level}) & ~revoked, then=Value(r))
                      for level, r in LEVEL_RANK.items() if level), default=Value(0), output_field=IntegerField())
        levels.append(queryset.filter(**{f"{prefix}recognitions__standard_year__lte": year}).values(
            id_field, "province_id", "kind", excluded).annotate(
            rank=Max(rank), revocations=Count(f"{prefix}recognitions__id", filter=revoked)).values_list(
            id_field, "province_id", "kind", excluded, "rank", "revocations").order_by())
    communes, folded = {}, []
    for commune_id, province_id, kind, excluded, rank, revocations in levels[0].union(levels[1], all=True).order_by():
        communes[commune_id] = (province_id, kind == Commune.Kind.COMMUNE and not excluded, rank)
        if revocations:
            folded.append(commune_id)
    if folded:
        statuses = unit_statuses(Recognition.objects.filter(commune__in=folded, standard_year__lte=year).order_by(
            *DECISION_ORDER).only("commune_id", "level", "kind", "standard_year"), "commune_id", year)
        for commune_id in folded:
            province_id, in_programme, _rank = communes[commune_id]
            level = statuses[commune_id].level if commune_id in statuses else None
            communes[commune_id] = (province_id, in_programme, LEVEL_RANK[level])
    for province_id, _in, _rank in communes.values():
        if province_id in rows and rows[province_id].communes:
            row = rows[province_id]
            row.ntm = row.advanced = row.model = 0
    for province_id, in_programme, rank in communes.values():
        row = rows.get(province_id)
        if row is None or row.ntm is None or not in_programme:
            continue
        row.ntm += rank >= 1
        row.advanced += rank >= 2
        row.model += rank >= 3
    merged_on = {}
    for successor_id, name, kind, effective_on in ProvinceLineage.objects.filter(
            successor__in=list(rows), effective_on__lte=day).order_by("predecessor__code").values_list(
            "successor_id", "predecessor__name", "predecessor__kind", "effective_on"):
        rows[successor_id].predecessors.append(f"{Province.PREFIXES.get(kind, '')} {name}".strip())
        merged_on[successor_id] = effective_on
    # A province that took its new name at the merger (Yên Bái, code 15, became Lào Cai) was formed
    # from itself under its former name too: "formed from Tỉnh Yên Bái, Tỉnh Lào Cai".
    for period in ProvincePeriod.objects.filter(province__in=list(merged_on)):
        if period.valid_to == merged_on[period.province_id] - datetime.timedelta(days=1):
            rows[period.province_id].predecessors.insert(0, f"{Province.PREFIXES.get(period.kind, '')} {period.name}".strip())
    for province_id, counts in ocop_selectors.products_by_province(day).items():
        if province_id in rows and counts["products"]:
            rows[province_id].ocop = counts["in_force"]
    return national_sort(list(rows.values()), sort)


def national_sort(rows: list[ProvinceRow], sort: str) -> list[ProvinceRow]:
    key = sort.lstrip("-")
    if key not in NATIONAL_SORTS:
        key, sort = "code", "code"
    if key == "code":
        value = lambda r: r.province.code  # noqa: E731
    elif key == "name":
        value = lambda r: sort_key(r.province.name)  # noqa: E731
    else:
        value = lambda r: getattr(r, key)  # noqa: E731
    present = sorted((r for r in rows if value(r) is not None), key=value, reverse=sort.startswith("-"))
    return present + [r for r in rows if value(r) is None]


def national_totals(rows: list[ProvinceRow]) -> dict:
    """The country's totals over the rows that have data (None when none has)."""
    totals = {}
    for key in ("communes", "in_programme", "ntm", "advanced", "model", "ocop"):
        values = [getattr(r, key) for r in rows if getattr(r, key) is not None]
        totals[key] = sum(values) if values else None
    with_levels = [r for r in rows if r.ntm is not None]
    programme = sum(r.in_programme or 0 for r in with_levels)
    totals["ntm_share"] = 100 * totals["ntm"] / programme if with_levels and programme else None
    totals["provinces"] = len(rows)
    return totals
