"""Import amounts mobilised, and sponsorships, from an .xlsx or .csv sheet.

Amounts: one row per year, unit, source and component; a row matching a recorded amount (same
year, unit, source and component) updates it, any other row adds one. Sponsorships: one row per
sponsor, commune, village and start date, matched the same way. The whole file is written or
nothing is: every row is checked by the model's rules, every error is listed by row and column,
and a dry run writes nothing."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from funding.models import AMOUNT_MAX, Component, Funding, Source, Sponsorship
from funding.selectors import editable_units
from funding.services import snapshot
from ntm_tracker.access import can_edit_province
from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.text import fold
from ntm_tracker.uploads import Bounds, RowError, UploadRefused, cell_date, read_table
from territory.models import Commune, District, Province

COLUMNS = [
    ("year", "Năm"), ("period_start", "Từ năm"), ("unit", "Mã đơn vị"), ("source", "Nguồn"), ("component", "Hợp phần"),
    ("amount", "Số tiền (triệu đồng)"), ("source_document", "Văn bản nguồn"), ("verified", "Đã xác minh"),
    ("note", "Ghi chú"),
]
REQUIRED = ("year", "unit", "source", "amount", "source_document")
MAX_ROWS = 2000
BOUNDS = Bounds(max_bytes=2 * 1024 * 1024, max_rows=MAX_ROWS + 1, max_columns=50)
FIELD_COLUMNS = {"year": "year", "period_start": "period_start", "source": "source", "component": "component", "amount": "amount",
                 "source_document": "source_document", "note": "note", "verified": "verified"}
YES = {"co", "x", "1", "yes", "true", "da xac minh"}
NO = {"", "khong", "0", "no", "false"}

_YEAR = forms.IntegerField(min_value=1900, max_value=2100)
_AMOUNT = forms.DecimalField(max_digits=12, decimal_places=3, min_value=0, max_value=AMOUNT_MAX)


class ImportFileError(UploadRefused):
    """The file cannot be read as the expected sheet at all."""


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    total: Decimal = Decimal(0)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Huy dong nguon luc"
    sheet.append([header for _key, header in COLUMNS])
    sheet.append([2024, "", "443", "Doanh nghiệp", "Toàn chương trình (không chia)", 1250.5,
                  "Báo cáo của UBND huyện", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(label))] = value
    return lookup


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def read_rows(data: bytes, name: str = ".xlsx", *, sponsorships: bool = False) -> list[tuple[int, dict]]:
    """The sheet's rows after its header, as {column key: cell}, each column found by its header:
    the amounts' sheet, or with `sponsorships` the sponsorships' one. A required header missing
    refuses the file."""
    columns, required = (SPONSORSHIP_COLUMNS, SPONSORSHIP_REQUIRED) if sponsorships else (COLUMNS, REQUIRED)
    try:
        table = read_table(data, name=name, bounds=BOUNDS)
    except UploadRefused as exc:
        raise ImportFileError(str(exc)) from None
    header = table[0][1] if table and table[0][0] == 1 else ()
    by_header = {fold(header): key for key, header in columns}
    positions = {by_header[fold(cell)]: i for i, cell in enumerate(header) if cell and fold(cell) in by_header}
    if missing := [dict(columns)[key] for key in required if key not in positions]:
        raise ImportFileError(_("Missing columns in the first row: %(columns)s.") % {"columns": ", ".join(missing)})
    return [(number, {key: values[i] for key, i in positions.items()}) for number, values in table if number > 1]


class _Row:
    """One row of a sheet being checked: its cells, and the errors found in it."""

    def __init__(self, number: int, values: dict, report: "ImportReport", columns: list):
        self.number, self.values, self.failed = number, values, False
        self._report, self._columns = report, columns

    def text(self, key: str) -> str:
        return _text(self.values.get(key))

    def error(self, key: str, message) -> None:
        """An error in the cell of column `key`, named by its header and letter."""
        self.failed = True
        position = [k for k, _h in self._columns].index(key)
        self._report.errors.append(RowError(self.number, self._columns[position][1], get_column_letter(position + 1),
                                            str(message)))

    def model_errors(self, exc: ValidationError, column_of) -> None:
        """The model's own checks (`full_clean`), each in the column `column_of(field name)`."""
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                self.error(column_of(field_name), message)


