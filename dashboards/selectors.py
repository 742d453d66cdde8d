"""Reads for the leaders' dashboards, the charts and the annual summary: plain data, fixed queries.

Everything starts from `province_facts`: the province's district units, its communes with their
recognition decisions, and the district units' own decisions, in three queries, folded in memory per
year. Metrics, counts and chart data are computed from it, so the number of queries does not grow
with the number of communes, decisions or targets. Nothing is cached between requests: a decision
saved anywhere shows on the next load.
"""

import datetime
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from communes.models import LEVEL_RANK, Level, Recognition
from territory.models import Commune, CommunePeriod, District, Province
from communes.unit_records import dossiers_pending_list, model_counts
from communes.next_levels import Candidate, next_level_candidates
from communes.selectors import UnitStatus, level_counts, unit_statuses
from dashboards.metrics import METRICS, Metric, Status, target_status, yes_no_status
from dashboards.models import Target
from ntm_tracker.collation import sort_key
from funding.selectors import totals_by_source
from ocop import selectors as ocop_selectors
from territory.selectors import as_of_rows, districts_as_of, year_end

FIRST_YEAR = 2021  # the 2021–2025 programme period


@dataclass(frozen=True)
class CommuneFact:
    id: int
    code: str
    name: str
    kind: str
    excluded: bool
    district_id: int

    @property
    def full_name(self) -> str:
        return f"{Commune.PREFIXES.get(self.kind, '')} {self.name}".strip()

    @property
    def in_programme(self) -> bool:
        return self.kind == Commune.Kind.COMMUNE and not self.excluded


class RecognitionFact(NamedTuple):
    """One recognition decision: the fields the statuses, the metrics and the annual summary read
    (a plain row: building a model instance per decision costs more than the query)."""

    id: int
    commune_id: int | None
    district_id: int | None
    level: str
    kind: str
    standard_year: int
    decision_number: str
    decision_date: datetime.date | None
    verified: bool
    outstanding_field: str

    @property
    def level_label(self) -> str:
        return Level(self.level).label


# Decisions in the order they took effect, as communes.selectors.unit_statuses folds them.
DECISION_ORDER = ("standard_year", "decision_date", "id")


@dataclass
class ProvinceFacts:
    """A province's territory and decisions, with per-year statuses computed on demand.

    Facts loaded for one district unit (`province_facts(..., district=...)`) hold only that unit,
    its communes and their decisions: all its dashboard and charts read."""

    province: Province
    districts: list[District]
    communes: list[CommuneFact]
    commune_recs: list[RecognitionFact]
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def district_recs(self) -> list[RecognitionFact]:
        """The district units' own decisions, read on first use (one query): the charts never need them."""
        if "district_recs" not in self._cache:
            self._cache["district_recs"] = [RecognitionFact(*row) for row in Recognition.objects.filter(
                district__in=[d.id for d in self.districts]).order_by(*DECISION_ORDER).values_list(
                *RecognitionFact._fields)]
        return self._cache["district_recs"]

    def communes_of(self, district: District | None = None) -> list[CommuneFact]:
        if district is None:
            return self.communes
        return [c for c in self.communes if c.district_id == district.id]

    def commune_statuses(self, year: int) -> dict[int, UnitStatus]:
        key = ("communes", year)
        if key not in self._cache:
            self._cache[key] = unit_statuses(self.commune_recs, "commune_id", year)
        return self._cache[key]

    def district_statuses(self, year: int) -> dict[int, UnitStatus]:
        key = ("districts", year)
        if key not in self._cache:
            self._cache[key] = unit_statuses(self.district_recs, "district_id", year)
        return self._cache[key]

    def newly_recognised(self, level: str, year: int, district: District | None = None) -> list[RecognitionFact]:
        """Decisions of kind "recognised" at `level` whose standard year is `year`, for communes."""
        ids = None if district is None else {c.id for c in self.communes_of(district)}
        return [
            r for r in self.commune_recs
            if r.level == level and r.standard_year == year and r.kind == Recognition.Kind.RECOGNISED
            and (ids is None or r.commune_id in ids)
        ]

    @property
    def commune_by_id(self) -> dict[int, CommuneFact]:
        if "by_id" not in self._cache:
            self._cache["by_id"] = {c.id: c for c in self.communes}
        return self._cache["by_id"]

    @property
    def district_by_id(self) -> dict[int, District]:
        return {d.id: d for d in self.districts}


