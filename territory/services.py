"""Writes to the territory that keep its history: a unit's state changes from a date on, and the
state before that date is kept as a closed period, so figures for past years stay as they were."""

import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from territory.models import Commune, CommunePeriod, District, DistrictPeriod, Province, ProvincePeriod

ONE_DAY = datetime.timedelta(days=1)
KEEP = object()  # "leave the commune's district as it is" (None means: no district)
# What a period records of each kind of unit, besides the name.
PERIOD_FIELDS = {Commune: ("kind", "district_id", "province_id"), District: ("kind", "province_id"), Province: ("kind",)}
PERIOD_MODEL = {Commune: (CommunePeriod, "commune"), District: (DistrictPeriod, "district"),
                Province: (ProvincePeriod, "province")}


class TerritoryChangeRefused(ValueError):
    """A change that would rewrite the past (a date not after the unit's current state began)."""


@transaction.atomic
def unit_change(unit: Commune | District | Province, *, on: datetime.date, name: str | None = None, kind: str | None = None,
                district: District | None | object = KEEP, province: Province | None = None) -> bool:
    """From `on`, `unit` (a commune or a district) has the given name, kind, district and province;
    arguments left out keep their value (`district=None` puts a commune directly under its province).

    The state until the day before `on` becomes a closed period. Returns False (writing nothing)
    when nothing changes. Raises TerritoryChangeRefused when `on` is not after the current state's
    start, or outside the unit's existence: the past is never rewritten.
    """
    model = type(unit)
    wanted = {"name": unit.name if name is None else name, "kind": unit.kind if kind is None else kind}
    if model is not Province:  # a province's renames and changes of kind (its periods) have no parent
        wanted["province_id"] = unit.province_id if province is None else province.pk
    if model is Commune:
        wanted["district_id"] = unit.district_id if district is KEEP else (district.pk if district else None)
    if all(getattr(unit, field) == value for field, value in wanted.items()):
        return False
    period = _change_checked(unit, on, wanted)
    period.save()
    unit.save(update_fields=[*wanted, "current_from"])
    return True


def _change_checked(unit, on: datetime.date, wanted: dict):
    """Check that `unit` may change on `on` (TerritoryChangeRefused otherwise), set `wanted` on it
    (unsaved) and answer the closed period of its state until then (unsaved)."""
    if unit.current_from is not None and on <= unit.current_from or unit.valid_from is not None and on <= unit.valid_from:
        raise TerritoryChangeRefused(
            _("%(unit)s: its current name and parent hold since %(since)s; a change on %(on)s would rewrite the past.")
            % {"unit": unit.code, "since": (unit.current_from or unit.valid_from).strftime("%d/%m/%Y"),
               "on": on.strftime("%d/%m/%Y")})
    if unit.valid_to is not None and on > unit.valid_to:
        raise TerritoryChangeRefused(
            _("%(unit)s was closed on %(closed)s.") % {"unit": unit.code, "closed": unit.valid_to.strftime("%d/%m/%Y")})
    model = type(unit)
    period_model, key = PERIOD_MODEL[model]
    period = period_model(
        **{key: unit}, valid_from=unit.current_from or unit.valid_from, valid_to=on - ONE_DAY, name=unit.name,
        **{field: getattr(unit, field) for field in PERIOD_FIELDS[model]})
    for field, value in wanted.items():
        setattr(unit, field, value)
    unit.current_from = on
    return period


@transaction.atomic
def communes_change(changes: list[tuple[Commune, dict]], *, on: datetime.date) -> None:
    """Many `unit_change`s of communes at once, for a reorganisation of thousands: each
    (commune, {"name", "kind", "district_id", "province_id"}) with the same checks, then one batch of
    periods and one batch of updates. Raises TerritoryChangeRefused before writing anything."""
    periods, units = [], []
    for commune, wanted in changes:
        if all(getattr(commune, field) == value for field, value in wanted.items()):
            continue
        periods.append(_change_checked(commune, on, wanted))
        units.append(commune)
    CommunePeriod.objects.bulk_create(periods, batch_size=1000)
    rows_update(Commune, units, ["name", "kind", "district_id", "province_id", "current_from"])


def rows_update(model, objs: list, fields: list[str]) -> None:
    """Write `fields` (attribute names) of each of `objs`, as `bulk_update` does, by one
    `executemany` of a one-row UPDATE: bulk_update's CASE expressions took seconds of Python for the
    country's thousands of communes (6 of the demo's 13 s of the country)."""
    if not objs:
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    statement = (f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(c.column)} = %s' for c in columns)}"
                 f" WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(statement, [[c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns]
                                       + [obj.pk] for obj in objs])


@transaction.atomic
def unit_close(unit: Commune | District | Province, *, on: datetime.date) -> None:
    """`unit` ceases to exist on `on`: its last day is the day before."""
    units_close([unit], on=on)


@transaction.atomic
def units_close(units: list[Commune | District | Province], *, on: datetime.date) -> None:
    """Every unit of the list (one kind) ceases to exist on `on`: each checked as `unit_close`
    does, then one UPDATE per thousand (a country's reform closes thousands of communes)."""
    last = on - ONE_DAY
    for unit in units:
        if unit.valid_from is not None and last < unit.valid_from or unit.current_from is not None and last < unit.current_from:
            raise TerritoryChangeRefused(
                _("%(unit)s cannot close on %(on)s: it did not exist yet.") % {"unit": unit.code, "on": on.strftime("%d/%m/%Y")})
    for start in range(0, len(units), 1000):
        batch = units[start:start + 1000]
        type(batch[0]).objects.filter(pk__in=[u.pk for u in batch]).update(valid_to=last)
    for unit in units:
        unit.valid_to = last
