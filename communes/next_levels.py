"""How far communes are from the level above the one they hold: the commune page's "k/N criteria of
the next level" and the dashboard's list of candidates, by one rule (`_next_level`)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from communes.models import Assessment, Level
from territory.models import Commune


@dataclass
class NextLevel:
    """How far a commune's assessment of a year is from the level above its recognised one."""

    level: str  # Level
    criteria_set: "CriteriaSet"
    criteria_met: int
    criteria_total: int
    missing: list  # [Criterion]
    unverified: bool

    @property
    def level_label(self) -> str:
        return Level(self.level).label


NEXT_LEVEL = {Level.NTM: Level.ADVANCED, Level.ADVANCED: Level.MODEL}


def next_level_progress(commune: Commune, year: int, level: str | None) -> NextLevel | None:
    """The set of the level above `level` (NTM → advanced, advanced → model) in force in `year`,
    with how many of its criteria the commune's assessments meet and which are missing; None when
    there is no such set (2026–2030 has no advanced or model level). Two queries (the set, the
    commune's assessments of it); the set's rows come from the catalogue held in memory."""
    from communes.catalogue import catalogue_of
    from communes.models import CriteriaSet

    wanted = NEXT_LEVEL.get(level)
    criteria_set = wanted and CriteriaSet.objects.filter(
        scope=CriteriaSet.Scope.COMMUNE, level=wanted, period_start__lte=year, period_end__gte=year).first()
    if not criteria_set:
        return None
    catalogue = catalogue_of(criteria_set)
    met = set(Assessment.objects.filter(commune=commune, year=year, met=True, indicator_id__in=list(catalogue.indicators))
              .values_list("indicator_id", flat=True))
    return _next_level(wanted, criteria_set, catalogue, met)


def _next_level(level: str, criteria_set, catalogue, met: set[int]) -> NextLevel:
    """The one rule of "k/N criteria of the next level": a criterion is met when the set names
    indicators for it and the assessments meet every one (`met`: the ids of the indicators met)."""
    ids = catalogue.indicator_ids
    missing = [c for c in catalogue.criteria if not ids.get(c.id) or not met.issuperset(ids[c.id])]
    return NextLevel(level=level, criteria_set=criteria_set, criteria_met=len(catalogue.criteria) - len(missing),
                     criteria_total=len(catalogue.criteria), missing=missing, unverified=catalogue.unverified)


# A candidate for the next level misses at most this many of its set's criteria.
CANDIDATE_MAX_MISSING = 3


@dataclass
class Candidate:
    """A commune close to the level above its recognised one (see `next_level_candidates`)."""

    commune_id: int
    progress: NextLevel


def next_level_candidates(levels: dict[int, str | None], year: int) -> dict[str, list[Candidate]]:
    """The communes closest to the next level in `year`: {level: [Candidate]} for each level above
    NTM whose commune set is in force in `year` (advanced and model in 2021–2025; none in 2026–2030).

    `levels`: {commune id: level recognised at the end of `year`} for the communes to consider (those
    in the programme). A candidate for a level holds the level just below it (NTM for advanced,
    advanced for model) and its assessments of `year` meet at least all but
    `CANDIDATE_MAX_MISSING` of the level's criteria, by the rule of the commune page's "k/N of the
    next level" (`next_level_progress`). Sorted by criteria met (most first), then commune id.
    Two queries (the sets, every commune's assessments of their indicators), whatever the number of
    communes; the sets' rows come from the catalogue held in memory."""
    from communes.catalogue import catalogue_of
    from communes.models import CriteriaSet

    sets = {}
    for criteria_set in CriteriaSet.objects.filter(scope=CriteriaSet.Scope.COMMUNE, level__in=list(NEXT_LEVEL.values()),
                                                   period_start__lte=year, period_end__gte=year).order_by("code"):
        sets.setdefault(criteria_set.level, criteria_set)
    below = {above: below for below, above in NEXT_LEVEL.items()}
    wanted = {level: [pk for pk, held in levels.items() if held == below[level]] for level in sets}
    catalogues = {level: catalogue_of(criteria_set) for level, criteria_set in sets.items()}
    communes = {pk for ids in wanted.values() for pk in ids}
    indicators = {pk for catalogue in catalogues.values() for pk in catalogue.indicators}
    met: dict[int, set[int]] = defaultdict(set)  # commune id → the indicators its assessments meet
    if communes and indicators:
        # Plain SQL: a province's thousands of rows, which the ORM's building and converting would
        # cost several times the database's answer for (the dashboard asks it on every request).
        table = connection.ops.quote_name(Assessment._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT commune_id, indicator_id FROM {table} WHERE year = %s AND met"
                           f" AND commune_id IN ({', '.join(['%s'] * len(communes))})"
                           f" AND indicator_id IN ({', '.join(['%s'] * len(indicators))})",
                           [year, *communes, *indicators])
            for commune_id, indicator_id in cursor.fetchall():
                met[commune_id].add(indicator_id)
    result: dict[str, list[Candidate]] = {}
    for level, criteria_set in sets.items():
        rows = []
        for pk in wanted[level]:
            progress = _next_level(level, criteria_set, catalogues[level], met.get(pk, set()))
            if progress.criteria_total and len(progress.missing) <= CANDIDATE_MAX_MISSING:
                rows.append(Candidate(commune_id=pk, progress=progress))
        result[str(level)] = sorted(rows, key=lambda c: (-c.progress.criteria_met, c.commune_id))
    return result