def communes_with_decisions(province: Province, district: District | None = None, *,
                            year: int | None = None) -> tuple[list[CommuneFact], list[RecognitionFact]]:
    """The communes of the province (or of `district`) by code, and their recognition decisions in
    the order they took effect for each commune: one query (the communes LEFT JOIN their decisions).

    With `year`, the communes as they stood at the end of that year (`territory.selectors`): those
    that existed then, under the name, kind and district of that time — the unit rows of that time
    and the closed periods of that time in one UNION, still one query.
    """
    decision_fields = [f"recognitions__{name}" for name in RecognitionFact._fields]
    if year is None:
        communes = Commune.objects.filter(district=district) if district else Commune.objects.filter(province=province)
        rows = communes.order_by("code", *(f"recognitions__{name}" for name in DECISION_ORDER)).values_list(
            "id", "code", "name", "kind", "excluded", "district_id", *decision_fields)
    else:
        recognitions = connection.ops.quote_name(Recognition._meta.db_table)
        rows = as_of_rows(
            Commune, CommunePeriod, "commune_id", ("id", "code", "name", "kind", "excluded", "district_id"),
            ("commune_id", "u.code", "name", "kind", "u.excluded", "district_id"),
            scope="district_id" if district else "province_id", scope_id=(district or province).pk, day=year_end(year),
            join=f"LEFT JOIN {recognitions} r ON r.commune_id = u.id",
            joined=tuple(f"r.{name}" for name in RecognitionFact._fields))
        position = {name: 6 + RecognitionFact._fields.index(name) for name in DECISION_ORDER}
        rows = sorted(rows, key=lambda row: (row[1], *(_sortable(row[position[name]]) for name in DECISION_ORDER)))
    facts, decisions = [], []
    for row in rows:
        if not facts or facts[-1].id != row[0]:
            facts.append(CommuneFact(*row[:6]))
        if row[6] is not None:
            decisions.append(RecognitionFact(*row[6:]))
    return facts, decisions


def _sortable(value):
    """Sort as the database does in the query without a year: empty last (PostgreSQL's order)."""
    return (value is None, value or 0)


def province_facts(province: Province, *, district: District | None = None,
                   districts: list[District] | None = None, year: int | None = None) -> ProvinceFacts:
    """Load a province's district units, communes and recognition decisions: two queries, plus one
    for the district units' own decisions when something reads them (see `ProvinceFacts`).

    `districts`: the province's district units by code, when the caller has them already (no query).
    `district`: only that district unit, its communes and their decisions.
    `year`: the units as they stood at the end of that year (names, districts, which existed) —
    figures of a past year stay those of its map after a reorganisation; given `districts` are
    kept only if they existed then, and read again if one was renamed or moved since.
    """
    if district is not None:
        districts = [district]
    elif year is not None:
        day = year_end(year)
        if districts is None or any(d.current_from and d.current_from > day for d in districts):
            districts = districts_as_of(province, day)
        else:  # the caller's rows hold the names of that time: keep those that existed then
            districts = [d for d in districts if (d.valid_from is None or d.valid_from <= day)
                         and (d.valid_to is None or d.valid_to >= day)]
    elif districts is None:
        districts = list(District.objects.filter(province=province).order_by("code"))
    communes, decisions = communes_with_decisions(province, district, year=year)
    return ProvinceFacts(province=province, districts=districts, communes=communes, commune_recs=decisions)


def year_share(year: int, today: datetime.date | None = None) -> float:
    """The share of `year` gone by `today`: 0 before it starts, 1 once it is over."""
    today = today or timezone.localdate()
    if year < today.year:
        return 1.0
    if year > today.year:
        return 0.0
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    return (today - start).days / days


