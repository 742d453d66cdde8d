"""Plain factory functions: make_<thing>(**overrides) returns a saved object."""

import functools
import itertools

from django.contrib.auth.hashers import make_password

from communes.models import Level, Recognition
from dashboards.models import Target
from ntm_tracker.models import User
from territory.models import Commune, District, Province, Region

_seq = itertools.count(1)


def make_province(**overrides) -> Province:
    """A province of the code given (the existing one if it is stored), else a new one: a two-digit
    code no stored province has (a test's count of provinces must not depend on the tests before it)."""
    n = next(_seq)
    values = {"code": f"{n % 100:02d}", "name": f"Tỉnh thử {n}", "region": Region.NORTH_CENTRAL}
    if "code" not in overrides:
        taken = set(Province.objects.values_list("code", flat=True))
        while values["code"] in taken:
            n = next(_seq)
            values.update(code=f"{n % 100:02d}", name=f"Tỉnh thử {n}")
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


# --- OCOP -------------------------------------------------------------------------------------


def make_producer(commune: Commune | None = None, **overrides):
    from ocop.models import Producer

    values = {"name": f"HTX thử {next(_seq)}", "kind": Producer.Kind.COOPERATIVE, "commune": commune or make_commune()}
    values.update(overrides)
    return Producer.objects.create(**values)


def make_product(commune: Commune | None = None, **overrides):
    from ocop.models import Group, Product, Subgroup

    commune = commune or overrides.get("producer", None) and overrides["producer"].commune or make_commune()
    values = {"name": f"Sản phẩm thử {next(_seq)}", "group": Group.FOOD, "subgroup": Subgroup.PROCESSED,
              "commune": commune}
    values.update(overrides)
    values.setdefault("producer", make_producer(commune))
    return Product.objects.create(**values)


def make_evaluation(product, **overrides):
    from decimal import Decimal

    from ocop.models import Council, Evaluation

    values = {"year": 2023, "council": Council.DISTRICT, "score_a": Decimal("25"), "score_b": Decimal("15"),
              "score_c": Decimal("20")}
    values.update(overrides)
    return Evaluation.objects.create(product=product, **values)


def make_certificate(product, **overrides):
    """A certificate recorded through the service, so supersession and the product's current
    certificate are kept as in the app."""
    import datetime

    from ocop.models import Certificate
    from ocop.services import certificates_refresh

    stars = overrides.pop("stars", 3)
    values = {"stars": stars, "decision_number": f"{next(_seq)}/QĐ-UBND", "decision_date": datetime.date(2023, 6, 15)}
    values.update(overrides)
    values.setdefault("issuer", Certificate.issuer_for(stars, values["decision_date"]))  # the rule of the date
    certificate = Certificate.objects.create(product=product, **values)
    certificates_refresh(product)
    return certificate


# --- Targets ----------------------------------------------------------------------------------


def make_target(province: Province, **overrides) -> Target:
    values = {"year": 2024, "metric": "communes_new_advanced", "value": 20}
    values.update(overrides)
    return Target.objects.create(province=province, **values)
