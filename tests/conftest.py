"""Shared fixtures: one persona per role on a tiny territory, and the whole Hà Tĩnh data for the
tests that are about it.

Personas (all in Hà Tĩnh unless said): `admin_user`, `province_user`, `district_user` (Can Lộc),
`commune_user` (a commune of Can Lộc), `leader_user`; `other_province_user` works in Nghệ An.
After the reform: `reformed_territory` brings Hà Tĩnh (the tiny one, or the whole one in a test
that stands on `ha_tinh`) to the map of 1 July 2025 (no districts) through the real reorganisation,
rows and lineage; `reformed_commune_user` (`xamoi`) works in its new commune Đan Hải (18364),
formed from the former Xuân Hội.
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
from showcase.demo.territory import demo_reorganisations_load
from territory.models import Commune, District, Province
from territory.reference import REFORM_DATE, conversion_lineage, today_rows
from territory.reorganisation import units_reorganise
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


_catalogue_rows: list[tuple[type, list]] = []  # this process's copy of what `catalogue_load` writes


@pytest.fixture
def catalogue(db) -> None:
    """The criteria catalogue (every shipped set: 2021–2025 and 2026–2030) from the project's files.

    The first test of a process loads it with `catalogue_load` and keeps a copy of the rows; later
    tests write that copy back in four bulk inserts (sets, criteria, indicators, thresholds, keys
    remapped), the same rows in a fraction of the time: most tests of the suite stand on it. Tests
    of the loading itself call `catalogue_load` on an empty catalogue (`without_catalogue`)."""
    from communes.models import CriteriaSet, Criterion, Indicator, Threshold

    chain = ((CriteriaSet, None), (Criterion, "criteria_set_id"), (Indicator, "criterion_id"), (Threshold, "indicator_id"))
    empty = not CriteriaSet.objects.exists()
    if not (empty and _catalogue_rows):
        catalogue_load()
        if empty and not _catalogue_rows:
            _catalogue_rows.extend((model, list(model.objects.order_by("pk"))) for model, _ in chain)
        return
    parent_pk: dict[int, int] = {}  # the previous model's old key → new key
    for (model, parent_key), (_, rows) in zip(chain, _catalogue_rows):
        copies = []
        for row in rows:
            values = {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields
                      if not field.primary_key}
            if parent_key:
                values[parent_key] = parent_pk[values[parent_key]]
            copies.append(model(**values))
        parent_pk = {row.pk: copy.pk for row, copy in zip(rows, model.objects.bulk_create(copies))}


_province_rows: list[tuple[type, list[str], list[list]]] = []  # this process's copy of what completing Hà Tĩnh writes


@pytest.fixture
def ha_tinh(territory, catalogue) -> Province:
    """The whole of Hà Tĩnh: 13 district units and 216 communes, the catalogue and the demo
    history. It completes `territory`, so personas made on the tiny one stay valid.

    The first test of a process completes it with the real loaders (`units_import` of the GSO list,
    `demo_history_load`) and keeps a copy of the rows they added, keys as codes; later tests that
    start from the tiny province write the copy back, one INSERT per table: the same rows in a
    fraction of the time (a quarter of the suite and every browser journey stand on them)."""
    from communes.models import Recognition

    tiny = (set(Commune.objects.filter(province__code="42").values_list("code", flat=True)) == set(TINY_HA_TINH)
            and not Recognition.objects.exists())
    if tiny and _province_rows:
        _rows_restore(_province_rows)
    else:
        models = (District, Commune, Recognition)
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
        province_complete()
        if tiny and not _province_rows:
            _province_rows.extend(_rows_copy(model.objects.exclude(pk__in=before[model]) for model in models))
    return Province.objects.get(code="42")


def province_complete() -> None:
    """What `ha_tinh` adds to the tiny province, through the real loaders."""
    units_import(rows=list(national_rows()), province="42")
    demo_history_load()


# Today's units that the tiny Hà Tĩnh's four became on 1 July 2025 (the official conversion table):
# Xã Can Lộc 18406 (the township Nghèn and the xã Thiên Lộc 18415), Thuần Thiện 18418, and the new
# xã Xuân Hội 18364 (from Xuân Hội 18355).
TINY_HA_TINH_TODAY = ("18406", "18418", "18364")


@pytest.fixture
def reformed_territory(request, territory) -> Province:
    """Hà Tĩnh after the 1 July 2025 reform: its districts closed, its communes directly under the
    province. The tiny one: the three units above, with the conversion table's links between the
    units it holds. In a test on the whole province (`ha_tinh`, every browser journey): the demo's
    two 2025 steps (`demo_reorganisations_load`)."""
    if "ha_tinh" in request.fixturenames:
        request.getfixturevalue("ha_tinh")
        demo_reorganisations_load()
        return territory
    rows = [row for row in today_rows("42") if row["Mã PX"] in TINY_HA_TINH_TODAY]
    held = set(TINY_HA_TINH) | set(TINY_HA_TINH_TODAY)
    links = [(0, old, new, partial) for old, new, partial in conversion_lineage("42") if old in held and new in held]
    units_reorganise(rows=rows, effective=REFORM_DATE, province="42", lineage=links, resolution="1665/NQ-UBTVQH15")
    return territory


@pytest.fixture
def reformed_commune(reformed_territory) -> Commune:
    """Xã Đan Hải 18364: formed on 1 July 2025 (valid_from), from the former Xuân Hội 18355."""
    return Commune.objects.get(code="18364")


@pytest.fixture
def reformed_commune_user(reformed_commune) -> User:
    return make_user(User.Role.COMMUNE, username="xamoi", commune=reformed_commune)


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


_can_loc_rows: list[tuple[type, list[str], list[list]]] = []  # this process's copy of Can Lộc's assessments


@pytest.fixture
def can_loc_assessed(ha_tinh, can_loc) -> District:
    """Can Lộc with the demo assessments 2021–2024 (the other districts have none); they follow the
    demo history, so this needs the whole province.

    The first test of a process loads them with `demo_assessments_load` and keeps a copy of the
    rows it wrote (assessments, reviews, criterion and commune results: ~8,000), each key to a
    commune, indicator or criterion kept as its code; later tests write the copy back with those
    codes turned into today's keys, by one INSERT per table — the same rows in a fraction of the
    time (most of the communes' view tests stand on them)."""
    from communes.models import Assessment, CommuneYearResult, CriterionResult, Review
    from showcase.demo.communes import demo_assessments_load

    if _can_loc_rows and not Assessment.objects.exists():
        _rows_restore(_can_loc_rows)
    else:
        demo_assessments_load(districts=[can_loc.code])
        if not _can_loc_rows:
            _can_loc_rows.extend(_rows_copy(model.objects.filter(commune__district=can_loc) for model in (
                Assessment, Review, CriterionResult, CommuneYearResult)))
    return can_loc


def _natural_keys(models) -> dict[type, dict]:
    """{related model: {key: code}} for the keys of `models` (units by GSO code, criteria and
    indicators by set and number)."""
    from communes.models import Criterion, Indicator

    queries = {
        Province: lambda: Province.objects.values_list("pk", "code"),
        District: lambda: District.objects.values_list("pk", "code"),
        Commune: lambda: Commune.objects.values_list("pk", "code"),
        Indicator: lambda: ((pk, (set_code, code)) for pk, set_code, code in
                            Indicator.objects.values_list("pk", "criterion__criteria_set__code", "code")),
        Criterion: lambda: ((pk, (set_code, number)) for pk, set_code, number in
                            Criterion.objects.values_list("pk", "criteria_set__code", "number")),
    }
    return {model: dict(queries[model]()) for model in models if model in queries}


def _relations(model) -> list[tuple[int, type]]:
    """(column index, related model) of the keys among `model`'s columns as `_rows_copy` lists them."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return [(i, f.related_model) for i, f in enumerate(fields) if f.is_relation]


def _rows_copy(querysets) -> list[tuple[type, list[str], list[list]]]:
    """The rows of `querysets`, in key order, ready for the database, each key to another row as
    that row's code: [(model, columns, rows)], to be written back by `_rows_restore` in that order."""
    from django.db import connection

    copies = []
    for queryset in querysets:
        model = queryset.model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        relations = _relations(model)
        codes = _natural_keys({related for _, related in relations})  # no user key: the loaders set none
        rows = []
        for obj in queryset.order_by("pk"):
            row = [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
            for i, related in relations:
                if row[i] is not None:
                    row[i] = codes.get(related, {})[row[i]]
            rows.append(row)
        copies.append((model, [f.column for f in fields], rows))
    return copies


def _rows_restore(copies) -> None:
    """Write `_rows_copy`'s rows back, codes turned into today's keys (read after each table, so a
    table may refer to the rows of one written before it)."""
    from ntm_tracker.db import rows_insert

    for model, columns, rows in copies:
        relations = _relations(model)
        keys = {related: {code: pk for pk, code in by_pk.items()}
                for related, by_pk in _natural_keys({related for _, related in relations}).items()}
        restored = []
        for row in rows:
            row = list(row)
            for i, related in relations:
                if row[i] is not None:
                    row[i] = keys[related][row[i]]
            restored.append(row)
        rows_insert(model._meta.db_table, columns, restored)


@pytest.fixture
def ntm_indicator(catalogue):
    """Indicator 2.2 (percent, at least 85 in Bắc Trung Bộ) of the commune NTM set."""
    from communes.models import Indicator

    return Indicator.objects.get(code="2.2", criterion__criteria_set__code="commune-ntm-2021-2025")


@pytest.fixture(autouse=True)
def catalogue_forgotten():
    """Each test starts as a fresh process would: no criteria catalogue held in memory."""
    catalogue_forget()