def period_share(start_year: int, end_year: int, today: datetime.date | None = None) -> float:
    """The share of the years `start_year`–`end_year` gone by `today` (0 before, 1 once over)."""
    today = today or timezone.localdate()
    start, end = datetime.date(start_year, 1, 1), datetime.date(end_year + 1, 1, 1)
    if today >= end:
        return 1.0
    if today < start:
        return 0.0
    return (today - start).days / (end - start).days


@dataclass(frozen=True)
class EnteredMetric:
    """What a card shows of an entered target in place of a registry metric (label, unit)."""

    label: str
    unit_label: str
    key: str = ""
    is_percent: bool = False


@dataclass
class TargetCard:
    target: Target
    metric: Metric | EnteredMetric | None
    actual: float | None
    baseline: float
    value: float
    status: Status
    named_districts: list[str]

    @property
    def label(self) -> str:
        return self.target.label

    @property
    def is_yes_no(self) -> bool:
        return self.target.kind == Target.Kind.YES_NO

    @property
    def unit_label(self) -> str:
        return self.metric.unit_label if self.metric is not None else ""

    @property
    def progress(self) -> int:
        """Actual as a share of the target, 0–100, for the progress bar."""
        if self.actual is None:
            return 0
        if self.value <= 0:
            return 100
        return max(0, min(100, round(100 * self.actual / self.value)))


def target_card(facts: ProvinceFacts, target: Target, share: float, today: datetime.date | None = None) -> TargetCard:
    """Actual, baseline and status of one target, from the facts (no query). `share` is the share of
    the target's year gone; a period target (`start_year`) measures its own period instead.
    An entered target's actual is the value province staff entered."""
    if target.start_year and target.start_year != target.year:
        share = period_share(target.start_year, target.year, today)
    if target.entered:
        actual = None if target.actual is None else float(target.actual)
        value = float(target.value)
        if target.kind == Target.Kind.YES_NO:
            baseline, status = 0.0, yes_no_status(actual, share)
        else:
            baseline = float(target.baseline) if target.baseline is not None else 0.0
            status = target_status(actual, baseline, value, share)
        unit = f" {target.unit}" if target.kind == Target.Kind.AMOUNT and target.unit else ""
        return TargetCard(target=target, metric=EnteredMetric(target.title, unit), actual=actual, baseline=baseline, value=value, status=status,
                          named_districts=[])
    metric = METRICS.get(target.metric)
    district = target.district if target.district_id else None
    codes = target.codes
    actual = metric.compute(facts, target.year, district, codes) if metric else None
    if target.baseline is not None:
        baseline = float(target.baseline)
    elif metric is None or metric.flow:
        baseline = 0.0
    else:
        baseline = metric.compute(facts, (target.start_year or target.year) - 1, district, codes) or 0.0
    value = float(target.value)
    by_code = {d.code: d.full_name for d in facts.districts}
    return TargetCard(
        target=target, metric=metric, actual=None if actual is None else float(actual), baseline=baseline,
        value=value, status=target_status(actual, baseline, value, share),
        named_districts=[by_code.get(code, code) for code in codes],
    )


def targets_for(province: Province, year: int, district: District | None = None, *, every_scope: bool = False):
    """The year's targets of the province (district=None) or of one district; one query.

    With `every_scope`, the province's and every district unit's, by district code. A period target
    (2026–2030) shows in every year of its period."""
    targets = Target.objects.filter(Q(year=year) | Q(start_year__lte=year, year__gt=year), province=province)
    if every_scope:
        return list(targets.select_related("district").order_by("district__code", "id"))
    if district is None:
        return list(targets.filter(district__isnull=True).order_by("id"))
    # The district unit's own targets, then the province's targets that name it ("Can Lộc, Nghi
    # Xuân reach advanced NTM"), in the same query.
    scoped = targets.filter(Q(district=district) | Q(district__isnull=True)).order_by("id")
    targets = sorted((t for t in scoped if t.district_id == district.pk or district.code in t.codes),
                     key=lambda t: t.district_id is None)
    for target in targets:
        if target.district_id:
            target.district = district  # already loaded: no join, no query per card
    return targets


