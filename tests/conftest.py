"""Shared fixtures: the Hà Tĩnh reference data and one persona per role.

Personas (all in Hà Tĩnh unless said): `admin_user`, `province_user`, `district_user` (Can Lộc),
`commune_user` (a commune of Can Lộc), `leader_user`; `other_province_user` works in Nghệ An.
"""

import functools

import pytest

from communes.catalogue import catalogue_forget
from communes.models import Commune, District, Province
from communes.services.catalogue import catalogue_load
from communes.services.units import NATIONAL_LIST, read_rows, units_import
from ntm_tracker.models import User
from showcase.demo.communes import demo_history_load
from tests.factories import make_user

PASSWORD = "Mat-khau-thu-2024"


@functools.cache
def national_rows() -> tuple[dict, ...]:
    """The shipped GSO list, parsed once per test session."""
    return tuple(read_rows(NATIONAL_LIST))


@pytest.fixture
def ha_tinh(db) -> Province:
    """Hà Tĩnh's 13 district units and 216 communes, the catalogue and the demo history."""
    units_import(rows=list(national_rows()), province="42")
    catalogue_load()
    demo_history_load()
    return Province.objects.get(code="42")


@pytest.fixture
def can_loc(ha_tinh) -> District:
    return District.objects.get(code="443")


@pytest.fixture
def can_loc_commune(can_loc) -> Commune:
    return Commune.objects.filter(district=can_loc, kind=Commune.Kind.COMMUNE).order_by("code").first()


@pytest.fixture
def admin_user(db) -> User:
    return make_user(User.Role.ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def province_user(ha_tinh) -> User:
    return make_user(User.Role.PROVINCE, username="tinh", province=ha_tinh)


@pytest.fixture
def district_user(can_loc) -> User:
    return make_user(User.Role.DISTRICT, username="huyen", district=can_loc)


@pytest.fixture
def commune_user(can_loc_commune) -> User:
    return make_user(User.Role.COMMUNE, username="xa", commune=can_loc_commune)


@pytest.fixture
def leader_user(ha_tinh) -> User:
    return make_user(User.Role.LEADER, username="lanhdao", province=ha_tinh)


@pytest.fixture
def nghe_an(db) -> Province:
    units_import(rows=list(national_rows()), province="40")
    return Province.objects.get(code="40")


@pytest.fixture
def other_province_user(nghe_an) -> User:
    return make_user(User.Role.PROVINCE, username="nghean", province=nghe_an)


@pytest.fixture
def can_loc_assessed(can_loc) -> District:
    """Can Lộc with the demo assessments 2021–2024 (the other districts have none)."""
    from showcase.demo.communes import demo_assessments_load

    demo_assessments_load(districts=[can_loc.code])
    return can_loc


@pytest.fixture
def ntm_indicator(ha_tinh):
    """Indicator 2.2 (percent, at least 85 in Bắc Trung Bộ) of the commune NTM set."""
    from communes.models import Indicator

    return Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")


@pytest.fixture(autouse=True)
def catalogue_forgotten():
    """Each test starts as a fresh process would: no criteria catalogue held in memory."""
    catalogue_forget()
