"""What a reviewer sees before a review step ("approving with eyes open"): the values changed since
the commune's year was last verified or approved, and the warnings (values missing, criteria not
met, a recognised level the assessment does not reach) that ask for a confirmation."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _, ngettext

from communes.catalogue import catalogue_for_year, catalogue_of
from communes.models import LEVEL_RANK, Assessment, CommuneYearResult, CriteriaSet, Level, Review
from ntm_tracker.audit import change_label, change_value
from ntm_tracker.models import AuditEvent
from territory.models import Commune


@dataclass
class IndicatorChange:
    """One indicator's value changed since the assessment was last verified or approved."""

    indicator: str  # its code ("17.1")
    label: str  # "Value" / "Met", in the user's language
    old: str
    new: str
    actor: str  # who made the last change


REVIEWED_STATES = {Review.State.VERIFIED, Review.State.APPROVED}


def changes_since_reviewed(reviews: list[Review]) -> dict[int, list[IndicatorChange]]:
    """For each review (with its commune loaded), the previous → new value and "met" of every
    indicator changed since the last step that verified or approved it: {review pk: [IndicatorChange]}
    (no entry for a review never verified or approved). One query for any number of reviews: the
    audit rows of their review steps and of their communes' assessments of those years, folded in
    order (the first old value and the last new one of each indicator; unchanged in the end: left out).
    """

    reviews = [r for r in reviews if r.pk]
    if not reviews:
        return {}
    by_pk = {str(r.pk): r for r in reviews}
    by_key = {(r.commune.code, r.year): r for r in reviews}
    repr_years = Q()
    for year in {r.year for r in reviews}:
        repr_years |= Q(object_repr__endswith=f" · {year}")
    events = AuditEvent.objects.filter(
        Q(object_type="communes.review", object_id__in=list(by_pk))
        | Q(Q(object_type="communes.assessment") & repr_years),
        unit_code__in={code for code, _year in by_key},
    ).select_related("actor").order_by("pk")
    folded: dict[int, dict[tuple[str, str], list]] = {}
    for event in events:
        if event.object_type == "communes.review":
            review = by_pk.get(event.object_id)
            state = (event.changes or {}).get("state") or [None, None]
            if review is not None and state[-1] in REVIEWED_STATES:
                folded[review.pk] = {}  # a new reference point: only what changed after it counts
            continue
        parts = event.object_repr.rsplit(" · ", 2)
        review = by_key.get((event.unit_code, int(parts[-1]))) if len(parts) == 3 and parts[-1].isdigit() else None
        if review is None or review.pk not in folded:
            continue
        actor = str(event.actor or event.actor_name or "")
        for name in ("value", "met"):
            pair = (event.changes or {}).get(name)
            if not pair:
                continue
            entry = folded[review.pk].setdefault((parts[1], name), [pair[0], pair[-1], actor])
            entry[1], entry[2] = pair[-1], actor
    kind = "communes.assessment"
    return {
        pk: [IndicatorChange(indicator=code, label=change_label(kind, name), old=change_value(kind, name, old),
                             new=change_value(kind, name, new), actor=actor)
             for (code, name), (old, new, actor) in sorted(changes.items(), key=lambda kv: _code_key(kv[0][0]))
             if change_value(kind, name, old) != change_value(kind, name, new)]
        for pk, changes in folded.items()
    }


def _code_key(code: str) -> tuple:
    """"2.1" before "10.1", "17.1" before "17.10": indicator codes in their natural order."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def review_warnings(commune: Commune, year: int, progress: dict) -> list[str]:
    """What a reviewer should see before verifying or approving `year` (messages in the user's
    language): criteria not met, indicators without a value, a recognised level the assessment does
    not reach. `progress`: `commune_progress(commune, year)`. One query (the values recorded)."""

    warnings = []
    catalogue = catalogue_for_year(year)
    total = len(catalogue.indicators) if catalogue else 0
    if total:
        recorded = Assessment.objects.filter(commune=commune, year=year, indicator_id__in=list(catalogue.indicators),
                                             met__isnull=False).count()
        if recorded < total:
            warnings.append(ngettext(
                "%(count)d of %(total)d indicators has no value yet.",
                "%(count)d of %(total)d indicators have no value yet.", total - recorded,
            ) % {"count": total - recorded, "total": total})
    if progress["missing"]:
        warnings.append(_("%(count)d of %(total)d criteria are not met: %(numbers)s.") % {
            "count": len(progress["missing"]), "total": progress["criteria_total"],
            "numbers": ", ".join(str(c.number) for c in progress["missing"])})
    recognised = progress["status"].level
    # The year's NTM assessment says nothing of the advanced or model sets: only a recognised commune
    # whose assessment falls short of the NTM standard itself is flagged here.
    if recognised and LEVEL_RANK.get(recognised, 0) >= 1 and not progress["level_reached"]:
        warnings.append(_("The commune is recognised as “%(level)s” but this assessment does not reach "
                          "the new rural standard.") % {"level": Level(recognised).label})
    return warnings


def assessments_with_warnings(items: list[tuple[Commune, int]]) -> list[str]:
    """The names ("Xã Thiên Lộc 2024") of the commune × year items whose assessment has a criterion
    not met or nothing assessed: the bulk step asks for a confirmation first. One query."""
    summaries = {(s.commune_id, s.year): s for s in CommuneYearResult.objects.filter(
        commune_id__in={c.pk for c, _y in items}, year__in={y for _c, y in items})}
    flagged = []
    for commune, year in items:
        summary = summaries.get((commune.pk, year))
        if summary is None or summary.criteria_met < summary.criteria_total:
            flagged.append(f"{commune.full_name} {year}")
    return flagged


def assessment_reaches(commune: Commune, year: int, level: str) -> tuple[bool | None, int, int]:
    """Whether the commune's assessment of `year` reaches `level` (NTM, advanced, model):
    (reached, criteria met, criteria of the level); reached None when the level has no set in force
    that year (nothing to compare with). Two or three queries."""

    if level == Level.NTM:
        summary = CommuneYearResult.objects.filter(commune=commune, year=year).first()
        met, total = (summary.criteria_met, summary.criteria_total) if summary else (0, 0)
        catalogue = catalogue_for_year(year)
        total = total or (len(catalogue.criteria) if catalogue else 0)
        return (met == total if total else None), met, total
    criteria_set = CriteriaSet.objects.filter(
        scope=CriteriaSet.Scope.COMMUNE, level=level, period_start__lte=year, period_end__gte=year).first()
    if criteria_set is None:
        return None, 0, 0
    catalogue = catalogue_of(criteria_set)
    met = dict(Assessment.objects.filter(commune=commune, year=year, indicator_id__in=list(catalogue.indicators))
               .values_list("indicator_id", "met"))
    reached = [c for c in catalogue.criteria
               if catalogue.by_criterion[c.pk] and all(met.get(i.pk) for i in catalogue.by_criterion[c.pk])]
    total = len(catalogue.criteria)
    return (len(reached) == total if total else None), len(reached), total