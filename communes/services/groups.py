"""Writing commune group assignments (Decision 51/2025/QĐ-TTg): one by province staff in the
browser, or many from a sheet (the one import behind `manage.py import_commune_groups` and the
province's upload page). A new assignment ends the open one before it; the assessments of
the years it covers are recomputed against the group's thresholds in the same transaction."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.catalogue import catalogue_years
from communes.groups import groups_for
from communes.models import CommuneGroupAssignment, Threshold
from communes.services.criteria_loading import met_recompute
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.uploads import MIB, Bounds, UploadRefused, read_table
from territory.models import Commune, Province

IMPORT_COLUMNS = ["commune_code", "group", "valid_from", "valid_to", "basis", "deciding_act", "decided_on", "note"]


@transaction.atomic
def group_assign(*, commune: Commune, group: int, valid_from: int, valid_to: int | None = None, basis: str,
                 deciding_act: str, decided_on=None, note: str = "", user: User | None,
                 request: HttpRequest | None = None, illustrative: bool = False) -> CommuneGroupAssignment:
    """Record that `commune` is in `group` from `valid_from` (to `valid_to`); the assignment in force
    before ends the year before. Recomputes the commune's assessments of those years; audited.
    Raises ValidationError (Vietnamese) for an impossible period."""
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("The last year is before the first year."))
    earlier = CommuneGroupAssignment.objects.filter(commune=commune, valid_from__lt=valid_from).filter(
        valid_to__isnull=True).first()
    if earlier is not None:
        earlier.valid_to = valid_from - 1
        earlier.save(update_fields=["valid_to", "updated_at"])
    assignment = CommuneGroupAssignment(
        commune=commune, group=group, valid_from=valid_from, valid_to=valid_to, basis=basis,
        deciding_act=deciding_act, decided_on=decided_on, note=note, updated_by=user, illustrative=illustrative)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError(_("The commune already has a group assignment from %(year)d.")
                              % {"year": valid_from}) from None
    audit_record(action=AuditEvent.Action.CREATED, actor=user, request=request, obj=assignment,
                 unit_code=commune.code, changes={"group": [None, group], "valid_from": [None, valid_from],
                                                  "valid_to": [None, valid_to], "deciding_act": [None, deciding_act]})
    years = [y for y in catalogue_years() if y >= valid_from and (valid_to is None or y <= valid_to)]
    grouped = set(Threshold.objects.filter(commune_group__gt=0).values_list("indicator_id", flat=True))
    if years and grouped:
        met_recompute(indicator_ids=grouped, years=years, commune_ids=[commune.pk])
    return assignment


# A province's communes many times over; the header included.
GROUP_BOUNDS = Bounds(max_bytes=2 * MIB, max_rows=5001, max_columns=50)


@dataclass
class GroupImport:
    """What a sheet of group decisions holds: the rows read, every bad row named, and one change
    per good row (`row`, `commune`, `group`, `valid_from`, `valid_to`, `basis`, `deciding_act`,
    `before`: the group in force that year until now)."""

    rows: int = 0
    errors: list[str] = field(default_factory=list)
    created: int = 0
    changes: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _DryRun(Exception):
    """Rolls a checked import back: the preview runs the very writes the confirm makes."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _date(text: str) -> datetime.date | None:
    """An ISO date (2026-02-04) or a Vietnamese one (04/02/2026); raises ValueError."""
    if not text:
        return None
    if "/" in text:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    return datetime.date.fromisoformat(text)


def groups_import(*, data: bytes, name: str = ".csv", user: User | None, province: Province | None = None,
                  request: HttpRequest | None = None, dry_run: bool = False) -> GroupImport:
    """Assignments from a sheet (CSV or .xlsx, columns `IMPORT_COLUMNS` in any order, one decision a
    row), all or nothing, each through `group_assign`; every bad row is named. `province` limits the
    communes to one province (province staff in the browser; the command takes any). With `dry_run`
    everything is checked and written, then rolled back: the result is the preview."""
    result = GroupImport()
    try:
        table = read_table(data, name=name, bounds=GROUP_BOUNDS)
    except UploadRefused as refused:
        result.errors.append(str(refused))
        return result
    header = [_text(cell).lower() for cell in table[0][1]] if table else []
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if not table or missing:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing or IMPORT_COLUMNS)})
        return result
    index = {column: header.index(column) for column in IMPORT_COLUMNS}
    rows = [(number, {column: _text(values[i]) for column, i in index.items()}) for number, values in table[1:]]
    communes = {c.code: c for c in Commune.objects.filter(code__in=[r["commune_code"] for _n, r in rows])
                .select_related("district", "province")}
    bases = set(CommuneGroupAssignment.Basis.values)
    checked = []
    for number, row in rows:
        result.rows += 1
        where = _("Row %(row)d: ") % {"row": number}
        commune = communes.get(row["commune_code"])
        try:
            group, valid_from = int(row["group"]), int(row["valid_from"])
            valid_to = int(row["valid_to"]) if row["valid_to"] else None
        except ValueError:
            result.errors.append(where + _("group and years must be whole numbers."))
            continue
        try:
            decided_on = _date(row["decided_on"])
        except ValueError:
            result.errors.append(where + _("the decision date “%(value)s” is not a date (2026-02-04 or 04/02/2026).")
                                 % {"value": row["decided_on"]})
            continue
        if commune is None:
            result.errors.append(where + _("there is no commune with code “%(code)s”.") % {"code": row["commune_code"]})
        elif province is not None and commune.province_id != province.pk:
            result.errors.append(where + _("the commune %(code)s is not in %(province)s.")
                                 % {"code": commune.code, "province": province.full_name})
        elif group not in (1, 2, 3):
            result.errors.append(where + _("the commune group “%(value)s” is unknown (empty for every group, or 1, 2, 3).")
                                 % {"value": row["group"]})
        elif row["basis"] not in bases:
            result.errors.append(where + _("%(column)s “%(value)s” is not one of %(allowed)s.")
                                 % {"column": "basis", "value": row["basis"], "allowed": ", ".join(sorted(bases))})
        elif not row["deciding_act"]:
            result.errors.append(where + _("the column %(column)s is empty.") % {"column": "deciding_act"})
        else:
            checked.append((number, commune, group, valid_from, valid_to, decided_on, row))
    if result.errors:
        return result
    before = groups_for({commune.pk for _n, commune, *_rest in checked},
                        sorted({valid_from for _n, _c, _g, valid_from, *_rest in checked}))
    try:
        with transaction.atomic():
            for number, commune, group, valid_from, valid_to, decided_on, row in checked:
                try:
                    group_assign(commune=commune, group=group, valid_from=valid_from, valid_to=valid_to,
                                 basis=row["basis"], deciding_act=row["deciding_act"], decided_on=decided_on,
                                 note=row["note"], user=user, request=request)
                except ValidationError as error:
                    result.errors.append(_("Row %(row)d: ") % {"row": number} + " ".join(error.messages))
                    raise
                result.created += 1
                result.changes.append({
                    "row": number, "commune": commune, "group": group, "valid_from": valid_from, "valid_to": valid_to,
                    "basis": CommuneGroupAssignment.Basis(row["basis"]).label, "deciding_act": row["deciding_act"],
                    "before": before[(commune.pk, valid_from)]})
            if dry_run:
                raise _DryRun
    except ValidationError:
        result.created, result.changes = 0, []
    except _DryRun:
        result.created = 0
    return result
