"""Reads of the commune groups in force (Decision 51/2025/QĐ-TTg), used by the save path, the
pages and the catalogue loader alike; the rule itself is `rules.group_in_force`."""

from collections import defaultdict

from communes.models import CommuneGroupAssignment
from communes.rules import group_in_force


def group_for(commune_id: int, year: int) -> int:
    """The group of one commune in `year` (one query)."""
    return group_in_force(list(CommuneGroupAssignment.objects.filter(commune_id=commune_id, valid_from__lte=year)),
                          year)


def groups_for(commune_ids, years) -> dict[tuple[int, int], int]:
    """{(commune id, year): group} for every pair (one query)."""
    by_commune = defaultdict(list)
    for assignment in CommuneGroupAssignment.objects.filter(commune_id__in=list(commune_ids)):
        by_commune[assignment.commune_id].append(assignment)
    return {(commune_id, year): group_in_force(by_commune[commune_id], year)
            for commune_id in commune_ids for year in years}


def current_assignments(commune_id: int) -> list[CommuneGroupAssignment]:
    """A commune's assignments, latest first (its page)."""
    return list(CommuneGroupAssignment.objects.filter(commune_id=commune_id).order_by("-valid_from"))
