"""The import that knows what changed: a list of units in force from a date, compared with the
units of the database.

Units missing from the list close the day before the date, new units open on it, renames,
changes of kind and moves start a new period (`territory.services.unit_change`), and the lineage
(old code → new code, partial or not) comes from a file or, for the national list of 1 July 2025,
from the package's conversion table. Everything is checked before anything is written; a problem
is a message naming its row, and nothing is written.
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from territory.imports import (
    COLUMNS, DISTRICT_PREFIXES, MAX_ERRORS, PROVINCE_PREFIXES, UnitImportError, _code, _regions, _split_prefix,
)
from territory.models import Commune, CommuneLineage, District, Province, ProvinceLineage, Region
from territory.reference import REFORM_DATE, conversion_lineage, known_province_codes
from territory.services import TerritoryChangeRefused, communes_change, unit_change, unit_close, units_close

# Checks the apps above register (their AppConfig.ready) before communes close: each takes the
# communes that would close and the date, and answers messages (empty: no objection). The
# territory knows nothing of assessments; `communes` refuses closing a commune assessed later.
CLOSE_GUARDS: list = []

LEVELS = {"xã": Commune.Kind.COMMUNE, "phường": Commune.Kind.WARD, "thị trấn": Commune.Kind.TOWNSHIP,
          "đặc khu": Commune.Kind.SPECIAL_ZONE}


@dataclass
class ReorganisationReport:
    """What the list changed, by GSO code: merged maps each new unit to its predecessors, split
    each former unit to its successors."""

    created: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)
    split: dict[str, list[str]] = field(default_factory=dict)
    districts_created: list[str] = field(default_factory=list)
    districts_closed: list[str] = field(default_factory=list)
    provinces_closed: dict[str, list[str]] = field(default_factory=dict)  # closed province -> successors
    dry_run: bool = False
    # A list with an error raises UnitImportError: a report is made only for lists that are right
    # (what an import page asks of every report, ntm_tracker/import_flow.py).
    ok = True


def read_lineage(path: Path) -> list[tuple[int, str, str, bool]]:
    """A lineage file: CSV (UTF-8) with columns old code, new code, partial (yes/no; có/không)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitImportError([_("The lineage file is not UTF-8 encoded text.")]) from None
    return lineage_from_table(list(enumerate(csv.reader(io.StringIO(text)), start=1)))


