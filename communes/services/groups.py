"""Writing commune group assignments (Decision 51/2025/QĐ-TTg): one by province staff in the
browser, or many from a sheet. A new assignment ends the open one before it; the assessments of
the years it covers are recomputed against the group's thresholds in the same transaction."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.catalogue import catalogue_years
from communes.models import CommuneGroupAssignment, Threshold
from territory.models import Commune
from communes.services.criteria_loading import met_recompute
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User

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


@dataclass
class GroupImport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    created: int = 0


def groups_import(*, data: bytes, user: User | None, dry_run: bool = False) -> GroupImport:
    """Assignments from a CSV in `IMPORT_COLUMNS` (one per row), all or nothing; every bad row is
    named. With `dry_run` nothing is written."""
    result = GroupImport()
    try:
        reader = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except UnicodeDecodeError:
        result.errors.append(_("The file is not a readable CSV or .xlsx file."))
        return result
    missing = [c for c in IMPORT_COLUMNS if reader and c not in reader[0]]
    if not reader or missing:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing or IMPORT_COLUMNS)})
        return result
    communes = {c.code: c for c in Commune.objects.filter(code__in=[r["commune_code"].strip() for r in reader])
                .select_related("district", "province")}
    bases = set(CommuneGroupAssignment.Basis.values)
    checked = []
    for number, row in enumerate(reader, start=2):
        result.rows += 1
        where = _("Row %(row)d: ") % {"row": number}
        commune = communes.get(row["commune_code"].strip())
        try:
            group, valid_from = int(row["group"]), int(row["valid_from"])
            valid_to = int(row["valid_to"]) if row["valid_to"].strip() else None
        except ValueError:
            result.errors.append(where + _("group and years must be whole numbers."))
            continue
        if commune is None:
            result.errors.append(where + _("there is no commune with code “%(code)s”.") % {"code": row["commune_code"]})
        elif group not in (1, 2, 3):
            result.errors.append(where + _("the commune group “%(value)s” is unknown (empty for every group, or 1, 2, 3).")
                                 % {"value": row["group"]})
        elif row["basis"].strip() not in bases:
            result.errors.append(where + _("%(column)s “%(value)s” is not one of %(allowed)s.")
                                 % {"column": "basis", "value": row["basis"], "allowed": ", ".join(sorted(bases))})
        elif not row["deciding_act"].strip():
            result.errors.append(where + _("the column %(column)s is empty.") % {"column": "deciding_act"})
        else:
            checked.append((number, commune, group, valid_from, valid_to, row))
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            for number, commune, group, valid_from, valid_to, row in checked:
                try:
                    group_assign(commune=commune, group=group, valid_from=valid_from, valid_to=valid_to,
                                 basis=row["basis"].strip(), deciding_act=row["deciding_act"].strip(),
                                 decided_on=row["decided_on"].strip() or None, note=row["note"].strip(), user=user)
                except ValidationError as error:
                    result.errors.append(_("Row %(row)d: ") % {"row": number} + " ".join(error.messages))
                    raise
                result.created += 1
    except ValidationError:
        result.created = 0
    return result
