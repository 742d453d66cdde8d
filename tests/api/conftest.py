import pytest

from communes.models import Assessment, CriteriaSet, Level
from tests.factories import make_recognition
from tests.ocop.conftest import ocop_demo  # noqa: F401 (the demo OCOP register, for the summary)


@pytest.fixture
def bearer():
    """bearer(token) — the header of an API call made with `token`."""
    return lambda token: {"Authorization": f"Bearer {token}"}


def assessed_towards(commune, level: str, year: int, *, missing: int) -> None:
    """Assessments of `year` meeting every criterion of the `level` set in force but the first
    `missing` ones (one indicator of each left unmet)."""
    from communes.catalogue import catalogue_of

    criteria_set = CriteriaSet.objects.get(scope="commune", level=level, period_start__lte=year, period_end__gte=year)
    catalogue = catalogue_of(criteria_set)
    rows = []
    for n, criterion in enumerate(catalogue.criteria):
        for i, indicator in enumerate(catalogue.by_criterion[criterion.pk]):
            rows.append(Assessment(commune=commune, indicator=indicator, year=year, met=not (n < missing and i == 0)))
    Assessment.objects.bulk_create(rows)


def ntm_commune(commune, year: int = 2023, level: str = Level.NTM):
    make_recognition(commune, standard_year=year - 2)
    if level in (Level.ADVANCED, Level.MODEL):
        make_recognition(commune, level=Level.ADVANCED, standard_year=year - 1)
    return commune
