"""Import products with their evaluations and certificates from an .xlsx sheet.

One row = one product (found again by name and commune, or created with its producer), optionally
one evaluation (when "Năm đánh giá" is filled) and one certificate (when "Số quyết định" is filled).
The whole file is written or nothing is: every row is validated by the models' own rules inside a
savepoint that is rolled back on any error and always on a dry run.
"""

import datetime
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

from ntm_tracker.access import can_record_certificate_stars, ocop_editable_communes
from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.uploads import Bounds, RowError, UploadRefused, read_table
from ocop.models import (
    Certificate,
    Council,
    Evaluation,
    ExportMarket,
    Group,
    Producer,
    Product,
    Subgroup,
    fold,
)
from ocop.services import certificates_refresh
from territory.models import Commune, Province

# (key, header) in sheet order; headers are matched without regard to case or diacritics.
COLUMNS = [
    ("product", "Tên sản phẩm"), ("group", "Nhóm sản phẩm"), ("subgroup", "Phân nhóm"), ("commune", "Mã xã"),
    ("producer", "Chủ thể"), ("producer_kind", "Loại chủ thể"), ("markets", "Thị trường xuất khẩu"),
    ("year", "Năm đánh giá"), ("round", "Đợt"), ("council", "Cấp hội đồng"), ("score_a", "Điểm A"),
    ("score_b", "Điểm B"), ("score_c", "Điểm C"), ("stars", "Số sao"), ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
]
HEADERS = dict(COLUMNS)
REQUIRED = ("product", "group", "subgroup", "commune", "producer", "producer_kind")
MAX_ROWS = 5000
BOUNDS = Bounds(max_rows=MAX_ROWS + 1, max_columns=100)  # the header and MAX_ROWS products
# Which column a model field's error belongs to.
FIELD_COLUMNS = {
    "producer": {"name": "producer", "kind": "producer_kind", "commune": "commune"},
    "product": {"name": "product", "group": "group", "subgroup": "subgroup", "commune": "commune", "producer": "producer"},
    "evaluation": {"year": "year", "round": "round", "council": "council", "score_a": "score_a",
                   "score_b": "score_b", "score_c": "score_c", NON_FIELD_ERRORS: "year"},
    "certificate": {"stars": "stars", "issuer": "stars", "decision_number": "decision_number",
                    "decision_date": "decision_date", "evaluation": "year", NON_FIELD_ERRORS: "decision_number"},
}


class ImportFileError(UploadRefused):
    """The file cannot be read as the expected sheet at all."""


@dataclass
class ImportReport:
    rows: int = 0
    products_created: int = 0
    products_updated: int = 0
    evaluations: int = 0
    certificates: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> bytes:
    """An empty sheet with the expected headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "OCOP"
    sheet.append([header for _key, header in COLUMNS])
    sheet.append(["Kẹo cu đơ Thiên Lộc", "Thực phẩm", "Thực phẩm chế biến", "18415", "HTX Cu đơ Thiên Lộc",
                  "Hợp tác xã (HTX)", "", 2024, 1, "Hội đồng cấp huyện", 22.5, 15, 20, 3, "1234/QĐ-UBND", "15/06/2024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choice_lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or its label in Vietnamese or English, without diacritics."""
    lookup = {}
    for value, label in choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(label))] = value
    return lookup


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(sheet row number, {key: cell value}) for each non-empty row of the first sheet."""
    try:
        table = read_table(data, bounds=BOUNDS)
    except UploadRefused as exc:
        raise ImportFileError(str(exc)) from None
    header = table[0][1] if table and table[0][0] == 1 else ()
    by_header = {fold(header): key for key, header in COLUMNS}
    positions = {by_header[fold(str(cell))]: i for i, cell in enumerate(header) if cell and fold(str(cell)) in by_header}
    if missing := [HEADERS[key] for key in REQUIRED if key not in positions]:
        raise ImportFileError(_("Missing columns in the first row: %(columns)s.") % {"columns": ", ".join(missing)})
    return [(number, {key: values[i] for key, i in positions.items()}) for number, values in table if number > 1]


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


# Numbers are cleaned by form fields, as the web forms clean them: no NaN, no infinity, no more
# digits than the model's columns hold, whole numbers where a whole number is due.
_NUMBER = forms.DecimalField(max_digits=5, decimal_places=2)
_WHOLE = forms.IntegerField(min_value=0, max_value=32767)


def _clean(field: forms.Field, value):
    if value in (None, ""):
        return None
    try:
        return field.clean(_text(value).replace(",", "."))
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


def _decimal(value) -> Decimal | None:
    return _clean(_NUMBER, value)


def _int(value) -> int | None:
    return _clean(_WHOLE, value)


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(_("Enter the date as dd/mm/yyyy.")) from None


class _Row:
    """Collects one row's errors, attributed to their columns."""

    def __init__(self, number: int, report: ImportReport, letters: dict[str, str]):
        self.number, self.report, self.letters, self.failed = number, report, letters, False

    def error(self, key: str, message) -> None:
        self.failed = True
        self.report.errors.append(RowError(self.number, HEADERS[key], self.letters[key], str(message)))

    def validate(self, obj, kind: str) -> bool:
        try:
            obj.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(FIELD_COLUMNS[kind].get(name, FIELD_COLUMNS[kind].get(NON_FIELD_ERRORS, "product")), message)
            return False
        return True


