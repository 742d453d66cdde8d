"""Reads for the territory pages: plain data, a fixed number of queries whatever the size."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Count, Q
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext

from communes.catalogue import catalogue_for_year, catalogue_years
from communes.groups import group_for
from communes.next_levels import next_level_progress
from communes.rules import threshold_pick
from communes.models import (
    LEVEL_RANK, Assessment, Criterion, CriterionResult, Indicator, Level, Recognition, Review,
)
from ntm_tracker.collation import sort_key, vietnamese
from territory.models import Commune, CommuneLineage, District, Province
from territory.selectors import territory_as_of


@dataclass
class UnitStatus:
    """Where one unit stands: its highest level and the decision behind each level it holds."""

    level: str | None = None
    decisions: dict[str, Recognition] = field(default_factory=dict)

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else ""


def unit_statuses(recognitions, unit_attr: str, as_of_year: int | None = None) -> dict[int, UnitStatus]:
    """Fold recognition decisions into {unit id: UnitStatus}, in the order they took effect.

    `recognitions` must be ordered by standard year, then decision date. A revocation removes the
    level it names and every level above it. With `as_of_year`, later decisions are ignored.
    """
    statuses: dict[int, UnitStatus] = defaultdict(UnitStatus)
    for rec in recognitions:
        if as_of_year is not None and rec.standard_year > as_of_year:
            continue
        status = statuses[getattr(rec, unit_attr)]
        if rec.kind == Recognition.Kind.REVOKED:
            lost = LEVEL_RANK[rec.level]
            status.decisions = {lvl: r for lvl, r in status.decisions.items() if LEVEL_RANK[lvl] < lost}
        else:
            status.decisions[rec.level] = rec
        status.level = max(status.decisions, key=lambda lvl: LEVEL_RANK[lvl], default=None)
    return statuses


def _ordered(queryset):
    return queryset.order_by("standard_year", "decision_date", "id")


@dataclass
class DistrictRow:
    district: District
    communes: int
    rural_communes: int
    in_programme: int
    ntm: int = 0
    advanced: int = 0
    model: int = 0
    status: UnitStatus = field(default_factory=UnitStatus)

    @property
    def ntm_share(self) -> float:
        return 100 * self.ntm / self.in_programme if self.in_programme else 0.0


def level_counts(statuses: dict[int, UnitStatus], commune_ids) -> dict[str, int]:
    """Communes at each level or above: a model commune counts as advanced and NTM too."""
    counts = {"ntm": 0, "advanced": 0, "model": 0}
    for commune_id in commune_ids:
        rank = LEVEL_RANK[statuses[commune_id].level] if commune_id in statuses else 0
        counts["ntm"] += rank >= 1
        counts["advanced"] += rank >= 2
        counts["model"] += rank >= 3
    return counts


def province_overview(province: Province, as_of_year: int | None = None) -> dict:
    """The province page: {"rows": [DistrictRow], "communes": [CommuneRow], "totals": {...}} for
    every district unit of the end of `as_of_year` (default: this year), with the communes of that
    time (`territory_as_of`): a past year keeps its map after a reorganisation. On a map without
    districts (from 1 July 2025) "communes" lists each commune with its level instead (xã first,
    by name). Totals count every commune, including those that stand directly under the province.

    Four queries (plus the province lookup) whatever the number of districts or communes.
    """
    territory = territory_as_of(province, as_of_year or timezone.localdate().year)
    units = defaultdict(list)  # district id -> [(commune id, kind, excluded)]
    for c in territory.communes:
        units[c.district_id].append((c.id, c.kind, c.excluded))
    commune_statuses = unit_statuses(
        _ordered(Recognition.objects.filter(commune__in=[c.id for c in territory.communes]).only(
            "commune_id", "level", "kind", "standard_year", "decision_date", "decision_number")),
        "commune_id", as_of_year,
    )
    district_statuses = unit_statuses(
        _ordered(Recognition.objects.filter(district__province=province)), "district_id", as_of_year,
    )
    rows = []
    for district in territory.districts:
        own = units[district.id]
        programme = [cid for cid, kind, excluded in own if kind == Commune.Kind.COMMUNE and not excluded]
        rows.append(DistrictRow(
            district=district, communes=len(own),
            rural_communes=sum(1 for _, kind, _ in own if kind == Commune.Kind.COMMUNE),
            in_programme=len(programme), status=district_statuses.get(district.id, UnitStatus()),
            **level_counts(commune_statuses, programme),
        ))
    every = [c for c in territory.communes]
    programme = [c.id for c in every if c.in_programme]
    urban = [c.id for c in every if c.kind != Commune.Kind.COMMUNE]
    totals = {
        "communes": len(every),
        "rural_communes": sum(1 for c in every if c.kind == Commune.Kind.COMMUNE),
        "in_programme": len(programme),
        **level_counts(commune_statuses, programme),
        "districts_done": sum(1 for r in rows if r.status.level),
        "urban": len(urban),
        "civilised_urban": sum(
            1 for cid in urban if Level.CIVILISED_URBAN in commune_statuses.get(cid, UnitStatus()).decisions
        ),
    }
    # From 1 July 2025 the map has no district: the page lists the communes themselves.
    communes = [] if territory.districts else sorted(
        (CommuneRow(c, commune_statuses.get(c.id, UnitStatus())) for c in every),
        key=lambda row: (row.commune.kind != Commune.Kind.COMMUNE, sort_key(row.commune.name)))
    return {"rows": rows, "communes": communes, "totals": totals}


@dataclass
class CommuneRow:
    commune: Commune
    status: UnitStatus


def district_communes(district: District) -> list:
    """The district's communes by kind, then name: Commune rows while the district is open; for a
    district closed by a reorganisation (all of them on 1 July 2025, when communes came directly
    under their province), its communes as they stood on its last day (`territory_as_of`: rows with
    `id`, `code`, `name`, `full_name`, `kind`, `excluded` and `in_programme`). One query, two when closed."""
    if district.valid_to is None:
        return list(Commune.objects.filter(district=district).order_by("kind", vietnamese("name")))
    units = territory_as_of(district.province, day=district.valid_to).communes
    return sorted((c for c in units if c.district_id == district.pk), key=lambda c: (c.kind, sort_key(c.name)))


def district_detail(district: District, as_of_year: int | None = None) -> dict:
    """The district page: {"rows": [CommuneRow], "status": UnitStatus, "counts": {...},

    "communes": [Commune] (for `district_scorecard`)}. Two queries whatever the number of communes.
    """
    communes = district_communes(district)
    # The district's own decisions and its communes' in one query.
    recognitions = list(_ordered(Recognition.objects.filter(
        Q(commune_id__in=[c.id for c in communes]) | Q(district_id=district.pk))))
    statuses = unit_statuses([r for r in recognitions if r.commune_id], "commune_id", as_of_year)
    district_status = unit_statuses(
        [r for r in recognitions if r.district_id == district.pk], "district_id", as_of_year,
    ).get(district.id, UnitStatus())
    rows = [CommuneRow(commune=c, status=statuses.get(c.id, UnitStatus())) for c in communes]
    counts = level_counts(statuses, [c.id for c in communes if c.in_programme])
    counts["in_programme"] = sum(1 for c in communes if c.in_programme)
    return {"rows": rows, "status": district_status, "counts": counts, "communes": communes}


# --- NTM progress: the commune page, the district scorecard, the review queue ----------------

HISTORY_ON_PAGE = 10  # latest changes shown in the commune page's history section
# What the commune page shows of an assessment and of who saved it (not the user's password hash).
ASSESSMENT_SHOWN = ("indicator_id", "value", "met", "note", "evidence", "updated_at", "version",
                    "updated_by__username", "updated_by__full_name")


@dataclass
class IndicatorRow:
    """One indicator of the commune page, with its texts ready to print: the page draws 55 of these,
    and a few Python lines cost far less than the same logic in template tags and filters."""

    indicator: "Indicator"
    assessment: "Assessment | None"
    threshold: object  # Decimal | None
    group: int = 0  # the commune group whose threshold this is (2026–2030 sets), 0 when none

    @property
    def met(self) -> bool | None:
        return self.assessment.met if self.assessment else None

    @property
    def version(self) -> int:
        return self.assessment.version if self.assessment else 0

    @cached_property
    def value_text(self) -> str:
        """"12,5 %" (localised; a no-break space before the unit), "Yes" / "No" for a yes/no
        indicator, "—" when not recorded."""
        if self.indicator.is_numeric:
            value = self.assessment.value if self.assessment else None
            return "—" if value is None else f"{floatformat(value, '-2')}\u00a0{self.indicator.unit}".rstrip()
        met = self.met
        return "—" if met is None else gettext("Yes") if met else gettext("No")

    @cached_property
    def threshold_text(self) -> str:
        """"≥ 80 %" for a numeric indicator, what the answer must be for a yes/no one, else "—"."""
        indicator = self.indicator
        if not indicator.is_numeric:
            return indicator.get_comparison_display()
        if self.threshold is None:
            return "—"
        sign = "≤" if indicator.comparison == indicator.Comparison.AT_MOST else "≥"
        text = f"{sign}\u00a0{floatformat(self.threshold, '-2')}\u00a0{indicator.unit}".rstrip()
        return f"{text} ({gettext('group %(group)d') % {'group': self.group}})" if self.group else text

    @cached_property
    def changed_text(self) -> tuple[str, str]:
        """(who, when as dd/mm/yyyy hh:mm local time) of the last save; ("—", "") when none."""
        if self.assessment is None:
            return "—", ""
        updated_by, updated_at = self.assessment.updated_by, self.assessment.updated_at
        return (str(updated_by) if updated_by else "—",
                date_format(localtime(updated_at), "d/m/Y H:i") if updated_at else "")


@dataclass
class CriterionRow:
    criterion: "Criterion"
    indicators: list[IndicatorRow]
    met: bool | None = None
    indicators_met: int = 0
    indicators_total: int = 0
    url: str = ""  # of the criterion's indicators for the commune and year (set by the view)
    group: int = 0  # the commune group whose thresholds apply (2026–2030 sets), 0 when none

    @property
    def indicators_text(self) -> str:
        """"3/4 indicators" (met / in the criterion), translated."""
        return gettext("%(met)s/%(total)s indicators") % {"met": self.indicators_met, "total": self.indicators_total}


def assessment_years() -> list[int]:
    """Years offered by the year selectors: those the commune criteria sets cover (2021–2030 with
    the shipped sets, never a constant; see `catalogue_years`)."""
    return catalogue_years()


def levels_in_force(year: int) -> list[str]:
    """The commune levels of the sets in force in `year`, lowest first: NTM, advanced and model
    in 2021–2025; NTM and the modern-NTM pilot in 2026–2030. One query."""
    from communes.models import CriteriaSet

    levels = set(CriteriaSet.objects.filter(scope=CriteriaSet.Scope.COMMUNE, period_start__lte=year,
                                            period_end__gte=year).values_list("level", flat=True))
    return sorted(levels, key=lambda level: LEVEL_RANK.get(level, 9))


def commune_progress(commune: Commune, year: int) -> dict:
    """The commune page for one year.

    Shape: {"year", "criteria_set", "catalogue_unverified" (any row of the set not verified against
    the official text), "commune_group" (2026–2030: the group whose thresholds apply, else 0), "groups": [{"name", "criteria": [CriterionRow without its
    indicators: the page loads them when a criterion is opened, see `criterion_indicators`]}],
    "criteria_met", "criteria_total", "level_reached" (Level or ""), "missing": [Criterion],
    "status": UnitStatus (recognised level and decisions), "recognitions": [Recognition],
    "review": Review (unsaved draft when none), "review_history": [AuditEvent], "next_level": NextLevel
    or None (`next_level_progress`: two more queries for an NTM or advanced commune)}. The page loads the
    commune's latest changes when its history section comes into view (`commune_history`).
    Eight queries whatever the data size, ten for an NTM or advanced commune (its next level).
    """
    from ntm_tracker.models import AuditEvent

    catalogue = catalogue_for_year(year)
    criteria_set, criteria = (catalogue.criteria_set, catalogue.criteria) if catalogue else (None, ())
    results = {r.criterion_id: r for r in CriterionResult.objects.filter(commune=commune, year=year)}
    groups: dict[str, list[CriterionRow]] = {}
    for criterion in criteria:
        result = results.get(criterion.pk)
        groups.setdefault(criterion.group, []).append(CriterionRow(
            criterion=criterion, indicators=[], met=result.met if result else None,
            indicators_met=result.indicators_met if result else 0,
            indicators_total=len(catalogue.by_criterion[criterion.pk]),
        ))
    flat = [row for rows in groups.values() for row in rows]
    criteria_met = sum(1 for row in flat if row.met)
    recognitions = list(_ordered(Recognition.objects.filter(commune=commune)))
    review = Review.objects.filter(commune=commune, year=year).first()
    review_history = [] if review is None else list(
        AuditEvent.objects.filter(object_type="communes.review", object_id=str(review.pk)).select_related("actor")
    )
    status = unit_statuses(recognitions, "commune_id").get(commune.pk, UnitStatus())
    return {
        "year": year, "criteria_set": criteria_set, "catalogue_unverified": bool(catalogue and catalogue.unverified),
        "next_level": next_level_progress(commune, year, status.level) if commune.in_programme else None,
        # 2026–2030: the commune group whose thresholds apply (one query, those sets only).
        "commune_group": group_for(commune.pk, year) if catalogue and catalogue.uses_groups else 0,
        "groups": [{"name": name, "criteria": rows} for name, rows in groups.items()],
        "criteria_met": criteria_met, "criteria_total": len(flat),
        "level_reached": Level.NTM if flat and criteria_met == len(flat) else "",
        "missing": [row.criterion for row in flat if not row.met],
        "status": status,
        "recognitions": recognitions,
        "review": review or Review(commune=commune, year=year),
        "review_history": review_history,
    }


@dataclass
class Predecessor:
    """A former unit the commune was formed from (one lineage link), with its own decisions: the
    2021–2025 recognitions stay with the unit they were granted to."""

    commune: Commune
    link: CommuneLineage
    status: UnitStatus
    recognitions: list  # [Recognition], in the order they took effect


@dataclass
class PredecessorRollup:
    """A badge derived from the predecessors' recognised levels — NOT an official status: no
    decision recognises the new unit by it. Counts only predecessors in the programme (xã)."""

    total: int
    ntm: int
    advanced: int

    @property
    def kind(self) -> str:
        """"all" (every predecessor NTM), "mixed" or "none"."""
        if self.ntm == self.total:
            return "all"
        return "mixed" if self.ntm else "none"


def commune_predecessors(commune: Commune) -> tuple[list[Predecessor], PredecessorRollup | None]:
    """What `commune` was formed from (lineage links to it), each former unit with its levels and
    decisions, and the derived rollup (None without predecessors in the programme). Two queries
    whatever the number of predecessors."""
    links = list(CommuneLineage.objects.filter(successor=commune).select_related("predecessor")
                 .order_by("effective_on", "predecessor__code"))
    if not links:
        return [], None
    recognitions = defaultdict(list)
    for rec in _ordered(Recognition.objects.filter(commune__in=[link.predecessor_id for link in links])):
        recognitions[rec.commune_id].append(rec)
    statuses = unit_statuses([r for recs in recognitions.values() for r in recs], "commune_id")
    rows = [Predecessor(commune=link.predecessor, link=link, status=statuses.get(link.predecessor_id, UnitStatus()),
                        recognitions=recognitions[link.predecessor_id]) for link in links]
    rural = [row for row in rows if row.commune.in_programme]
    if not rural:
        return rows, None
    return rows, PredecessorRollup(total=len(rural),
                                   ntm=sum(LEVEL_RANK[row.status.level] >= 1 for row in rural),
                                   advanced=sum(LEVEL_RANK[row.status.level] >= 2 for row in rural))


def commune_history(commune: Commune):
    """Every recorded change of the commune's data, newest first (a queryset, for paging)."""
    from ntm_tracker.models import AuditEvent

    return AuditEvent.objects.filter(unit_code=commune.code).select_related("actor").order_by("-created_at", "-pk")


