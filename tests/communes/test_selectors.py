from communes.models import Level, Recognition
from communes.selectors import unit_statuses
from tests.factories import make_commune, make_recognition


def test_a_revocation_removes_its_level_and_the_levels_above(db):
    commune = make_commune()
    make_recognition(commune, level=Level.NTM, standard_year=2019)
    make_recognition(commune, level=Level.ADVANCED, standard_year=2021)
    make_recognition(commune, level=Level.NTM, standard_year=2023, kind=Recognition.Kind.REVOKED)
    recs = Recognition.objects.order_by("standard_year", "id")

    assert unit_statuses(recs, "commune_id")[commune.id].level is None
    assert unit_statuses(recs, "commune_id", as_of_year=2022)[commune.id].level == Level.ADVANCED
    assert unit_statuses(recs, "commune_id", as_of_year=2020)[commune.id].level == Level.NTM
