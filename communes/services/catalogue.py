"""Loading of the NTM criteria catalogue from the project's own data files.

The catalogue is data, not code: the files give the starting point, and the provincial office
corrects wording and thresholds in the admin. Loading therefore only adds what is missing and
never overwrites a row somebody may have corrected.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from communes.catalogue import request_memo_clear
from communes.models import CriteriaSet, Criterion, Indicator, Level, Threshold
from communes.services.criteria_loading import criteria_load
from communes.services.criteria_reading import criteria_read

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMUNE_SET = "commune-ntm-2021-2025"
DISTRICT_SET = "district-ntm-2021-2025"


def _read(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def catalogue_load() -> dict[str, int]:
    """Create the commune (318/QĐ-TTg) and district (320/QĐ-TTg) NTM sets 2021–2025 where missing,
    and the other shipped sets (`shipped_sets_load`).

    Returns how many rows were created, by kind: {"criteria": n, "indicators": n, "thresholds": n}.
    """
    created = {"criteria": 0, "indicators": 0, "thresholds": 0}
    commune_set, _ = CriteriaSet.objects.get_or_create(
        code=COMMUNE_SET,
        defaults={
            "name": "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025",
            "scope": CriteriaSet.Scope.COMMUNE, "level": Level.NTM,
            "legal_basis": "Quyết định 318/QĐ-TTg ngày 08/3/2022", "period_start": 2021, "period_end": 2025,
        },
    )
    criteria: dict[int, Criterion] = {c.number: c for c in commune_set.criteria.all()}
    indicators: dict[str, Indicator] = {i.code: i for i in Indicator.objects.filter(criterion__criteria_set=commune_set)}
    for position, row in enumerate(_read("criteria-commune-ntm-2021-2025.csv")):
        number = int(row["criterion_no"])
        if number not in criteria:
            criteria[number] = Criterion.objects.create(
                criteria_set=commune_set, number=number, group=row["group"], name=row["criterion_vi"],
                name_en=row["criterion_en"], source=row["source"], wording_verified=True,
            )
            created["criteria"] += 1
        if row["indicator_code"] not in indicators:
            indicators[row["indicator_code"]] = Indicator.objects.create(
                criterion=criteria[number], code=row["indicator_code"], text=row["indicator_vi"],
                kind=row["kind"], unit=row["unit"], comparison=row["comparison"], position=position,
                source=row["source"], wording_verified=row["wording_verified"] == "yes",
            )
            created["indicators"] += 1
    existing = set(Threshold.objects.filter(indicator__in=indicators.values())
                   .values_list("indicator__code", "region", "mountain", "year"))
    new_thresholds = []
    for row in _read("thresholds-commune-ntm-2021-2025.csv"):
        year = int(row["year"]) if row["year"] else None
        key = (row["indicator_code"], row["region"], row["mountain"] == "yes", year)
        if key in existing:
            continue
        new_thresholds.append(Threshold(
            indicator=indicators[row["indicator_code"]], region=row["region"], mountain=key[2], year=year,
            value=Decimal(row["value"]), source=row["source"], verified=row["verified"] == "yes",
        ))
    Threshold.objects.bulk_create(new_thresholds)
    created["thresholds"] = len(new_thresholds)

    district_set, _ = CriteriaSet.objects.get_or_create(
        code=DISTRICT_SET,
        defaults={
            "name": "Bộ tiêu chí quốc gia về huyện nông thôn mới giai đoạn 2021–2025",
            "scope": CriteriaSet.Scope.DISTRICT, "level": Level.NTM,
            "legal_basis": "Quyết định 320/QĐ-TTg ngày 08/3/2022", "period_start": 2021, "period_end": 2025,
        },
    )
    known = set(district_set.criteria.values_list("number", flat=True))
    for row in _read("criteria-district-ntm-2021-2025.csv"):
        if int(row["criterion_no"]) in known:
            continue
        Criterion.objects.create(
            criteria_set=district_set, number=int(row["criterion_no"]), name=row["criterion_vi"],
            name_en=row["criterion_en"], source=row["source"], wording_verified=row["wording_verified"] == "yes",
        )
        created["criteria"] += 1
    shipped = shipped_sets_load()
    created = {kind: count + shipped[kind] for kind, count in created.items()}
    request_memo_clear()  # the years the sets cover may have grown
    return created


def shipped_sets_load() -> dict[str, int]:
    """Load each set of `data/sets/` (the catalogue file layout) that is not stored yet: the
    advanced (318) and model (319) commune sets and the province conditions (321) of 2021–2025,
    the commune set (51/2025, Annex I), the modern-NTM pilot (Annex II) and the province conditions
    (Annex III) of 2026–2030. A stored set is left as it is: the office may have loaded the official
    annex over it. Returns how many rows were created, by kind."""
    created = {"criteria": 0, "indicators": 0, "thresholds": 0}
    stored = set(CriteriaSet.objects.values_list("code", flat=True))
    for path in sorted((DATA_DIR / "sets").glob("*.csv")):
        if path.stem in stored:
            continue
        with open(path, "rb") as handle:
            sets = criteria_read(handle, path.name)
        criteria_load(sets=sets, user=None)
        for spec in sets:
            created["criteria"] += len(spec.criteria)
            created["indicators"] += len(spec.indicators)
            created["thresholds"] += len(spec.thresholds)
    return created