def target_cards(province: Province, year: int, district: District | None, facts: ProvinceFacts, share: float,
                 *, districts: list[District] | None = None, today: datetime.date | None = None) -> list[TargetCard]:
    """The cards of `targets_for(province, year, district)`. A province target naming the district
    unit is read over the whole province (its figure is that of every unit it names): two more
    queries, only when there is one."""
    wide = None
    cards = []
    for target in targets_for(province, year, district):
        if district is not None and target.district_id is None:
            if wide is None:
                wide = province_facts(province, districts=districts, year=year)
            cards.append(target_card(wide, target, share, today))
        else:
            cards.append(target_card(facts, target, share, today))
    return cards


def key_counts(facts: ProvinceFacts, year: int, district: District | None = None) -> dict:
    """Counts at the end of `year` (cumulative: a model commune is also advanced and NTM)."""
    statuses = facts.commune_statuses(year)
    communes = facts.communes_of(district)
    programme = [c for c in communes if c.in_programme]
    ranks = [LEVEL_RANK[statuses[c.id].level] if c.id in statuses else 0 for c in programme]
    urban = [c for c in communes if c.kind != Commune.Kind.COMMUNE]
    district_statuses = facts.district_statuses(year)
    districts = [district] if district else facts.districts
    return {
        "in_programme": len(programme),
        "ntm": sum(r >= 1 for r in ranks),
        "advanced": sum(r >= 2 for r in ranks),
        "model": sum(r >= 3 for r in ranks),
        "new_ntm": len(facts.newly_recognised(Level.NTM, year, district)),
        "new_advanced": len(facts.newly_recognised(Level.ADVANCED, year, district)),
        "new_model": len(facts.newly_recognised(Level.MODEL, year, district)),
        "districts": len(districts),
        "districts_done": sum(1 for d in districts if d.id in district_statuses and district_statuses[d.id].level),
        "urban": len(urban),
        "civilised_urban": sum(
            1 for c in urban if c.id in statuses and Level.CIVILISED_URBAN in statuses[c.id].decisions),
    }


def dashboard(province: Province, year: int, *, district: District | None = None,
              districts: list[District] | None = None, today: datetime.date | None = None) -> dict:
    """The dashboard: {"cards": [TargetCard], "counts": key_counts(...), "year_share": float}.

    Four queries (facts + targets; three for one district unit or when `districts`, the province's
    district units, are given) whatever the number of communes, decisions or targets, plus one per
    OCOP metric among the targets (new products, new ≥ 4★).
    """
    facts = province_facts(province, district=district, districts=districts, year=year)
    share = year_share(year, today)
    return {
        "cards": target_cards(province, year, district, facts, share, districts=districts, today=today),
        "counts": key_counts(facts, year, district),
        "candidates": candidates(facts, year, district),
        "year_share": share,
    }


@dataclass
class CandidateRow:
    commune: CommuneFact
    district: str  # the district unit's name at the end of the year ("" without one)
    candidate: Candidate

    @property
    def progress(self):
        return self.candidate.progress


def candidates(facts: ProvinceFacts, year: int, district: District | None = None) -> dict[str, list[CandidateRow]]:
    """The communes closest to the next level at the end of `year`: {"advanced": [...], "model":
    [...]} for the levels whose set is in force in `year` (none in 2026–2030).

    A candidate is a commune in the programme recognised at the level just below (NTM for
    advanced, advanced for model) at the end of `year` whose assessments of `year` meet all but at
    most `communes.next_levels.CANDIDATE_MAX_MISSING` criteria of the level's set — the commune page's
    "k/N of the next level", computed for every commune at once (two queries). The dashboard lists
    them and the API counts them: one function for both."""
    statuses = facts.commune_statuses(year)
    levels = {c.id: statuses[c.id].level if c.id in statuses else None
              for c in facts.communes_of(district) if c.in_programme}
    names = {d.id: d.full_name for d in facts.districts}
    return {
        level: [CandidateRow(commune=facts.commune_by_id[c.commune_id],
                             district=names.get(facts.commune_by_id[c.commune_id].district_id, ""), candidate=c)
                for c in rows]
        for level, rows in next_level_candidates(levels, year).items()
    }