def _rows_apply(rows: list[tuple[int, dict]], *, columns: list, required: tuple, actor: User,
                request: HttpRequest | None, dry_run: bool, apply) -> "ImportReport":
    """The loop both imports share: each row's required cells, then `apply(row)`, which checks the
    rest and saves, returning (the object, its snapshot before or {} when new, its unit's code) —
    or None when the row has errors. Every error is listed; nothing is kept unless every row is
    valid and this is no dry run; each write is audited then."""
    report = ImportReport(rows=len(rows))
    savepoint = transaction.savepoint_create()
    for number, values in rows:
        row = _Row(number, values, report, columns)
        for key in required:
            if not row.text(key):
                row.error(key, _("This cell is required."))
        saved = apply(row)
        if saved is None:
            continue
        obj, before, unit_code = saved
        report.total += getattr(obj, "amount", None) or 0
        if before:
            report.updated += 1
        else:
            report.created += 1
        if not dry_run:
            audit_record(action=AuditEvent.Action.IMPORTED, actor=actor, request=request, obj=obj, unit_code=unit_code,
                         changes={**diff(before, snapshot(obj)), "row": [None, number]})
    if report.errors or dry_run:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return report


@transaction.atomic
def funding_import(*, data: bytes, name: str = ".xlsx", province: Province, actor: User,
                   request: HttpRequest | None = None, dry_run: bool = True) -> ImportReport:
    """Check (dry run) or apply a sheet of amounts; nothing is written unless every row is valid."""
    units = {unit.code: unit for unit in (
        [province] + list(District.objects.filter(province=province)) + list(Commune.objects.filter(province=province)))}
    allowed = {unit.code for unit in editable_units(actor, province)}
    may_verify = can_edit_province(actor, province)
    sources, components = _lookup(Source.choices), _lookup(Component.choices)

    def apply(row: _Row):
        code = row.text("unit")
        code = code.zfill(2 if len(code) <= 2 else 3 if len(code) == 3 else 5) if code.isdigit() else code
        unit = units.get(code)
        if code and unit is None:
            row.error("unit", _("No unit with GSO code %(code)s in %(province)s.") % {
                "code": code, "province": province.full_name})
        elif unit is not None and code not in allowed:
            row.error("unit", _("You may not record amounts for %(unit)s.") % {"unit": unit.full_name})
        parsed = {}
        for key, lookup in (("source", sources), ("component", components)):
            text = row.text(key)
            parsed[key] = lookup.get(fold(text), "") if text else ""
            if text and not parsed[key]:
                row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
        for key, form_field in (("year", _YEAR), ("period_start", _YEAR), ("amount", _AMOUNT)):
            if row.text(key):
                try:
                    parsed[key] = form_field.clean(row.text(key).replace(",", "."))
                except ValidationError as exc:
                    row.error(key, " ".join(exc.messages))
        verified = fold(row.text("verified"))
        if verified not in YES | NO:
            row.error("verified", _("Write “có” or leave the cell empty."))
        elif verified in YES and not may_verify:
            row.error("verified", _("Figures are marked verified by the provincial office."))
        if row.failed:
            return None
        kwargs = {"province": unit if isinstance(unit, Province) else None,
                  "district": unit if isinstance(unit, District) else None,
                  "commune": unit if isinstance(unit, Commune) else None}
        component = parsed["component"] or Component.GENERAL
        period_start = parsed.get("period_start")
        funding = Funding.objects.filter(year=parsed["year"], period_start=period_start, source=parsed["source"],
                                         component=component, **kwargs).first()
        before = snapshot(funding) if funding else {}
        funding = funding or Funding(year=parsed["year"], period_start=period_start, source=parsed["source"],
                                     component=component, created_by=actor, **kwargs)
        funding.amount, funding.source_document = parsed["amount"], row.text("source_document")
        funding.note, funding.verified = row.text("note"), verified in YES
        try:
            funding.full_clean()
        except ValidationError as exc:
            row.model_errors(exc, lambda name: FIELD_COLUMNS.get(name, "unit" if name == NON_FIELD_ERRORS else "year"))
            return None
        funding.save()
        return funding, before, unit.code

    return _rows_apply(read_rows(data, name), columns=COLUMNS, required=REQUIRED, actor=actor, request=request,
                       dry_run=dry_run, apply=apply)