@transaction.atomic
def products_import(*, data: bytes, province: Province, actor: User, request: HttpRequest | None = None,
                    dry_run: bool = True) -> ImportReport:
    """Validate (dry run) or apply an .xlsx of products; nothing is written unless every row is valid."""
    rows = read_rows(data)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    letters = {key: get_column_letter(i + 1) for i, (key, _h) in enumerate(COLUMNS)}
    communes = {c.code: c for c in Commune.objects.filter(province=province).select_related("district", "province")}
    allowed = set(ocop_editable_communes(actor, province).values_list("code", flat=True))
    markets = {m.code.upper(): m for m in ExportMarket.objects.all()}
    markets.update({fold(m.name): m for m in markets.values()})
    groups, subgroups = _choice_lookup(Group.choices), _choice_lookup(Subgroup.choices)
    kinds, councils = _choice_lookup(Producer.Kind.choices), _choice_lookup(Council.choices)
    producers: dict[tuple[str, str], Producer] = {(p.commune.code, fold(p.name)): p for p in Producer.objects.filter(
        commune__province=province).select_related("commune")}
    products: dict[tuple[str, str], Product] = {(p.commune.code, fold(p.name)): p for p in Product.objects.filter(
        commune__province=province).select_related("commune", "producer")}
    touched: dict[int, Product] = {}
    savepoint = transaction.savepoint_create()
    for number, values in rows:
        row = _Row(number, report, letters)
        for key in REQUIRED:
            if not _text(values.get(key)):
                row.error(key, _("This cell is required."))
        code = _text(values.get("commune")).zfill(5) if _text(values.get("commune")) else ""
        commune = communes.get(code)
        if code and commune is None:
            row.error("commune", _("No commune with GSO code %(code)s in %(province)s.") % {"code": code, "province": province.full_name})
        elif commune is not None and code not in allowed:
            row.error("commune", _("You may not record products of %(commune)s.") % {"commune": commune.full_name})
        parsed = {}
        for key, lookup in (("group", groups), ("subgroup", subgroups), ("producer_kind", kinds), ("council", councils)):
            text = _text(values.get(key))
            parsed[key] = lookup.get(fold(text), "") if text else ""
            if text and not parsed[key]:
                row.error(key, _("“%(value)s” is not one of the allowed values.") % {"value": text})
        for key, parse in (("year", _int), ("round", _int), ("score_a", _decimal), ("score_b", _decimal),
                           ("score_c", _decimal), ("stars", _int), ("decision_date", _date)):
            try:
                parsed[key] = parse(values.get(key))
            except ValueError as exc:
                row.error(key, exc)
        row_markets = []
        for name in filter(None, (part.strip() for part in _text(values.get("markets")).split(","))):
            if market := markets.get(name.upper()) or markets.get(fold(name)):
                row_markets.append(market)
            else:
                row.error("markets", _("Unknown export market “%(value)s”.") % {"value": name})
        if row.failed:
            continue
        producer = producers.get((code, fold(_text(values["producer"]))))
        if producer is None:
            producer = Producer(name=_text(values["producer"]), kind=parsed["producer_kind"], commune=commune)
            if not row.validate(producer, "producer"):
                continue
            producer.save()
            producers[(code, fold(producer.name))] = producer
        product = products.get((code, fold(_text(values["product"]))))
        created = product is None
        if created:
            product = Product(name=_text(values["product"]), commune=commune, producer=producer,
                              group=parsed["group"], subgroup=parsed["subgroup"])
        else:
            product.group, product.subgroup, product.producer = parsed["group"], parsed["subgroup"], producer
        if not row.validate(product, "product"):
            continue
        product.save()
        products[(code, fold(product.name))] = product
        if row_markets:
            product.export_markets.add(*row_markets)
        evaluation = None
        if parsed.get("year") is not None or parsed.get("score_a") is not None:
            evaluation = Evaluation(product=product, year=parsed.get("year"), round=parsed.get("round") or 1,
                                    council=parsed["council"], score_a=parsed.get("score_a"),
                                    score_b=parsed.get("score_b"), score_c=parsed.get("score_c"))
            if not row.validate(evaluation, "evaluation"):
                continue
            evaluation.save()
            report.evaluations += 1
        if _text(values.get("decision_number")) or parsed.get("decision_date") or parsed.get("stars"):
            stars = parsed.get("stars")
            certificate = Certificate(product=product, evaluation=evaluation, stars=stars,
                                      issuer=Certificate.issuer_for(stars, parsed.get("decision_date")),
                                      decision_number=_text(values.get("decision_number")),
                                      decision_date=parsed.get("decision_date"))
            if not can_record_certificate_stars(actor, stars):
                row.error("stars", _("4★ and 5★ certificates are recorded by the provincial office."))
                continue
            if not row.validate(certificate, "certificate"):
                continue
            certificate.save()
            report.certificates += 1
        touched[product.pk] = product
        if created:
            report.products_created += 1
        else:
            report.products_updated += 1
        if not dry_run:
            audit_record(action=AuditEvent.Action.IMPORTED, actor=actor, request=request, obj=product,
                         unit_code=commune.code, changes={"row": [None, number]})
    if report.errors or dry_run:
        transaction.savepoint_rollback(savepoint)
        return report
    for product in touched.values():
        certificates_refresh(product)
    transaction.savepoint_commit(savepoint)
    return report
