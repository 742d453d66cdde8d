"""Import of administrative units from the GSO export layout (.csv or .xlsx).

The whole file is read and checked before anything is written: a malformed file is refused with
one message per bad row and the database is left untouched. Units are matched by GSO code, so a
second run of the same file changes nothing.
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from territory.models import Commune, District, Province, Region
from territory.services import rows_update

COLUMNS = {
    "province_name": "Tỉnh Thành Phố",
    "province_code": "Mã TP",
    "district_name": "Quận Huyện",
    "district_code": "Mã QH",
    "commune_name": "Phường Xã",
    "commune_code": "Mã PX",
    "level": "Cấp",
}
DISTRICT_COLUMNS = {"district_name", "district_code"}
DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_LIST = DATA_DIR / "gso-divisions-2023.csv"
MAX_ERRORS = 50  # a wholly wrong file would otherwise answer with thousands of lines

PROVINCE_PREFIXES = [("Thành phố ", Province.Kind.CITY), ("Tỉnh ", Province.Kind.PROVINCE)]
DISTRICT_PREFIXES = [
    ("Thành phố ", District.Kind.CITY),
    ("Thị xã ", District.Kind.TOWN),
    ("Huyện ", District.Kind.RURAL),
    ("Quận ", District.Kind.URBAN),
]
COMMUNE_LEVELS = {
    "Xã": Commune.Kind.COMMUNE,
    "Phường": Commune.Kind.WARD,
    "Thị trấn": Commune.Kind.TOWNSHIP,
}


class UnitImportError(Exception):
    """The file cannot be imported; `errors` holds one message per problem, naming the row."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class UnitImportReport:
    """Counts per unit type: {"province": n, "district": n, "commune": n}."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def read_rows(path: Path) -> list[dict]:
    """Read a GSO export (.csv or .xlsx) into dicts keyed by the GSO column headers.

    Each dict also carries "_row", the row number a person sees in a spreadsheet (header = 1).
    The NSO 2025 layout (no district columns) is read too: its district cells are empty.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnitImportError([_("The file is not UTF-8 encoded text.")]) from None
        table = list(csv.reader(io.StringIO(text)))
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise UnitImportError([_("The file is not a readable .xlsx workbook.")]) from None
        sheet = workbook.worksheets[0]
        table = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        raise UnitImportError([_("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix or "?"}])
    return rows_from_table(list(enumerate(table, start=1)))


def rows_from_table(table: list[tuple[int, list]]) -> list[dict]:
    """The rows of a unit list already read as (row number, cells), the header first — from a
    file (`read_rows`) or from an upload (`ntm_tracker.uploads.read_table`): dicts keyed by the GSO
    column headers with "_row", either layout."""
    if not table:
        raise UnitImportError([_("The file is empty.")])
    header = [str(cell if cell is not None else "").strip() for cell in table[0][1]]
    # The NSO 2025 layout has no district columns (communes stand under their province).
    missing = [name for key, name in COLUMNS.items() if name not in header and key not in DISTRICT_COLUMNS]
    if missing:
        raise UnitImportError([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    index = {name: header.index(name) for name in COLUMNS.values() if name in header}
    rows = []
    for number, cells in table[1:]:
        if not any(str(cell if cell is not None else "").strip() for cell in cells):
            continue
        row = {name: unicodedata.normalize("NFC", _cell(cells, index[name])) if name in index else ""
               for name in COLUMNS.values()}
        row["_row"] = number
        rows.append(row)
    return rows


def _cell(cells: list, position: int) -> str:
    if position >= len(cells) or cells[position] is None:
        return ""
    value = cells[position]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code(raw: str, width: int) -> str | None:
    """A GSO code of `width` digits; spreadsheets drop leading zeros, so short numbers are padded."""
    if not re.fullmatch(r"\d{1,%d}" % width, raw):
        return None
    return raw.zfill(width)


def _split_prefix(full_name: str, prefixes):
    """("Huyện Can Lộc") -> (RURAL, "Can Lộc"); the GSO export is not consistent in capitals."""
    lowered = full_name.lower()
    for prefix, kind in prefixes:
        if lowered.startswith(prefix.lower()) and len(full_name) > len(prefix):
            return kind, full_name[len(prefix):].strip()
    return None, None


def _parse(rows: list[dict], province: str | None) -> tuple[dict, dict, dict, list[str]]:
    """Check every row; return the provinces, districts and communes it describes, keyed by code."""
    c = COLUMNS
    provinces: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    communes: dict[str, dict] = {}
    errors: list[str] = []
    for row in rows:
        n = row["_row"]
        row_errors = []
        p_code = _code(row[c["province_code"]], 2)
        d_code = _code(row[c["district_code"]], 3) if row[c["district_code"]] else ""
        x_code = _code(row[c["commune_code"]], 5)
        if p_code is None:
            row_errors.append(_("Row %(row)d: province code %(code)r is not a 2-digit GSO code.")
                              % {"row": n, "code": row[c["province_code"]]})
        if province and p_code != province:
            continue
        if d_code is None:
            row_errors.append(_("Row %(row)d: district code %(code)r is not a 3-digit GSO code.")
                              % {"row": n, "code": row[c["district_code"]]})
        elif d_code == "" or not row[c["district_name"]]:
            row_errors.append(_("Row %(row)d: commune %(name)s is under an unknown district (no district code or name).")
                              % {"row": n, "name": row[c["commune_name"]] or row[c["commune_code"]]})
        # A district with no commune-level units (island districts such as Bạch Long Vĩ) comes as
        # a row whose three commune columns are empty.
        district_only = not (row[c["commune_code"]] or row[c["commune_name"]] or row[c["level"]])
        if x_code is None and not district_only:
            row_errors.append(_("Row %(row)d: commune code %(code)r is not a 5-digit GSO code.")
                              % {"row": n, "code": row[c["commune_code"]]})
        p_kind, p_name = _split_prefix(row[c["province_name"]], PROVINCE_PREFIXES)
        if p_kind is None:
            row_errors.append(_("Row %(row)d: province name %(name)r must start with “Tỉnh” or “Thành phố”.")
                              % {"row": n, "name": row[c["province_name"]]})
        d_kind, d_name = _split_prefix(row[c["district_name"]], DISTRICT_PREFIXES)
        if d_code and d_kind is None and row[c["district_name"]]:
            row_errors.append(_("Row %(row)d: district name %(name)r must start with “Huyện”, “Quận”, “Thị xã” or “Thành phố”.")
                              % {"row": n, "name": row[c["district_name"]]})
        x_kind = COMMUNE_LEVELS.get(row[c["level"]])
        if x_kind is None and not district_only:
            row_errors.append(_("Row %(row)d: level %(level)r must be “Xã”, “Phường” or “Thị trấn”.")
                              % {"row": n, "level": row[c["level"]]})
        x_name = row[c["commune_name"]]
        if x_kind and x_name.lower().startswith(row[c["level"]].lower() + " "):
            x_name = x_name[len(row[c["level"]]) + 1:].strip()
        if not x_name and not district_only:
            row_errors.append(_("Row %(row)d: the commune has no name.") % {"row": n})
        if row_errors:
            errors.extend(row_errors)
            continue

        seen = provinces.setdefault(p_code, {"name": p_name, "kind": p_kind, "row": n})
        if (seen["name"], seen["kind"]) != (p_name, p_kind):
            errors.append(_("Row %(row)d: province %(code)s is named differently than on row %(first)d.")
                          % {"row": n, "code": p_code, "first": seen["row"]})
        seen = districts.setdefault(d_code, {"name": d_name, "kind": d_kind, "province": p_code, "row": n})
        if (seen["name"], seen["kind"], seen["province"]) != (d_name, d_kind, p_code):
            errors.append(_("Row %(row)d: district %(code)s does not match row %(first)d (name or province differs).")
                          % {"row": n, "code": d_code, "first": seen["row"]})
        if district_only:
            continue
        if x_code in communes:
            errors.append(_("Row %(row)d: commune code %(code)s already appears on row %(first)d.")
                          % {"row": n, "code": x_code, "first": communes[x_code]["row"]})
            continue
        communes[x_code] = {"name": x_name, "kind": x_kind, "district": d_code, "province": p_code, "row": n}
    return provinces, districts, communes, errors


def _regions() -> dict[str, str]:
    with open(DATA_DIR / "province_regions.csv", encoding="utf-8") as handle:
        return {row["province_code"]: row["region"] for row in csv.DictReader(handle)}


@transaction.atomic
def units_import(*, rows: list[dict], province: str | None = None, dry_run: bool = False) -> UnitImportReport:
    """Create or update provinces, districts and communes from GSO rows, matched by GSO code.

    `province` limits the import to one province code. Raises UnitImportError (writing nothing)
    when any row is malformed. With `dry_run` the changes are counted and rolled back.
    """
    if province is not None and not re.fullmatch(r"\d{2}", province):
        raise UnitImportError([_("Province code %(code)r is not a 2-digit GSO code.") % {"code": province}])
    provinces, districts, communes, errors = _parse(rows, province)
    if not errors and not districts:
        errors.append(_("The file has no units to import.") if province is None
                      else _("The file has no units of province %(code)s.") % {"code": province})
    existing_districts = {d.code: d for d in District.objects.select_related("province").filter(code__in=districts)}
    for code, data in districts.items():
        current = existing_districts.get(code)
        if current and current.province.code != data["province"]:
            errors.append(_("Row %(row)d: district %(code)s belongs to province %(other)s in the database, not %(province)s.")
                          % {"row": data["row"], "code": code, "other": current.province.code, "province": data["province"]})
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [
                _("… and %(count)d more problems.") % {"count": len(errors) - MAX_ERRORS}]
        raise UnitImportError(errors)

    report = UnitImportReport(dry_run=dry_run)
    regions = _regions()
    province_objs = _upsert(
        Province, provinces, report, "province",
        lambda code, d: {"name": d["name"], "kind": d["kind"]},
        lambda code: {"region": regions.get(code, Region.NORTH_CENTRAL)},
    )
    district_objs = _upsert(
        District, districts, report, "district",
        lambda code, d: {"name": d["name"], "kind": d["kind"], "province_id": province_objs[d["province"]].pk},
    )
    _upsert(
        Commune, communes, report, "commune",
        lambda code, d: {"name": d["name"], "kind": d["kind"], "district_id": district_objs[d["district"]].pk,
                         "province_id": province_objs[d["province"]].pk},
    )
    if dry_run:
        transaction.set_rollback(True)
    return report


def _upsert(model, wanted: dict, report: UnitImportReport, label: str, fields_for, defaults_for=lambda code: {}):
    """Bring `model` rows in line with `wanted` in bulk; return every object by code."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=wanted)}
    to_create, to_update, changed_fields = [], [], set()
    for code, data in wanted.items():
        values = fields_for(code, data)
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values, **defaults_for(code)))
            continue
        differing = {name for name, value in values.items() if getattr(obj, name) != value}
        if differing:
            for name in differing:
                setattr(obj, name, values[name])
            changed_fields |= differing
            to_update.append(obj)
        else:
            report.unchanged[label] += 1
    created = model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        rows_update(model, to_update, sorted(changed_fields))
    report.created[label] += len(to_create)
    report.updated[label] += len(to_update)
    if any(obj.pk is None for obj in created):
        # Backends that do not return primary keys from a bulk insert: read them back.
        return {obj.code: obj for obj in model.objects.filter(code__in=wanted)}
    existing.update({obj.code: obj for obj in created})
    return existing