# --- Sponsorships ----------------------------------------------------------------------------------

SPONSORSHIP_COLUMNS = [
    ("commune", "Mã xã"), ("sponsor", "Đơn vị đỡ đầu"), ("village", "Thôn"), ("date_from", "Từ ngày"),
    ("date_to", "Đến ngày"), ("decision", "Văn bản giao"), ("amount", "Kinh phí (triệu đồng)"), ("note", "Ghi chú"),
]
SPONSORSHIP_REQUIRED = ("commune", "sponsor", "date_from")


def sponsorship_template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Do dau"
    sheet.append([header for _key, header in SPONSORSHIP_COLUMNS])
    sheet.append(["18418", "Ngân hàng Nông nghiệp chi nhánh Can Lộc", "Thôn Trung Thành", "01/01/2024", "",
                  "123/QĐ-UBND", 200, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def sponsorship_import(*, data: bytes, name: str = ".xlsx", province: Province, actor: User,
                       request: HttpRequest | None = None, dry_run: bool = True) -> ImportReport:
    """Check (dry run) or apply a sheet of sponsorships: a row with the sponsor, commune, village
    and start date of a recorded one updates it, any other adds one; nothing is written unless
    every row is valid. A commune is the user's to record (`editable_units`) and existed on the
    start date."""
    communes = {c.code: c for c in Commune.objects.filter(province=province)}
    allowed = {unit.code for unit in editable_units(actor, province) if isinstance(unit, Commune)}
    columns = dict(SPONSORSHIP_COLUMNS)

    def apply(row: _Row):
        code = row.text("commune")
        code = code.zfill(5) if code.isdigit() else code
        commune = communes.get(code)
        if code and commune is None:
            row.error("commune", _("No commune with GSO code %(code)s in %(province)s.") % {
                "code": code, "province": province.full_name})
        elif commune is not None and code not in allowed:
            row.error("commune", _("You may not record sponsorships for this commune."))
        dates = {}
        for key in ("date_from", "date_to"):
            if row.text(key):
                dates[key] = cell_date(row.values.get(key))
                if dates[key] is None:
                    row.error(key, _("Enter a date as dd/mm/yyyy."))
        amount = None
        if row.text("amount"):
            try:
                amount = _AMOUNT.clean(row.text("amount").replace(",", "."))
            except ValidationError as exc:
                row.error("amount", " ".join(exc.messages))
        start = dates.get("date_from")
        if commune is not None and start is not None and commune.valid_to is not None and start > commune.valid_to:
            row.error("date_from", _("%(unit)s existed until %(date)s.") % {
                "unit": commune.full_name, "date": commune.valid_to.strftime("%d/%m/%Y")})
        if row.failed:
            return None
        sponsor, village = row.text("sponsor"), row.text("village")
        sponsorship = Sponsorship.objects.filter(commune=commune, sponsor=sponsor, village=village,
                                                 date_from=start).first()
        before = snapshot(sponsorship) if sponsorship else {}
        sponsorship = sponsorship or Sponsorship(commune=commune, sponsor=sponsor, village=village, date_from=start)
        sponsorship.date_to, sponsorship.amount = dates.get("date_to"), amount
        sponsorship.decision, sponsorship.note = row.text("decision"), row.text("note")
        try:
            sponsorship.full_clean()
        except ValidationError as exc:
            row.model_errors(exc, lambda name: name if name in columns else
                             "date_to" if name == NON_FIELD_ERRORS else "sponsor")
            return None
        sponsorship.save()
        return sponsorship, before, commune.code

    return _rows_apply(read_rows(data, name, sponsorships=True), columns=SPONSORSHIP_COLUMNS,
                       required=SPONSORSHIP_REQUIRED, actor=actor, request=request, dry_run=dry_run, apply=apply)