def criterion_indicators(commune: Commune, number: int, year: int) -> CriterionRow | None:
    """Criterion `number` of the set in force in `year` with the commune's indicator rows (value,
    threshold for this commune, last change); None when the set has no such criterion. Three queries:
    the set in force, the assessments, the criterion result."""
    catalogue = catalogue_for_year(year)
    criterion = next((c for c in catalogue.criteria if c.number == number), None) if catalogue else None
    if criterion is None:
        return None
    indicators = catalogue.by_criterion[criterion.pk]
    assessments = {a.indicator_id: a for a in Assessment.objects.filter(
        commune=commune, year=year, indicator_id__in=[i.pk for i in indicators],
    ).select_related("updated_by").only(*ASSESSMENT_SHOWN)}
    region, mountain = commune.province.region, commune.uses_mountain_thresholds
    result = CriterionResult.objects.filter(commune=commune, criterion=criterion, year=year).first()
    group = group_for(commune.pk, year) if catalogue.uses_groups else 0  # a query only for 2026–2030 sets
    return CriterionRow(
        criterion=criterion, met=result.met if result else None, indicators_met=result.indicators_met if result else 0,
        indicators_total=len(indicators), group=group,
        indicators=[IndicatorRow(i, assessments.get(i.pk), threshold_pick(catalogue.thresholds[i.pk], region=region,
                                                                         mountain=mountain, year=year, group=group),
                                 group)
                    for i in indicators],
    )