@dataclass
class CommuneLevelRow:
    commune: CommuneFact
    status: UnitStatus


def district_communes(facts: ProvinceFacts, district: District, year: int) -> list[CommuneLevelRow]:
    """The district's communes with their level at the end of `year`, rural communes first."""
    statuses = facts.commune_statuses(year)
    rows = [CommuneLevelRow(c, statuses.get(c.id, UnitStatus())) for c in facts.communes_of(district)]
    return sorted(rows, key=lambda r: (r.commune.kind != Commune.Kind.COMMUNE, sort_key(r.commune.name)))


# --- Chart data -----------------------------------------------------------------------------------


def levels_by_district(province: Province, year: int, district: District | None = None) -> list[dict]:
    """Communes in the programme by their highest level at the end of `year`, per district unit —
    or, for a year whose map has no district units (after 1 July 2025), per commune: `groups_of`.

    [{"code", "district" (the row's label), "model", "advanced", "ntm", "none"}] — exclusive counts
    (an advanced commune is counted once, as advanced), so each row adds up to the communes in the
    programme.
    """
    facts = province_facts(province, district=district, year=year)
    statuses = facts.commune_statuses(year)
    keys = {Level.MODEL: "model", Level.ADVANCED: "advanced", Level.NTM: "ntm"}
    groups, group_of = groups_of(facts)
    counts = {code: {"model": 0, "advanced": 0, "ntm": 0, "none": 0} for code, _label in groups}
    for c in facts.communes:
        if c.in_programme and group_of(c) in counts:
            counts[group_of(c)][keys.get(statuses[c.id].level if c.id in statuses else None, "none")] += 1
    return [{"code": code, "district": label, **counts[code]} for code, label in groups]


def groups_of(facts: ProvinceFacts) -> tuple[list[tuple[str, str]], Callable]:
    """What a province's chart of a year groups its communes by: its district units of that year
    ([(code, name)], and commune → district code), or, when that year's map has none (from 1 July
    2025 communes stand directly under the province), each commune in the programme by itself."""
    if facts.districts:
        by_id = {d.id: d.code for d in facts.districts}
        return [(d.code, d.full_name) for d in facts.districts], lambda c: by_id.get(c.district_id)
    communes = sorted((c for c in facts.communes if c.in_programme), key=lambda c: c.code)
    return [(c.code, c.full_name) for c in communes], lambda c: c.code


def progress_over_years(province: Province, year: int, district: District | None = None) -> dict:
    """Communes at each level at the end of every year from 2021 to `year`, with the targets.

    {"years": [int], "ntm": [int], "advanced": [int], "model": [int],
     "targets": [{"level": "advanced"|"model", "year": int, "start": int, "end": float}]} — a
    "newly advanced/model" target of year Y runs from the count at the end of Y−1 (start) to that
    count plus the target (end). Two queries whatever the size of the province.
    """
    communes, decisions = communes_with_decisions(province, district, year=year)
    programme = [c.id for c in communes if c.in_programme]
    years = list(range(FIRST_YEAR, max(year, FIRST_YEAR) + 1))
    counts = {y: level_counts(unit_statuses(decisions, "commune_id", y), programme) for y in [years[0] - 1, *years]}
    metrics = {"communes_new_advanced": "advanced", "communes_new_model": "model"}
    targets = Target.objects.filter(province=province, year__in=years, metric__in=metrics, district=district)
    return {
        "years": years,
        "ntm": [counts[y]["ntm"] for y in years],
        "advanced": [counts[y]["advanced"] for y in years],
        "model": [counts[y]["model"] for y in years],
        "targets": sorted(
            ({"level": metrics[t.metric], "year": t.year, "start": counts[t.year - 1][metrics[t.metric]],
              "end": counts[t.year - 1][metrics[t.metric]] + float(t.value)} for t in targets),
            key=lambda t: (t["year"], t["level"]),
        ),
    }


# --- Annual summary ------------------------------------------------------------------------------


@dataclass
class SummaryDecision:
    unit: str
    district: str
    decision_number: str
    decision_date: datetime.date | None
    verified: bool
    outstanding_field: str = ""


