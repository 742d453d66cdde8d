"""The commune criteria catalogue in force in a year, read from the database once per process.

Every commune page, indicator save, scorecard and export needs the same 19 criteria, 55 indicators
and their thresholds; they change only when somebody edits the catalogue (the admin, the loader,
a shell). So a process keeps them in memory, keyed by the criteria set's `revision`, which the
database itself renews on every insert, update or delete in the set's four tables (triggers in
`communes/triggers.py`): a `QuerySet.update()` or plain SQL cannot bypass it. Each use still
reads the set in force for the year — one small query — and a changed revision makes the process
read the catalogue again, so no process ever works from an outdated threshold, whichever gunicorn
worker made the change.

The objects handed out are shared between requests: read them, never change them.
"""

import threading
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.utils import timezone

from communes.models import CriteriaSet, Criterion, Indicator, Level, Threshold
from communes.rules import threshold_pick


@dataclass(frozen=True)
class Catalogue:
    """One criteria set with its criteria (by number), indicators (by position) and thresholds."""

    criteria_set: CriteriaSet
    criteria: tuple[Criterion, ...]
    indicators: dict[int, Indicator]  # by id, each with its `criterion` loaded
    by_criterion: dict[int, tuple[Indicator, ...]]  # criterion id → its indicators in order
    thresholds: dict[int, tuple[Threshold, ...]]  # indicator id → its thresholds

    # The properties below are computed once per catalogue (it is never changed once read): the
    # dashboard asks each of them once per commune.

    @cached_property
    def unverified(self) -> bool:
        """Whether any row of the set is not verified against the official text (pages say so)."""
        return (not self.criteria_set.verified or not all(c.wording_verified for c in self.criteria)
                or not all(i.wording_verified for i in self.indicators.values())
                or not all(t.verified for rows in self.thresholds.values() for t in rows))

    @cached_property
    def uses_groups(self) -> bool:
        """Whether thresholds differ by commune group (the 2026–2030 sets)."""
        return any(t.commune_group for rows in self.thresholds.values() for t in rows)

    @cached_property
    def indicator_criterion(self) -> dict[int, int]:
        return {pk: indicator.criterion_id for pk, indicator in self.indicators.items()}

    @cached_property
    def indicator_ids(self) -> dict[int, tuple[int, ...]]:
        """criterion id → the ids of its indicators, in order."""
        return {pk: tuple(indicator.id for indicator in rows) for pk, rows in self.by_criterion.items()}

    def threshold(self, indicator_id: int, *, region: str, mountain: bool, year: int, group: int = 0) -> Decimal | None:
        """The threshold of one indicator for a commune (see `threshold_pick`)."""
        return threshold_pick(self.thresholds.get(indicator_id, ()), region=region, mountain=mountain, year=year,
                              group=group)


_loaded: dict[int, tuple[object, Catalogue]] = {}  # set id → (revision, catalogue)
_loading = threading.Lock()
_request = threading.local()  # what one request has already read (cleared when a request starts or ends)


def catalogue_years() -> list[int]:
    """The years the commune criteria sets cover, from the first set's first year to the last
    set's last (2021–2030 with the shipped sets, and on as sets are loaded); this year alone when
    the catalogue is empty. One query per request: the year selectors of a page ask it several
    times, and a request sees the catalogue as it was when the request began."""
    years = getattr(_request, "years", None)
    if years is None:
        table = connection.ops.quote_name(CriteriaSet._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(period_start), MAX(period_end) FROM {table} WHERE scope = %s",
                           [CriteriaSet.Scope.COMMUNE])
            first, last = cursor.fetchone()
        years = tuple(range(first, last + 1)) if first is not None else (timezone.localdate().year,)
        _request.years = years
    return list(years)


def request_memo_clear(**kwargs) -> None:
    """Forget what the current request (or command) read; connected to request_started/finished."""
    _request.__dict__.clear()


def commune_set_for(year: int) -> CriteriaSet | None:
    """The commune NTM criteria set in force in `year` (the latest one before it otherwise)."""
    sets = CriteriaSet.objects.filter(scope=CriteriaSet.Scope.COMMUNE, level=Level.NTM)
    return (sets.filter(period_start__lte=year, period_end__gte=year).first()
            or sets.filter(period_start__lte=year).order_by("-period_start").first()
            or sets.order_by("period_start").first())


def catalogue_for_year(year: int) -> Catalogue | None:
    """The commune catalogue in force in `year`: one query when this process already holds the
    set's current revision, five when it must (re)read it; None when no set exists.

    The usual case — a set whose period covers the year, already held — is one small query sent as
    plain SQL: every commune page, indicator save and scorecard asks it, and the ORM's query
    building would cost several times the database's answer."""
    table = connection.ops.quote_name(CriteriaSet._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, revision FROM {table} WHERE scope = %s AND level = %s AND period_start <= %s"
            f" AND period_end >= %s ORDER BY period_start, code LIMIT 1",
            [CriteriaSet.Scope.COMMUNE, Level.NTM, year, year],
        )
        in_force = cursor.fetchone()
    if in_force is not None:
        held = _loaded.get(in_force[0])
        if held is not None and held[0] == uuid.UUID(str(in_force[1])):
            return held[1]
    criteria_set = commune_set_for(year)  # not held, or no set covers the year: the full lookup
    return None if criteria_set is None else catalogue_of(criteria_set)


def catalogue_of(criteria_set: CriteriaSet) -> Catalogue:
    """The catalogue of `criteria_set` as of its `revision` (no query when held in memory)."""
    held = _loaded.get(criteria_set.pk)
    if held is not None and held[0] == criteria_set.revision:
        return held[1]
    with _loading:
        criteria = tuple(Criterion.objects.filter(criteria_set=criteria_set).order_by("number"))
        by_id = {c.pk: c for c in criteria}
        indicators: dict[int, Indicator] = {}
        grouped: dict[int, list[Indicator]] = {c.pk: [] for c in criteria}
        for indicator in Indicator.objects.filter(criterion__criteria_set=criteria_set).order_by("position", "id"):
            indicator.criterion = by_id[indicator.criterion_id]
            indicators[indicator.pk] = indicator
            grouped[indicator.criterion_id].append(indicator)
        thresholds: dict[int, list[Threshold]] = {pk: [] for pk in indicators}
        for threshold in Threshold.objects.filter(indicator__criterion__criteria_set=criteria_set):
            thresholds[threshold.indicator_id].append(threshold)
        catalogue = Catalogue(
            criteria_set=criteria_set, criteria=criteria, indicators=indicators,
            by_criterion={pk: tuple(rows) for pk, rows in grouped.items()},
            thresholds={pk: tuple(rows) for pk, rows in thresholds.items()},
        )
        _loaded[criteria_set.pk] = (criteria_set.revision, catalogue)
    return catalogue


def catalogue_forget() -> None:
    """Drop every catalogue this process holds (the next use reads the database again)."""
    _loaded.clear()
    request_memo_clear()