def criterion_row(commune: Commune, criterion: Criterion, year: int,
                  result: CriterionResult | None = None) -> CriterionRow:
    """One criterion of the commune page (after a save): its result, without the indicators.

    `result`: the one the save just wrote (no query), else read from the database."""
    if result is None:
        result = CriterionResult.objects.filter(commune=commune, criterion=criterion, year=year).first()
    return CriterionRow(criterion=criterion, indicators=[], met=result.met if result else None,
                        indicators_met=result.indicators_met if result else 0,
                        indicators_total=result.indicators_total if result else criterion.indicators.count())


SCORECARD_SORTS = ("name", "-name", "met", "-met")


def district_scorecard(district: District, year: int, sort: str = "name", communes: list[Commune] | None = None) -> dict:
    """Communes in the programme × the 19 criteria for `year`.

    Shape: {"criteria": [Criterion], "columns": [{"criterion", "next_sort"}], "rows": [{"commune",
    "cells": [True/False/None per criterion], "criteria_met", "has_data", "state", "state_label"}],
    "sort", "name_sort", "met_sort" (the sort a click on that header asks for)}. `sort`: name, -name, met
    (fewest criteria met first), -met (most first) or c<N> / -c<N> (met first on criterion N). Four queries whatever the size; three when the
    caller passes the district's `communes` (any order: the rows are sorted here; Commune models or
    rows with `id`, `code`, `name`, `full_name` and `in_programme`, such as the dashboards' facts).
    """
    criteria = _criteria_of(year)
    if communes is None:
        communes = district_communes(district)
    communes = [c for c in communes if c.in_programme]
    results = defaultdict(dict)
    for commune_id, criterion_id, met in CriterionResult.objects.filter(
        commune__district=district, year=year,
    ).values_list("commune_id", "criterion_id", "met"):
        results[commune_id][criterion_id] = met
    states = dict(Review.objects.filter(commune__district=district, year=year).values_list("commune_id", "state"))
    rows = []
    for commune in communes:
        cells = [results[commune.id].get(c.pk) for c in criteria]
        rows.append({"commune": commune, "cells": cells, "criteria_met": sum(1 for cell in cells if cell),
                     "has_data": any(cell is not None for cell in cells),
                     "state": states.get(commune.id, Review.State.DRAFT),
                     "state_label": Review.State(states.get(commune.id, Review.State.DRAFT)).label})
    key, reverse = sort.lstrip("-"), sort.startswith("-")
    if key == "met":
        # "met": the communes furthest from the goal first (fewest criteria met), "-met" the closest.
        sign = -1 if reverse else 1
        rows.sort(key=lambda r: (sign * r["criteria_met"], sort_key(r["commune"].name)))
    elif key.startswith("c") and key[1:].isdigit() and 0 < int(key[1:]) <= len(criteria):
        index = int(key[1:]) - 1
        rank = {True: 2, False: 1, None: 0}
        rows.sort(key=lambda r: (rank[r["cells"][index]], sort_key(r["commune"].name)), reverse=not reverse)
    else:
        sort = "-name" if reverse else "name"
        rows.sort(key=lambda r: sort_key(r["commune"].name), reverse=reverse)
    columns = [{"criterion": c, "next_sort": ("-" if sort == f"c{c.number}" else "") + f"c{c.number}"}
               for c in criteria]
    return {"criteria": criteria, "columns": columns, "rows": rows, "sort": sort,
            "name_sort": "-name" if sort == "name" else "name", "met_sort": "-met" if sort == "met" else "met"}


