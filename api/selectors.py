"""What the read API answers: one function per resource, each returning plain JSON-ready data.

The figures come from the selectors the dashboard and the annual summary use
(`dashboards.selectors`: `province_facts`, `key_counts`, `ocop_year_summary`, `candidates`), so the
API never counts a second way. Keys are added to the summary in `summary` only.
"""

from decimal import Decimal

from communes.selectors import criteria_sets_summary
from communes.unit_records import dossiers_pending
from dashboards.selectors import candidates, key_counts, ocop_year_summary, province_facts
from funding.selectors import funding_total
from territory.models import Province
from territory.selectors import provinces_as_of, year_end

# The keys summed over the provinces for the national summary (all but "province" and "year").
SUMMED = ("units", "levels", "new_in_year", "ocop", "candidates", "funding", "dossiers_pending")
FUNDING_UNIT = "million VND"


def _number(amount: Decimal) -> int | float:
    """A JSON number: whole amounts as integers (95539, not 95539.00)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def summary(province: Province, year: int) -> dict:
    """A province's figures as they stood at the end of `year`.

    {"province": code, "year", "units": {"districts", "communes", "in_programme"},
     "levels": {"ntm", "advanced", "model"} (cumulative: a model commune is also advanced and NTM),
     "new_in_year": {"ntm", "advanced", "model"} (recognised with that standard year),
     "ocop": {"products_in_force", "new", "nominated_higher" (nominations for a higher star level made in the year)}, "candidates": {"advanced", "model"} (see
     `dashboards.selectors.candidates`; 0 where the year has no such level),
     "funding": {"total", "unit": "million VND"} (mobilised in the year: `funding.selectors`),
     "dossiers_pending": {kind: n} (recognition dossiers of communes, districts or the province
     still pending on 31 December; only the kinds that have some)}.
    A fixed number of queries (about a dozen) whatever the size of the province."""
    facts = province_facts(province, year=year)
    counts = key_counts(facts, year)
    ocop = ocop_year_summary(province, year)
    near = candidates(facts, year)
    return {
        "province": province.code,
        "year": year,
        "units": {"districts": counts["districts"], "communes": len(facts.communes),
                  "in_programme": counts["in_programme"]},
        "levels": {"ntm": counts["ntm"], "advanced": counts["advanced"], "model": counts["model"]},
        "new_in_year": {"ntm": counts["new_ntm"], "advanced": counts["new_advanced"], "model": counts["new_model"]},
        "ocop": {"products_in_force": ocop["in_force_total"], "new": ocop["new_total"],
                 "nominated_higher": ocop["nominated_total"]},
        "candidates": {level: len(near.get(level, [])) for level in ("advanced", "model")},
        "funding": {"total": _number(funding_total(province, year)), "unit": FUNDING_UNIT},
        "dossiers_pending": {kind: n for kind, n in dossiers_pending(province, year).items() if n},
    }


def national_summary(year: int) -> dict:
    """The same figures summed over the provinces that existed at the end of `year`, with their
    number ("provinces") and "province": None. The queries of `summary` once per province."""
    provinces = provinces_as_of(year_end(year))
    total = {"province": None, "year": year, "provinces": len(provinces)}
    for province in provinces:
        one = summary(province, year)
        for key in SUMMED:
            part = total.setdefault(key, {})
            for name, value in one[key].items():
                part[name] = value if isinstance(value, str) else part.get(name, 0) + value
    if not provinces:
        total.update(summary_zero())
    return total


def summary_zero() -> dict:
    return {
        "units": {"districts": 0, "communes": 0, "in_programme": 0},
        "levels": {"ntm": 0, "advanced": 0, "model": 0},
        "new_in_year": {"ntm": 0, "advanced": 0, "model": 0},
        "ocop": {"products_in_force": 0, "new": 0, "nominated_higher": 0},
        "candidates": {"advanced": 0, "model": 0},
        "funding": {"total": 0, "unit": FUNDING_UNIT},
        "dossiers_pending": {},
    }


def criteria_sets() -> list[dict]:
    """Every criteria set with its counts (`communes.selectors.criteria_sets_summary`): four queries."""
    return [
        {"code": row.criteria_set.code, "name": row.criteria_set.name, "scope": row.criteria_set.scope,
         "level": row.criteria_set.level, "period_start": row.criteria_set.period_start,
         "period_end": row.criteria_set.period_end, "criteria": row.criteria, "indicators": row.indicators,
         "verified_share": row.verified_share}
        for row in criteria_sets_summary()
    ]
