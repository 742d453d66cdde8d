"""`world`: every persona of the permission matrix and the objects URLs are built from."""

from types import SimpleNamespace

import pytest

from communes.models import Commune, District
from ntm_tracker.models import User
from tests.factories import make_user
from tests.ocop.conftest import ocop_demo  # noqa: F401 (the demo OCOP register, for the dashboards)


@pytest.fixture
def world(ha_tinh, can_loc, can_loc_commune, admin_user, province_user, district_user, commune_user,
          leader_user, other_province_user) -> SimpleNamespace:
    """The Hà Tĩnh personas, plus staff of another district (Nghi Xuân) and of another commune of
    Can Lộc, and `target`: an account the administrator manages in the tests."""
    nghi_xuan = District.objects.get(code="442")
    other_commune = Commune.objects.filter(district=can_loc, kind=Commune.Kind.COMMUNE).exclude(pk=can_loc_commune.pk).order_by("code").first()
    users = {
        "admin": admin_user,
        "province": province_user,
        "district": district_user,
        "commune": commune_user,
        "leader": leader_user,
        "other_province": other_province_user,
        "other_district": make_user(User.Role.DISTRICT, username="nghixuan", district=nghi_xuan),
        "other_commune": make_user(User.Role.COMMUNE, username="xakhac", commune=other_commune),
    }
    target = make_user(User.Role.COMMUNE, username="canbo_xa", full_name="Cán bộ xã thử", commune=can_loc_commune)
    return SimpleNamespace(province=ha_tinh, district=can_loc, commune=can_loc_commune, other_district=nghi_xuan,
                           other_commune=other_commune, users=users, target=target)
