"""Reads for the territory pages: plain data, a fixed number of queries whatever the size."""

from collections import defaultdict
from dataclasses import dataclass, field

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

    Four queries (plus the province lookup) whatever the number of districts or communes.
    """
    districts = list(District.objects.filter(province=province).order_by("code"))
    units = defaultdict(list)  # district id -> [(commune id, kind, excluded)]
    for commune_id, district_id, kind, excluded in Commune.objects.filter(district__province=province).values_list(
        "id", "district_id", "kind", "excluded",
    ):
        units[district_id].append((commune_id, kind, excluded))
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
        own = units[district.id]
        programme = [cid for cid, kind, excluded in own if kind == Commune.Kind.COMMUNE and not excluded]
        rows.append(DistrictRow(
            district=district, communes=len(own),
            rural_communes=sum(1 for _, kind, _ in own if kind == Commune.Kind.COMMUNE),
            in_programme=len(programme), status=district_statuses.get(district.id, UnitStatus()),
            **level_counts(commune_statuses, programme),
        ))
    urban = [cid for own in units.values() for cid, kind, _ in own if kind != Commune.Kind.COMMUNE]
    totals = {
        "communes": sum(r.communes for r in rows),
        "rural_communes": sum(r.rural_communes for r in rows),
        "in_programme": sum(r.in_programme for r in rows),
        "ntm": sum(r.ntm for r in rows),
        "advanced": sum(r.advanced for r in rows),
        "model": sum(r.model for r in rows),
        "districts_done": sum(1 for r in rows if r.status.level),
        "urban": len(urban),
        "civilised_urban": sum(
            1 for cid in urban if Level.CIVILISED_URBAN in commune_statuses.get(cid, UnitStatus()).decisions
        ),
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