def _text(cell) -> str:
    """A cell as text: a spreadsheet's 18133.0 reads "18133", an empty cell ""."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def lineage_from_table(table: list[tuple[int, list]]) -> list[tuple[int, str, str, bool]]:
    """A lineage table already read as (row number, cells), the header first (from a file or an
    upload): (row, old code, new code, partial)."""
    links, errors = [], []
    for number, cells in table[1:]:
        cells = [_text(cell) for cell in cells]
        if not any(cells):
            continue
        cells += ["", "", ""]
        old, new = _code(cells[0], 5), _code(cells[1], 5)
        partial = cells[2].lower()
        if old is None or new is None or partial not in ("", "yes", "no", "có", "không", "true", "false", "1", "0"):
            errors.append(_("Lineage row %(row)d: expected an old code, a new code (5 digits) and partial yes/no.")
                          % {"row": number})
            continue
        links.append((number, old, new, partial in ("yes", "có", "true", "1")))
    if errors:
        raise UnitImportError(errors[:MAX_ERRORS])
    return links


def _parse(rows: list[dict], province: str | None) -> tuple[dict, dict, dict, bool, list[str]]:
    """(provinces, districts, communes, has_districts, errors) keyed by code, either layout."""
    c = COLUMNS
    provinces, districts, communes, errors = {}, {}, {}, []
    rows = [{c["district_name"]: "", c["district_code"]: "", **row} for row in rows]
    has_districts = any(row[c["district_code"]] for row in rows)
    for row in rows:
        n = row["_row"]
        p_code = _code(row[c["province_code"]], 2)
        if p_code is None:
            errors.append(_("Row %(row)d: province code %(code)r is not a 2-digit GSO code.")
                          % {"row": n, "code": row[c["province_code"]]})
            continue
        if province and p_code != province:
            continue
        p_kind, p_name = _split_prefix(row[c["province_name"]], PROVINCE_PREFIXES)
        if p_kind is None:
            p_kind, p_name = Province.Kind.PROVINCE, row[c["province_name"]]
        provinces.setdefault(p_code, {"name": p_name, "kind": p_kind, "row": n})
        level = row[c["level"]].strip().lower()
        kind = LEVELS.get(level)
        x_code = _code(row[c["commune_code"]], 5)
        name = row[c["commune_name"]]
        if name.lower().startswith(level + " "):
            name = name[len(level) + 1:].strip()
        d_code = ""
        if has_districts:
            d_code = _code(row[c["district_code"]], 3)
            d_kind, d_name = _split_prefix(row[c["district_name"]], DISTRICT_PREFIXES)
            if d_code is None or d_kind is None:
                errors.append(_("Row %(row)d: district %(code)r %(name)r is not a district code with its name.")
                              % {"row": n, "code": row[c["district_code"]], "name": row[c["district_name"]]})
                continue
            districts.setdefault(d_code, {"name": d_name, "kind": d_kind, "province": p_code, "row": n})
        if kind is None:
            errors.append(_("Row %(row)d: level %(level)r must be “Xã”, “Phường”, “Thị trấn” or “Đặc khu”.")
                          % {"row": n, "level": row[c["level"]]})
        elif x_code is None or not name:
            errors.append(_("Row %(row)d: commune code %(code)r is not a 5-digit GSO code with a name.")
                          % {"row": n, "code": row[c["commune_code"]]})
        elif x_code in communes:
            errors.append(_("Row %(row)d: commune code %(code)s already appears on row %(first)d.")
                          % {"row": n, "code": x_code, "first": communes[x_code]["row"]})
        else:
            communes[x_code] = {"name": name, "kind": kind, "district": d_code or None, "province": p_code, "row": n}
    return provinces, districts, communes, has_districts, errors


def _known_province_codes() -> set[str]:
    return set(Province.objects.values_list("code", flat=True)) | known_province_codes()


@transaction.atomic
def units_reorganise(*, rows: list[dict], effective: datetime.date, province: str | None = None,
                     lineage: list[tuple[int, str, str, bool]] | None = None, resolution: str = "",
                     dry_run: bool = False, whole_country: bool = False) -> ReorganisationReport:
    """Bring the units of the list's provinces (or of `province`) to the list, in force from
    `effective`. `lineage`: (row, old code, new code, partial). Raises UnitImportError (nothing
    written) on any problem.

    `whole_country`: the list is the whole country (the 34 provinces of 1 July 2025): every open
    province is in scope, so a province missing from the list closes the day before with its
    communes and districts, and its lineage to the provinces its communes went to is recorded
    (`ProvinceLineage`, partial when they went to more than one)."""
    if province is not None and not re.fullmatch(r"\d{2}", province):
        raise UnitImportError([_("Province code %(code)r is not a 2-digit GSO code.") % {"code": province}])
    if whole_country and province is not None:
        raise UnitImportError([_("A list of the whole country cannot be limited to one province.")])
    provinces, districts, communes, has_districts, errors = _parse(rows, province)
    if not errors and not communes:
        errors.append(_("The file has no units to import."))
    known = _known_province_codes()
    for code, data in provinces.items():
        if code not in known:
            errors.append(_("Row %(row)d: unknown province %(code)s.") % {"row": data["row"], "code": code})
    scope = list(provinces)
    closing_provinces = []
    if whole_country:
        closing_provinces = list(Province.objects.filter(valid_to__isnull=True).exclude(code__in=scope))
        scope += [p.code for p in closing_provinces]
    open_communes = {c.code: c for c in Commune.objects.filter(province__code__in=scope, valid_to__isnull=True)}
    listed = {c.code: c for c in Commune.objects.filter(code__in=communes)}
    closing = [c for code, c in open_communes.items() if code not in communes]
    for guard in CLOSE_GUARDS:
        errors.extend(guard(closing, effective))
    links = lineage or []
    all_codes = set(communes) | set(listed) | set(open_communes) | set(
        Commune.objects.filter(code__in={old for _r, old, _n, _p in links}).values_list("code", flat=True))
    graph = defaultdict(set)
    for number, old, new, partial in links:
        if old not in all_codes or new not in all_codes:
            errors.append(_("Lineage row %(row)d: %(code)s is in neither the list nor the database.")
                          % {"row": number, "code": old if old not in all_codes else new})
        elif old != new and not partial:
            # Whole links only: two units that each gave part of their area to the other (the
            # national conversion table has such pairs) are an exchange, not a cycle.
            graph[old].add(new)
    if _has_cycle(graph):
        errors.append(_("The lineage has a cycle: a unit cannot become its own predecessor."))
    if errors:
        raise UnitImportError(errors[:MAX_ERRORS] + ([_("… and %(count)d more problems.") % {
            "count": len(errors) - MAX_ERRORS}] if len(errors) > MAX_ERRORS else []))

    try:
        report = _apply(provinces, districts, communes, has_districts, scope, listed, closing, links,
                        effective=effective, resolution=resolution)
        _provinces_close(closing_provinces, open_communes, communes, links, effective, resolution, report)
    except TerritoryChangeRefused as refused:
        raise UnitImportError([str(refused)]) from None
    report.dry_run = dry_run
    if dry_run:
        transaction.set_rollback(True)
    return report


def _apply(provinces, districts, communes, has_districts, scope, listed, closing, links, *, effective,
           resolution) -> ReorganisationReport:
    report = ReorganisationReport()
    regions = _regions()
    province_objs = {p.code: p for p in Province.objects.filter(code__in=scope)}
    for code, data in provinces.items():
        if code not in province_objs:
            province_objs[code] = Province.objects.create(code=code, name=data["name"], kind=data["kind"],
                                                          region=regions.get(code, Region.NORTH_CENTRAL),
                                                          valid_from=effective)
        else:  # a rename or a change of kind (Thừa Thiên Huế → Thành phố Huế) starts a new period
            unit_change(province_objs[code], on=effective, name=data["name"], kind=data["kind"])
    district_objs = {d.code: d for d in District.objects.filter(code__in=districts)}
    for code, data in districts.items():
        district = district_objs.get(code)
        if district is None:
            district_objs[code] = District.objects.create(code=code, name=data["name"], kind=data["kind"],
                                                          province=province_objs[data["province"]], valid_from=effective)
            report.districts_created.append(code)
        else:
            unit_change(district, on=effective, name=data["name"], kind=data["kind"],
                        province=province_objs[data["province"]])
    # Thousands of units in a national list: the communes close, open and change in batches.
    units_close(closing, on=effective)
    report.closed.extend(commune.code for commune in closing)
    created, changes = [], []
    for code, data in communes.items():
        district = district_objs[data["district"]] if data["district"] else None
        current = listed.get(code)
        if current is None:
            created.append(Commune(code=code, name=data["name"], kind=data["kind"], district=district,
                                   province=province_objs[data["province"]], valid_from=effective))
            report.created.append(code)
            continue
        renamed = (current.name, current.kind) != (data["name"], data["kind"])
        moved = (current.district_id, current.province_id) != (district.pk if district else None,
                                                               province_objs[data["province"]].pk)
        if renamed or moved:
            changes.append((current, {"name": data["name"], "kind": data["kind"],
                                      "district_id": district.pk if district else None,
                                      "province_id": province_objs[data["province"]].pk}))
            if renamed:
                report.renamed.append(code)
            if moved:
                report.moved.append(code)
    Commune.objects.bulk_create(created, batch_size=1000)
    communes_change(changes, on=effective)
    # Districts with no commune left close with the list (all of them in the NSO 2025 layout).
    open_districts = District.objects.filter(province__code__in=scope, valid_to__isnull=True).exclude(
        code__in=districts if has_districts else [])
    if has_districts:
        open_districts = open_districts.exclude(
            Exists(Commune.objects.filter(district=OuterRef("pk"), valid_to__isnull=True)))
    ending = list(open_districts)
    units_close(ending, on=effective)
    report.districts_closed.extend(district.code for district in ending)
    _lineage_save(links, effective, resolution, report)
    return report


def _provinces_close(closing: list[Province], open_communes: dict, communes: dict, links, effective, resolution,
                     report: ReorganisationReport) -> None:
    """Close the provinces missing from a whole-country list, and link each to the provinces its
    communes went to (from the commune lineage)."""
    if not closing:
        return
    code_of = {p.pk: p.code for p in closing}
    successors = defaultdict(set)
    for _row, old, new, _partial in links:
        commune = open_communes.get(old)
        if commune is not None and commune.province_id in code_of and new in communes:
            successors[code_of[commune.province_id]].add(communes[new]["province"])
    by_code = {p.code: p for p in Province.objects.filter(code__in={c for s in successors.values() for c in s})}
    new_links = []
    for province in closing:
        unit_close(province, on=effective)
        targets = sorted(successors.get(province.code, ()))
        report.provinces_closed[province.code] = targets
        new_links += [ProvinceLineage(predecessor=province, successor=by_code[code], effective_on=effective,
                                      resolution=resolution, partial=len(targets) > 1) for code in targets]
    ProvinceLineage.objects.bulk_create(new_links, ignore_conflicts=True)


def _lineage_save(links, effective, resolution, report: ReorganisationReport) -> None:
    by_code = {c.code: c for c in Commune.objects.filter(
        code__in={code for _r, old, new, _p in links for code in (old, new)})}
    successors, predecessors = defaultdict(list), defaultdict(list)
    new_links = []
    for _row, old, new, partial in links:
        successors[old].append(new)
        predecessors[new].append(old)
        if old != new:
            new_links.append(CommuneLineage(predecessor=by_code[old], successor=by_code[new], effective_on=effective,
                                            resolution=resolution, partial=partial))
    CommuneLineage.objects.bulk_create(new_links, ignore_conflicts=True, batch_size=2000)
    report.merged = {new: sorted(olds) for new, olds in predecessors.items() if len(olds) > 1}
    report.split = {old: sorted(news) for old, news in successors.items() if len(news) > 1}


def default_lineage(rows: list[dict], effective: datetime.date, province: str | None) -> tuple[list, list]:
    """Without a lineage file: the package's official conversion table for the national list of
    1 July 2025 (its links to codes in neither list left out: `known_links`), else none.
    (links, left out)."""
    if effective != REFORM_DATE:
        return [], []
    return known_links([(0, old, new, partial) for old, new, partial in conversion_lineage(province)], rows)


def known_links(links: list[tuple[int, str, str, bool]], rows: list[dict]) -> tuple[list, list]:
    """(kept, left out): the links whose two codes are in the list `rows` or the database. For the
    package's conversion table only, which names a few codes of neither list (e.g. 03983, 03984);
    a lineage file with such a code is refused instead. One query."""
    listed = {_code(str(row.get(COLUMNS["commune_code"], "")).strip(), 5) for row in rows} - {None}
    stored = set(Commune.objects.filter(code__in={code for _r, old, new, _p in links for code in (old, new)} - listed)
                 .values_list("code", flat=True))
    known = listed | stored
    kept = [link for link in links if link[1] in known and link[2] in known]
    return kept, [link for link in links if link[1] not in known or link[2] not in known]


def _has_cycle(graph: dict[str, set[str]]) -> bool:
    state = {}

    def visit(node) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))