def _criteria_of(year: int) -> list[Criterion]:
    """The criteria (by number) of the commune set in force in `year`; one query (the catalogue)."""
    catalogue = catalogue_for_year(year)
    return [] if catalogue is None else list(catalogue.criteria)


def criteria_met_share_by_district(province: Province, year: int, *, district: District | None = None) -> dict:
    """Share of in-programme communes meeting each criterion, per district (or per commune).

    Shape: {"criteria": [(number, name)] (19 items), "rows": [{"code", "district", "shares":
    [percent or None when no commune of the row has data on that criterion]}]}. Rows on the map of
    the end of `year` (`territory_as_of`): per district unit of that year, or, when that map has
    none (from 1 July 2025), per commune in the programme. With `district`, the rows are that
    district's communes (`code`/`district` then hold the commune's code and full name; a share is
    100, 0 or None). Three queries (plus the set lookup) whatever the size.
    """
    criteria = _criteria_of(year)
    if district:
        programme = list(Commune.objects.filter(district=district, kind=Commune.Kind.COMMUNE, excluded=False)
                         .order_by("code"))
        groups = [(c.code, c.full_name) for c in programme]
        group_of = {c.pk: c.code for c in programme}
    else:
        territory = territory_as_of(province, year)
        programme = [c for c in territory.communes if c.in_programme]
        if territory.districts:
            groups = [(d.code, d.full_name) for d in territory.districts]
            code_of = {d.id: d.code for d in territory.districts}
            group_of = {c.id: code_of.get(c.district_id) for c in programme}
        else:
            groups = [(c.code, c.full_name) for c in programme]
            group_of = {c.id: c.code for c in programme}
    size = defaultdict(int)
    for group in group_of.values():
        size[group] += 1
    # The communes' results, counted here per row: plain SQL, the ORM's converting each of a
    # province's few thousand rows having cost three times the database's answer.
    met = defaultdict(int)  # (row, criterion id) → communes meeting it; a key when any has data
    if group_of:
        results = connection.ops.quote_name(CriterionResult._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT commune_id, criterion_id, met FROM {results} WHERE year = %s AND met IS NOT NULL"
                           f" AND commune_id IN ({', '.join(['%s'] * len(group_of))})", [year, *group_of])
            for commune_id, criterion_id, value in cursor.fetchall():
                met[(group_of[commune_id], criterion_id)] += bool(value)
    rows = []
    for code, name in groups:
        if not size[code]:
            continue  # a town or city with no rural commune in the programme
        # A key exists when some commune of the row has data on the criterion (met or not).
        shares = [round(100 * met[(code, c.pk)] / size[code], 1) if (code, c.pk) in met else None for c in criteria]
        rows.append({"code": code, "district": name, "shares": shares})
    return {"criteria": [(c.number, c.name) for c in criteria], "rows": rows}