def annual_summary(province: Province, year: int, *, today: datetime.date | None = None) -> dict:
    """What the province achieved in `year` (standard year of the decisions).

    {"communes": {level: [SummaryDecision]} for ntm/advanced/model/civilised_urban,
     "new": {level: int}, "districts": [SummaryDecision], "counts": key_counts(...),
     "cards": [TargetCard] for every target of the year (province and districts),
     "ocop": ocop_year_summary(...), "funding": {"total", "by_source"} (funding.selectors),
     "dossiers_pending": [RecognitionDossier] waiting on 31 December, "model_sites": model_counts(...)}.
    A fixed number of queries whatever the size of the province or of the OCOP register (13 for the
    demo's 2023; a target of an OCOP metric adds its count, an exported product its markets).
    """
    facts = province_facts(province, year=year)
    districts = facts.district_by_id
    communes = {}
    for level in (Level.NTM, Level.ADVANCED, Level.MODEL, Level.CIVILISED_URBAN):
        rows = []
        for rec in facts.newly_recognised(level, year):
            commune = facts.commune_by_id[rec.commune_id]
            district = districts.get(commune.district_id)  # none after the 1 July 2025 reform
            rows.append(SummaryDecision(
                unit=commune.full_name, district=district.full_name if district else "",
                decision_number=rec.decision_number, decision_date=rec.decision_date, verified=rec.verified,
                outstanding_field=rec.outstanding_field,
            ))
        communes[str(level)] = sorted(
            rows, key=lambda r: (r.decision_date or datetime.date.max, r.decision_number, r.district, r.unit))
    district_rows = [
        SummaryDecision(unit=districts[r.district_id].full_name, district=r.level_label,
                        decision_number=r.decision_number, decision_date=r.decision_date, verified=r.verified)
        for r in facts.district_recs if r.standard_year == year and r.kind == Recognition.Kind.RECOGNISED
    ]
    share = year_share(year, today)
    return {
        "ocop": ocop_year_summary(province, year),
        # Beyond the levels (issue 16): money mobilised, dossiers waiting at the end of the year,
        # the province's "criterion 20" (model villages and gardens; not a national criterion).
        "funding": _funding_of_year(province, year),
        "dossiers_pending": dossiers_pending_list(province, year),
        "model_sites": model_counts(province, year),
        "communes": communes,
        "new": {level: len(rows) for level, rows in communes.items()},
        "districts": district_rows,
        "counts": key_counts(facts, year),
        "cards": [target_card(facts, t, share, today) for t in targets_for(province, year, every_scope=True)],
    }


def _funding_of_year(province: Province, year: int) -> dict:
    """{"total": million VND, "by_source": funding.selectors.totals_by_source(...)}: one query (the
    total is the sum of the sources, as `funding_total` counts it)."""
    by_source = totals_by_source(province, year)
    return {"total": sum((row["amount"] for row in by_source), Decimal(0)), "by_source": by_source}


def ocop_year_summary(province: Province, year: int) -> dict:
    """The OCOP part of the annual summary, from the OCOP register:
    {"new": {3: n, 4: n, 5: n} products first certified in `year` by star, "new_total": n,
     "reaching_4": n products first reaching 4★ or more in `year` (new or re-rated),
     "in_force": {3: n, 4: n, 5: n} certified at the end of `year`, "in_force_total": n,
     "exported": [Product] with `export_markets` prefetched (certified at the end of `year`),
     "nominated": {"4": n, "5": n} nominations for a higher star level made in `year`, "nominated_total": n}.
    Three queries (four when a product is exported: its markets)."""
    certified = ocop_selectors.certified_by_star(province, year)
    new, in_force = certified["new"], certified["in_force"]
    nominated = ocop_selectors.nominations_count(province, year)
    return {
        "new": new, "new_total": sum(new.values()),
        "reaching_4": certified["reaching_4"],
        "in_force": in_force, "in_force_total": sum(in_force.values()),
        "exported": ocop_selectors.exported_products(province, year=year),
        "nominated": nominated, "nominated_total": sum(nominated.values()),
    }
