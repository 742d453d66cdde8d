"""`world`: every persona of the permission matrix and the objects URLs are built from."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from communes.models import Assessment
from ntm_tracker.models import User
from tests.factories import (
    make_certificate, make_evaluation, make_producer, make_product, make_recognition, make_target, make_user,
)
from tests.ocop.conftest import ocop_demo  # noqa: F401 (the demo OCOP register, for the dashboards)
from territory.models import Commune, District

YEAR = 2024  # an assessment year of the programme period (communes.selectors.assessment_years)


@pytest.fixture
def world(territory, catalogue, can_loc, can_loc_commune, admin_user, province_user, district_user, commune_user,
          leader_user, national_user, other_province_user, ntm_indicator, settings, tmp_path) -> SimpleNamespace:
    """The personas on the tiny Hà Tĩnh (`territory`, with the catalogue), plus staff of another district (Nghi Xuân) and of another commune of
    Can Lộc, and `target`: an account the administrator manages in the tests.

    Data of the Can Lộc commune the URLs are built from: `indicator` and `year` (an assessment
    with an evidence file), `recognition` (a decision), the OCOP `producer`, `product`,
    `evaluation` and 3★ `certificate`; and `ntm_target`, a province target. Uploaded files go to
    a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    nghi_xuan = District.objects.get(code="442")
    other_commune = Commune.objects.filter(district=can_loc, kind=Commune.Kind.COMMUNE).exclude(pk=can_loc_commune.pk).order_by("code").first()
    users = {
        "admin": admin_user,
        "province": province_user,
        "district": district_user,
        "commune": commune_user,
        "leader": leader_user,
        "national": national_user,
        "other_province": other_province_user,
        "other_district": make_user(User.Role.DISTRICT, username="nghixuan", district=nghi_xuan),
        "other_commune": make_user(User.Role.COMMUNE, username="xakhac", commune=other_commune),
    }
    target = make_user(User.Role.COMMUNE, username="canbo_xa", full_name="Cán bộ xã thử", commune=can_loc_commune)
    assessment = Assessment(commune=can_loc_commune, indicator=ntm_indicator, year=YEAR, value=90)
    assessment.evidence.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=False)
    assessment.save()
    product = make_product(can_loc_commune, name="Nước mắm thử")
    return SimpleNamespace(
        province=territory, district=can_loc, commune=can_loc_commune, other_district=nghi_xuan,
        other_commune=other_commune, users=users, target=target,
        indicator=ntm_indicator, year=YEAR, assessment=assessment,
        recognition=make_recognition(can_loc_commune),
        producer=product.producer, product=product,
        evaluation=make_evaluation(product), certificate=make_certificate(product, stars=3),
        ntm_target=make_target(territory, year=YEAR),
        **funding_world(can_loc, can_loc_commune),
    )


def funding_world(district, commune) -> dict:
    """`funding` (an amount of the district), `sponsorship` (of the commune) and `dossier` (the
    commune's recognition dossier, submitted)."""
    import datetime

    from communes.models import Level, RecognitionDossier
    from communes.services.dossiers import dossier_submit
    from funding.models import Funding, Sponsorship

    return {
        "funding": Funding.objects.create(district=district, year=2023, source="credit", amount=10,
                                          source_document="Báo cáo"),
        "sponsorship": Sponsorship.objects.create(commune=commune, sponsor="Công ty thử",
                                                  date_from=datetime.date(2023, 1, 1)),
        "dossier": dossier_submit(dossier=RecognitionDossier(commune=commune, level=Level.NTM, standard_year=2023,
                                                             body=RecognitionDossier.Body.PROVINCE),
                                  on=datetime.date(2023, 11, 1)),
    }