@dataclass
class CriteriaSetSummary:
    """One criteria set as the catalogue page and the API list it."""

    criteria_set: "CriteriaSet"
    criteria: int
    indicators: int
    thresholds: int
    verified: int  # rows (set, criteria, indicators, thresholds) verified against the official text

    @property
    def rows(self) -> int:
        return 1 + self.criteria + self.indicators + self.thresholds

    @property
    def verified_share(self) -> float:
        """Share of the set's rows verified, 0–1."""
        return round(self.verified / self.rows, 3)


def criteria_sets_summary() -> list[CriteriaSetSummary]:
    """Every criteria set with its counts of criteria, indicators and thresholds and how many of
    those rows are verified. Four queries whatever the catalogue's size."""
    from communes.models import CriteriaSet, Threshold

    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    sources = (
        (Criterion.objects, "criteria_set_id", "wording_verified", 0),
        (Indicator.objects, "criterion__criteria_set_id", "wording_verified", 1),
        (Threshold.objects, "indicator__criterion__criteria_set_id", "verified", 2),
    )
    for manager, key, flag, slot in sources:
        for row in manager.values(key).annotate(n=Count("id"), v=Count("id", filter=Q(**{flag: True}))):
            counts[row[key]][slot] += row["n"]
            counts[row[key]][3] += row["v"]
    return [
        CriteriaSetSummary(criteria_set=s, criteria=counts[s.pk][0], indicators=counts[s.pk][1],
                           thresholds=counts[s.pk][2], verified=counts[s.pk][3] + s.verified)
        for s in CriteriaSet.objects.order_by("period_start", "scope", "level", "code")
    ]
