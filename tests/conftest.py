"""Shared fixtures: one persona per role on a tiny territory, and the whole Hà Tĩnh data for the
tests that are about it.

Personas (all in Hà Tĩnh unless said): `admin_user`, `province_user`, `district_user` (Can Lộc),
`commune_user` (a commune of Can Lộc), `leader_user`; `other_province_user` works in Nghệ An.
They stand on `territory`: Hà Tĩnh with two districts and four units, built in milliseconds
through the real unit import from the real GSO rows. `catalogue` adds the criteria catalogue;
`ha_tinh` completes the province (216 communes, the catalogue, the demo history): request it only
in tests about those data (the demo, published figures, whole-province pages), it costs ~1 s.
"""

import functools

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings

from communes.catalogue import catalogue_forget
from communes.services.catalogue import catalogue_load
from territory.imports import COLUMNS, NATIONAL_LIST, read_rows, units_import
from ntm_tracker.models import User
from showcase.demo.communes import demo_history_load
from territory.models import Commune, District, Province
from tests.factories import make_user

PASSWORD = "Mat-khau-thu-2024"


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's hasher with a test-sized work factor: the full one costs about half a second of CPU
    per login or password change. Same algorithm name, so stored hashes verify as in production,
    and a hash of another work factor (the light temporary ones) is still rehashed at login."""

    iterations = 1_000


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=["tests.conftest.FastPBKDF2PasswordHasher"]):
        yield


@functools.cache
def national_rows() -> tuple[dict, ...]:
    """The shipped GSO list, parsed once per test session."""
    return tuple(read_rows(NATIONAL_LIST))


# Real GSO rows, so that `ha_tinh` later completes the same rows (same codes, names and order):
# Can Lộc's township Nghèn and its first two xã by code (Thiên Lộc, Thuần Thiện), Nghi Xuân's Xuân Hội.
TINY_HA_TINH = ("18406", "18415", "18418", "18355")
TINY_NGHE_AN = ("16663",)  # Vinh's ward Đông Vĩnh


def _units_import_some(province: str, codes: tuple[str, ...]) -> Province:
    rows = [row for row in national_rows() if row[COLUMNS["commune_code"]] in codes]
    units_import(rows=rows, province=province)
    return Province.objects.get(code=province)


@pytest.fixture
def territory(db) -> Province:
    """Tiny Hà Tĩnh (code 42): Can Lộc (443) with the township Nghèn and the xã Thiên Lộc and
    Thuần Thiện, Nghi Xuân (442) with the xã Xuân Hội. No catalogue, no history."""
    return _units_import_some("42", TINY_HA_TINH)


@pytest.fixture
def catalogue(db) -> None:
    """The criteria catalogue (commune and district NTM sets 2021–2025) from the project's files."""
    catalogue_load()


@pytest.fixture
def ha_tinh(territory, catalogue) -> Province:
    """The whole of Hà Tĩnh: 13 district units and 216 communes, the catalogue and the demo
    history. It completes `territory`, so personas made on the tiny one stay valid."""
    units_import(rows=list(national_rows()), province="42")
    demo_history_load()
    return Province.objects.get(code="42")


@pytest.fixture
def can_loc(territory) -> District:
    return District.objects.get(code="443")


@pytest.fixture
def can_loc_commune(can_loc) -> Commune:
    return Commune.objects.filter(district=can_loc, kind=Commune.Kind.COMMUNE).order_by("code").first()


@pytest.fixture
def admin_user(db) -> User:
    return make_user(User.Role.ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def province_user(territory) -> User:
    return make_user(User.Role.PROVINCE, username="tinh", province=territory)


@pytest.fixture
def district_user(can_loc) -> User:
    return make_user(User.Role.DISTRICT, username="huyen", district=can_loc)


@pytest.fixture
def commune_user(can_loc_commune) -> User:
    return make_user(User.Role.COMMUNE, username="xa", commune=can_loc_commune)


@pytest.fixture
def leader_user(territory) -> User:
    return make_user(User.Role.LEADER, username="lanhdao", province=territory)


@pytest.fixture
def national_user(db) -> User:
    """A ministry office account: reads every province, edits nothing."""
    return make_user(User.Role.NATIONAL, username="trunguong")


@pytest.fixture
def nghe_an(db) -> Province:
    """Tiny Nghệ An (code 40): Thành phố Vinh with the ward Đông Vĩnh."""
    return _units_import_some("40", TINY_NGHE_AN)


@pytest.fixture
def other_province_user(nghe_an) -> User:
    return make_user(User.Role.PROVINCE, username="nghean", province=nghe_an)


@pytest.fixture
def can_loc_assessed(ha_tinh, can_loc) -> District:
    """Can Lộc with the demo assessments 2021–2024 (the other districts have none); they follow the
    demo history, so this needs the whole province."""
    from showcase.demo.communes import demo_assessments_load

    demo_assessments_load(districts=[can_loc.code])
    return can_loc


@pytest.fixture
def ntm_indicator(catalogue):
    """Indicator 2.2 (percent, at least 85 in Bắc Trung Bộ) of the commune NTM set."""
    from communes.models import Indicator

    return Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")


@pytest.fixture(autouse=True)
def catalogue_forgotten():
    """Each test starts as a fresh process would: no criteria catalogue held in memory."""
    catalogue_forget()
