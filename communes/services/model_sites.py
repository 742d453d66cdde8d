"""Writes of Hà Tĩnh's supplementary "criterion 20" records (model villages and model gardens): one
record from the form, or a sheet of them (checked first, staged in the core's PendingImport, applied
whole on confirmation). Every write is audited; a sheet with any bad row writes nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.models import ModelSite, ModelSiteKind
from ntm_tracker.audit import audit_record, audit_record_many, diff
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from ntm_tracker.uploads import Bounds, RowError, UploadRefused, cell_date, read_table
from territory.models import Commune, Province

FIELDS = ["kind", "commune", "name", "recognised_on", "decision", "source", "verified"]
# The sheet's columns, by header (Vietnamese, as the template page lists them).
COLUMNS = {"mã xã": "commune", "loại": "kind", "tên": "name", "ngày công nhận": "recognised_on",
           "quyết định": "decision", "nguồn": "source", "đã xác minh": "verified"}
KIND_WORDS = {"khu dân cư": ModelSiteKind.VILLAGE, "khu dân cư kiểu mẫu": ModelSiteKind.VILLAGE,
              "village": ModelSiteKind.VILLAGE, "vườn mẫu": ModelSiteKind.GARDEN, "vườn": ModelSiteKind.GARDEN,
              "garden": ModelSiteKind.GARDEN}
YES_WORDS = {"có", "x", "1", "yes", "true", "đã xác minh"}
BOUNDS = Bounds(max_rows=5001, max_columns=20)


def snapshot(site: ModelSite) -> dict:
    values = {name: getattr(site, name) for name in FIELDS if name != "commune"}
    values["commune"] = site.commune.code if site.commune_id else None
    return values


@transaction.atomic
def model_site_save(*, site: ModelSite, before: dict, expected_version: int | None = None,
                    actor: User | None = None, request: HttpRequest | None = None) -> ModelSite:
    """Create or update one record, refused (StaleEdit) when someone saved it in between."""
    created = site.pk is None
    if not created:
        expected = site.version if expected_version is None else expected_version
        if not ModelSite.objects.filter(pk=site.pk, version=expected).update(version=expected + 1):
            raise StaleEdit
        site.version = expected + 1
    site.save()
    audit_record(action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED, actor=actor,
                 request=request, obj=site, unit_code=site.commune.code,
                 changes=diff({} if created else before, snapshot(site)))
    return site


class ImportFileError(UploadRefused):
    """The file cannot be read as a sheet of model villages and gardens."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def model_sites_import(*, data: bytes, name: str, province: Province, actor: User | None,
                       request: HttpRequest | None = None, dry_run: bool = True) -> ImportReport:
    """Check every row of the sheet (header row: the keys of COLUMNS, any order) and, unless
    `dry_run` or any row is wrong, create all the records in one transaction, audited."""
    table = read_table(data, name=name, bounds=BOUNDS)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in table[0][1]]
    positions = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    missing = [h for h, key in COLUMNS.items() if key not in positions and key not in ("decision", "verified")]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    communes = {c.code: c for c in Commune.objects.filter(province=province)}
    existing = set(ModelSite.objects.filter(commune__province=province).values_list("commune__code", "kind", "name"))
    report, sites, seen = ImportReport(), [], set()
    for number, row in table[1:]:
        report.rows += 1
        cell = {key: row[i] if i < len(row) else None for key, i in positions.items()}
        errors = []
        code = cell.get("commune")
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        commune = communes.get(str(code or "").strip().zfill(5))
        if commune is None:
            errors.append(("Mã xã", _("Not a commune of this province: %(code)s") % {"code": cell.get("commune") or "—"}))
        kind = KIND_WORDS.get(str(cell.get("kind") or "").strip().lower())
        if kind is None:
            errors.append(("Loại", _("Write “khu dân cư” or “vườn mẫu”.")))
        day = cell_date(cell.get("recognised_on"))
        if day is None:
            errors.append(("Ngày công nhận", _("Enter a date as dd/mm/yyyy.")))
        site = ModelSite(kind=kind or "", commune=commune, name=str(cell.get("name") or "").strip(), recognised_on=day,
                         decision=str(cell.get("decision") or "").strip(), source=str(cell.get("source") or "").strip(),
                         verified=str(cell.get("verified") or "").strip().lower() in YES_WORDS)
        if not errors:
            try:
                site.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                labels = {"name": "Tên", "source": "Nguồn", "decision": "Quyết định", "recognised_on": "Ngày công nhận"}
                errors += [(labels.get(k, k), " ".join(v)) for k, v in exc.message_dict.items()]
        if not errors:
            key = (commune.code, kind, site.name)
            if key in existing or key in seen:
                errors.append(("Tên", _("This commune already has a model of this kind with this name.")))
            seen.add(key)
        report.errors += [RowError(number, column, "", message) for column, message in errors]
        sites.append(site)
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        created = ModelSite.objects.bulk_create(sites)
        audit_record_many([{"action": AuditEvent.Action.IMPORTED, "actor": actor, "request": request, "obj": site,
                            "unit_code": site.commune.code, "changes": diff({}, snapshot(site))} for site in created])
    report.created = len(created)
    return report
