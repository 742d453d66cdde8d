"""Reads for the territory pages: plain data, a fixed number of queries whatever the size."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from communes.models import LEVEL_RANK, Commune, District, Level, Province, Recognition


@dataclass
class UnitStatus:
    """Where one unit stands: its highest level and the decision behind each level it holds."""

    level: str | None = None
    decisions: dict[str, Recognition] = field(default_factory=dict)

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else ""


def unit_statuses(recognitions, unit_attr: str, as_of_year: int | None = None) -> dict[int, UnitStatus]:
    """Fold recognition decisions into {unit id: UnitStatus}, in the order they took effect.

    `recognitions` must be ordered by standard year, then decision date. A revocation removes the
    level it names and every level above it. With `as_of_year`, later decisions are ignored.
    """
    statuses: dict[int, UnitStatus] = defaultdict(UnitStatus)
    for rec in recognitions:
        if as_of_year is not None and rec.standard_year > as_of_year:
            continue
        status = statuses[getattr(rec, unit_attr)]
        if rec.kind == Recognition.Kind.REVOKED:
            lost = LEVEL_RANK[rec.level]
            status.decisions = {lvl: r for lvl, r in status.decisions.items() if LEVEL_RANK[lvl] < lost}
        else:
            status.decisions[rec.level] = rec
        status.level = max(status.decisions, key=lambda lvl: LEVEL_RANK[lvl], default=None)
    return statuses


def _ordered(queryset):
    return queryset.order_by("standard_year", "decision_date", "id")


@dataclass
class DistrictRow:
    district: District
    communes: int
    rural_communes: int
    in_programme: int
    ntm: int = 0
    advanced: int = 0
    model: int = 0
    status: UnitStatus = field(default_factory=UnitStatus)

    @property
    def ntm_share(self) -> float:
        return 100 * self.ntm / self.in_programme if self.in_programme else 0.0


def level_counts(statuses: dict[int, UnitStatus], commune_ids) -> dict[str, int]:
    """Communes at each level or above: a model commune counts as advanced and NTM too."""
    counts = {"ntm": 0, "advanced": 0, "model": 0}
    for commune_id in commune_ids:
        rank = LEVEL_RANK[statuses[commune_id].level] if commune_id in statuses else 0
        counts["ntm"] += rank >= 1
        counts["advanced"] += rank >= 2
        counts["model"] += rank >= 3
    return counts


def province_overview(province: Province, as_of_year: int | None = None) -> dict:
    """The province page: {"rows": [DistrictRow], "totals": {...}} for every district unit.

    Three queries whatever the number of districts or communes.
    """
    districts = list(
        District.objects.filter(province=province).annotate(
            n_communes=Count("communes"),
            n_rural=Count("communes", filter=Q(communes__kind=Commune.Kind.COMMUNE)),
            n_programme=Count("communes", filter=Q(communes__kind=Commune.Kind.COMMUNE, communes__excluded=False)),
        ).order_by("code")
    )
    programme = defaultdict(list)
    for commune_id, district_id in Commune.objects.filter(
        district__province=province, kind=Commune.Kind.COMMUNE, excluded=False,
    ).values_list("id", "district_id"):
        programme[district_id].append(commune_id)
    commune_statuses = unit_statuses(
        _ordered(Recognition.objects.filter(commune__district__province=province).only(
            "commune_id", "level", "kind", "standard_year", "decision_date", "decision_number")),
        "commune_id", as_of_year,
    )
    district_statuses = unit_statuses(
        _ordered(Recognition.objects.filter(district__province=province)), "district_id", as_of_year,
    )
    rows = []
    for district in districts:
        counts = level_counts(commune_statuses, programme[district.id])
        rows.append(DistrictRow(
            district=district, communes=district.n_communes, rural_communes=district.n_rural,
            in_programme=district.n_programme, status=district_statuses.get(district.id, UnitStatus()), **counts,
        ))
    totals = {
        "communes": sum(r.communes for r in rows),
        "rural_communes": sum(r.rural_communes for r in rows),
        "in_programme": sum(r.in_programme for r in rows),
        "ntm": sum(r.ntm for r in rows),
        "advanced": sum(r.advanced for r in rows),
        "model": sum(r.model for r in rows),
        "districts_done": sum(1 for r in rows if r.status.level),
    }
    return {"rows": rows, "totals": totals}


@dataclass
class CommuneRow:
    commune: Commune
    status: UnitStatus


def district_detail(district: District, as_of_year: int | None = None) -> dict:
    """The district page: {"rows": [CommuneRow], "status": UnitStatus, "counts": {...}}.

    Three queries whatever the number of communes.
    """
    communes = list(Commune.objects.filter(district=district).order_by("kind", "name"))
    statuses = unit_statuses(
        _ordered(Recognition.objects.filter(commune__district=district)), "commune_id", as_of_year,
    )
    district_status = unit_statuses(
        _ordered(Recognition.objects.filter(district=district)), "district_id", as_of_year,
    ).get(district.id, UnitStatus())
    rows = [CommuneRow(commune=c, status=statuses.get(c.id, UnitStatus())) for c in communes]
    counts = level_counts(statuses, [c.id for c in communes if c.in_programme])
    counts["in_programme"] = sum(1 for c in communes if c.in_programme)
    return {"rows": rows, "status": district_status, "counts": counts}
