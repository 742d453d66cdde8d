"""The registry of metrics a target can be set on: key → label, unit and how the actual is computed.

Every function computes the actual value for (the province or one district unit, a year) from
`ProvinceFacts` — data already loaded by one fixed set of queries — so a dashboard with any number
of targets costs no extra query. "Newly X in year Y" counts decisions of kind "recognised" whose
standard year is Y. Stock metrics (shares, counts of units at a level) are read at the end of the
year; their baseline defaults to the value at the end of the year before. Flow metrics (new this
year) start from 0.

OCOP metrics take their count from `ocop.selectors.newly_certified_count` (one query per year,
star level and scope, remembered in the facts).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import LEVEL_RANK, Level
from ocop.selectors import newly_certified_count
from territory.models import Commune


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "percent" or "count"
    compute: Callable  # (facts, year, district, codes) -> float | None
    flow: bool = False  # counts what happened during the year (baseline 0)
    province_only: bool = False  # has no meaning for one district unit
    names_districts: bool = False  # the target lists district codes

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"

    @property
    def unit_label(self) -> str:
        return "%" if self.is_percent else ""


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _in_programme(facts, district) -> list:
    return [c for c in facts.communes_of(district) if c.kind == Commune.Kind.COMMUNE and not c.excluded]


def _communes_at(facts, year, district, rank: int) -> tuple[int, int]:
    statuses = facts.commune_statuses(year)
    programme = _in_programme(facts, district)
    reached = sum(1 for c in programme if c.id in statuses and LEVEL_RANK[statuses[c.id].level] >= rank)
    return reached, len(programme)


def communes_ntm_share(facts, year, district=None, codes=()) -> float | None:
    return _share(*_communes_at(facts, year, district, LEVEL_RANK[Level.NTM]))


def communes_advanced_share(facts, year, district=None, codes=()) -> float | None:
    return _share(*_communes_at(facts, year, district, LEVEL_RANK[Level.ADVANCED]))


def communes_model_share(facts, year, district=None, codes=()) -> float | None:
    return _share(*_communes_at(facts, year, district, LEVEL_RANK[Level.MODEL]))


def _newly(level: str):
    def compute(facts, year, district=None, codes=()) -> float:
        return len(facts.newly_recognised(level, year, district))
    return compute


def districts_done_share(facts, year, district=None, codes=()) -> float | None:
    """District units recognised NTM (rural districts) or having completed the task (towns, cities)."""
    statuses = facts.district_statuses(year)
    done = sum(1 for d in facts.districts if d.id in statuses and statuses[d.id].level)
    return _share(done, len(facts.districts))


def named_districts_advanced(facts, year, district=None, codes=()) -> float:
    """How many of the districts the target names hold the advanced level (or above) at year end."""
    statuses = facts.district_statuses(year)
    by_code = {d.code: d for d in facts.districts}
    return sum(
        1 for code in codes
        if code in by_code and by_code[code].id in statuses
        and LEVEL_RANK[statuses[by_code[code].id].level] >= LEVEL_RANK[Level.ADVANCED]
    )


def urban_civilised_share(facts, year, district=None, codes=()) -> float | None:
    """Wards and townships recognised as civilised urban areas (đô thị văn minh)."""
    statuses = facts.commune_statuses(year)
    urban = [c for c in facts.communes_of(district) if c.kind != Commune.Kind.COMMUNE]
    done = sum(1 for c in urban if c.id in statuses and Level.CIVILISED_URBAN in statuses[c.id].decisions)
    return _share(done, len(urban))


def _ocop_new(min_stars: int):
    def compute(facts, year, district=None, codes=()) -> float:
        key = ("ocop_new", year, min_stars, district.pk if district else None)
        if key not in facts._cache:
            facts._cache[key] = newly_certified_count(facts.province, year, min_stars=min_stars, district=district)
        return facts._cache[key]
    return compute


METRICS: dict[str, Metric] = {m.key: m for m in [
    Metric("communes_ntm_share", _("Communes meeting NTM"), "percent", communes_ntm_share),
    Metric("communes_new_ntm", _("Communes newly meeting NTM"), "count", _newly(Level.NTM), flow=True),
    Metric("communes_new_advanced", _("Communes newly advanced NTM"), "count", _newly(Level.ADVANCED), flow=True),
    Metric("communes_new_model", _("Communes newly model NTM"), "count", _newly(Level.MODEL), flow=True),
    Metric("communes_advanced_share", _("Communes meeting advanced NTM"), "percent", communes_advanced_share),
    Metric("communes_model_share", _("Communes meeting model NTM"), "percent", communes_model_share),
    Metric("districts_done_share", _("District units meeting NTM or completing the task"), "percent",
           districts_done_share, province_only=True),
    Metric("districts_advanced_named", _("Named district units reaching advanced NTM"), "count",
           named_districts_advanced, province_only=True, names_districts=True),
    Metric("urban_civilised_share", _("Wards and townships civilised urban"), "percent", urban_civilised_share),
    Metric("ocop_new_products", _("New OCOP products (3★ or more)"), "count", _ocop_new(3), flow=True),
    Metric("ocop_new_products_4star", _("New OCOP products with 4★ or more"), "count", _ocop_new(4), flow=True),
]}


def metric_choices() -> list[tuple[str, str]]:
    return [(key, metric.label) for key, metric in METRICS.items()]


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_MET = "not_met", _("Not met")  # the year is over and the target was missed
    NO_DATA = "no_data", _("No data yet")


# Behind the straight path from baseline to target by at most this share of the way: at risk.
AT_RISK_MARGIN = 0.25


def target_status(actual: float | None, baseline: float, target: float, year_share: float) -> Status:
    """Where a target stands, for targets to reach or exceed (every metric in the registry).

    * achieved: the actual has reached the target (at any time of the year);
    * the year is over (share 1) and the target not reached: not met ("Không đạt"; being on or
      behind the path only means something while the year runs);
    * on track: the actual is at least where a straight path from the baseline (1 January) to the
      target (31 December) stands today;
    * at risk: behind that path by no more than AT_RISK_MARGIN of the whole way;
    * off track: further behind. A target not above its baseline ("keep 100%") that is not met is
      off track.
    """
    if actual is None:
        return Status.NO_DATA
    if actual >= target:
        return Status.ACHIEVED
    if year_share >= 1:
        return Status.NOT_MET
    span = target - baseline
    if span <= 0:
        return Status.OFF_TRACK
    expected = baseline + span * max(year_share, 0.0)
    if actual >= expected:
        return Status.ON_TRACK
    if actual >= expected - AT_RISK_MARGIN * span:
        return Status.AT_RISK
    return Status.OFF_TRACK
