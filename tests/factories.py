"""Plain factory functions: make_<thing>(**overrides) returns a saved object."""

import functools
import itertools

from django.contrib.auth.hashers import make_password

from communes.models import Commune, District, Level, Province, Recognition, Region
from ntm_tracker.models import User

_seq = itertools.count(1)


def make_province(**overrides) -> Province:
    n = next(_seq)
    values = {"code": f"{n % 100:02d}", "name": f"Tỉnh thử {n}", "region": Region.NORTH_CENTRAL}
    values.update(overrides)
    province, _ = Province.objects.get_or_create(code=values.pop("code"), defaults=values)
    return province


def make_district(province: Province | None = None, **overrides) -> District:
    n = next(_seq)
    values = {"code": f"{n % 1000:03d}", "name": f"Huyện thử {n}", "kind": District.Kind.RURAL,
              "province": province or make_province()}
    values.update(overrides)
    return District.objects.create(**values)


def make_commune(district: District | None = None, **overrides) -> Commune:
    n = next(_seq)
    values = {"code": f"{n % 100000:05d}", "name": f"Xã thử {n}", "kind": Commune.Kind.COMMUNE,
              "district": district or make_district()}
    values.update(overrides)
    return Commune.objects.create(**values)


def make_recognition(unit, **overrides) -> Recognition:
    values = {"level": Level.NTM, "standard_year": 2023, "decision_number": f"{next(_seq)}/QĐ-UBND",
              "issuer": Recognition.Issuer.PROVINCE}
    values["commune" if isinstance(unit, Commune) else "district"] = unit
    values.update(overrides)
    return Recognition.objects.create(**values)


@functools.cache
def _password_hash(password: str) -> str:
    # Hashing takes a quarter of a second on purpose; tests make many users with one password.
    return make_password(password)


def make_user(role: str = User.Role.LEADER, *, password: str = "Mat-khau-thu-2024", **overrides) -> User:
    n = next(_seq)
    user = User(username=overrides.pop("username", f"user{n}"), role=role, **overrides)
    user.password = _password_hash(password)
    user.save()
    return user
