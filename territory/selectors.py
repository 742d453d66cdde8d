"""Reads of the territory as it stood on a day: names, kinds and parents of that time."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from territory.models import Commune, CommuneLineage, CommunePeriod, District, DistrictPeriod, Province, ProvincePeriod


def year_end(year: int) -> datetime.date:
    """Figures for a year are those of its last day."""
    return datetime.date(year, 12, 31)


@dataclass(frozen=True)
class DistrictAsOf:
    id: int
    code: str
    name: str
    kind: str

    @property
    def full_name(self) -> str:
        return f"{District.PREFIXES.get(self.kind, '')} {self.name}".strip()

    def __str__(self) -> str:
        return self.full_name

    @property
    def completes_task(self) -> bool:
        return self.kind in (District.Kind.CITY, District.Kind.TOWN)


@dataclass(frozen=True)
class CommuneAsOf:
    id: int
    code: str
    name: str
    kind: str
    district_id: int | None
    excluded: bool

    @property
    def full_name(self) -> str:
        return f"{Commune.PREFIXES.get(self.kind, '')} {self.name}".strip()

    def __str__(self) -> str:
        return self.full_name

    @property
    def in_programme(self) -> bool:
        return self.kind == Commune.Kind.COMMUNE and not self.excluded


@dataclass(frozen=True)
class TerritoryAsOf:
    """A province's district units and communes on `day`, each by code."""

    province: Province
    day: datetime.date
    districts: list[DistrictAsOf]
    communes: list[CommuneAsOf]


def districts_as_of(province: Province, day: datetime.date) -> list[DistrictAsOf]:
    """The province's district units on `day`, by code: one query."""
    rows = as_of_rows(District, DistrictPeriod, "district_id", ("id", "code", "name", "kind"),
                      ("district_id", "u.code", "name", "kind"), scope="province_id", scope_id=province.pk, day=day)
    return sorted((DistrictAsOf(*row) for row in rows), key=lambda d: d.code)


def as_of_rows(unit_model, period_model, link: str, unit_columns: tuple[str, ...], period_columns: tuple[str, ...], *,
               scope: str, scope_id: int, day: datetime.date, join: str = "", joined: tuple[str, ...] = ()) -> list[tuple]:
    """The units of `unit_model` (Commune, District) on `day` within `scope` = `scope_id`
    ("province_id" or "district_id"): the unit rows whose state is that of the day (`current_on`),
    then the closed periods that cover it (`period_on`), in one UNION ALL. `unit_columns` are read
    from the unit row (alias u), `period_columns` from the period (alias p; "u.x" from its unit);
    `join` (e.g. a LEFT JOIN on u.id) and its `joined` columns are added to both halves.

    Sent as plain SQL: every page of a year reads its map, and building this query through the
    ORM cost twice the database's answer."""
    quote = connection.ops.quote_name
    units, periods = quote(unit_model._meta.db_table), quote(period_model._meta.db_table)
    first = ", ".join([*(f"u.{c}" for c in unit_columns), *joined])
    second = ", ".join([*(c if c.startswith("u.") else f"p.{c}" for c in period_columns), *joined])
    sql = (f"SELECT {first} FROM {units} u {join} WHERE u.{scope} = %s"
           " AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)"
           " AND (u.current_from IS NULL OR u.current_from <= %s)"
           f" UNION ALL SELECT {second} FROM {periods} p JOIN {units} u ON u.id = p.{link} {join}"
           f" WHERE p.{scope} = %s AND (p.valid_from IS NULL OR p.valid_from <= %s) AND p.valid_to >= %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope_id, day, day, day, scope_id, day, day])
        return cursor.fetchall()


def _existing(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def provinces_as_of(day: datetime.date) -> list[Province]:
    """The provinces that existed on `day`, by code: one query."""
    return list(Province.objects.filter(_existing(day)).order_by("code"))


def current_on(day: datetime.date) -> Q:
    """Unit rows whose state (name, kind, parents) is the one of `day`."""
    return _existing(day) & (Q(current_from__isnull=True) | Q(current_from__lte=day))


def period_on(day: datetime.date) -> Q:
    """Closed periods that cover `day`."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & Q(valid_to__gte=day)


def province_name_on(province: Province, day: datetime.date) -> str:
    """The province's full name on `day` (its closed period of that day, else its row). One query."""
    period = ProvincePeriod.objects.filter(period_on(day), province=province).first()
    if period is None:
        return province.full_name
    return f"{Province.PREFIXES.get(period.kind, '')} {period.name}".strip()


def provinces_named_as_of(day: datetime.date) -> list[Province]:
    """`provinces_as_of(day)`, each named as it was that day (`name` and `kind` of its closed period
    covering the day, if it has one: Yên Bái in 2024, not the Lào Cai it became). Two queries; the
    instances are for display, not for saving."""
    provinces = provinces_as_of(day)
    periods = {period.province_id: period for period in ProvincePeriod.objects.filter(period_on(day))}
    for province in provinces:
        if province.pk in periods:
            province.name, province.kind = periods[province.pk].name, periods[province.pk].kind
    return provinces


def territory_as_of(province: Province, year: int | None = None, *, day: datetime.date | None = None) -> TerritoryAsOf:
    """The units of `province` as they stood at the end of `year` (or on `day`): which existed,
    under which name, kind and district. Two queries whatever the size of the province or the
    number of reorganisations (each reads the unit rows of that time and the closed periods of
    that time together)."""
    day = day or year_end(year)
    commune_rows = as_of_rows(Commune, CommunePeriod, "commune_id",
                              ("id", "code", "name", "kind", "district_id", "excluded"),
                              ("commune_id", "u.code", "name", "kind", "district_id", "u.excluded"),
                              scope="province_id", scope_id=province.pk, day=day)
    return TerritoryAsOf(
        province=province, day=day,
        districts=districts_as_of(province, day),
        communes=sorted((CommuneAsOf(*row) for row in commune_rows), key=lambda c: c.code),
    )


def units_on_map(territory: TerritoryAsOf, commune_ids: Iterable[int]) -> dict[int, CommuneAsOf]:
    """Each of `commune_ids` as a unit of `territory`'s map: itself when it existed on that day, else
    the unit it became, following the lineage through every reorganisation up to that day (Lộc Hà's
    communes on 1 January 2025, then 1 July 2025): a whole successor before a partial one, then the
    lowest code. An id that leads to no unit of the map is left out. One query per reorganisation
    followed, none when every id is on the map."""
    units = {c.id: c for c in territory.communes}
    ids = set(commune_ids)
    found = {i: units[i] for i in ids if i in units}
    frontier = {i: i for i in ids - found.keys()}  # the id asked for → the unit its lineage reached
    for _step in range(5):  # a few reorganisations at most; guards against a bad cycle
        if not frontier:
            break
        successor: dict[int, int] = {}
        for predecessor_id, successor_id in CommuneLineage.objects.filter(
                predecessor__in=set(frontier.values()), effective_on__lte=territory.day).order_by(
                "partial", "successor__code").values_list("predecessor_id", "successor_id"):
            successor.setdefault(predecessor_id, successor_id)
        reached = {}
        for asked, unit_id in frontier.items():
            if (next_id := successor.get(unit_id)) is None:
                continue
            if next_id in units:
                found[asked] = units[next_id]
            else:
                reached[asked] = next_id
        frontier = reached
    return found
