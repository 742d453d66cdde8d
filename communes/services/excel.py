"""Excel round trip of assessments: a sheet a person can fill in, and an all-or-nothing import.

Layout (one sheet): row 1 holds the keys — "Mã xã", "Tên xã", "Năm", then one indicator code per
column and a hidden "_khoa" column; row 2 holds the indicator texts; from row 3 one row per
commune. Numeric indicators take a number; yes/no ones "Đạt" or "Không đạt". An empty cell leaves
the stored value as it is. The hidden key is a fingerprint of the row's versions at export: a row
changed in the app since then is refused as stale instead of being overwritten.
"""

import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from communes.models import Assessment, Indicator, Review
from communes.catalogue import catalogue_for_year
from communes.forms import assessment_value_clean
from communes.groups import groups_for
from communes.rules import met_compute, threshold_pick, unit_year_check
from communes.services.assessments import ReviewLocked, ValueChange, assessments_save_many
from ntm_tracker.access import can_edit_assessments
from ntm_tracker.exports import xlsx_append
from ntm_tracker.models import User
from ntm_tracker.stale import StaleEdit
from ntm_tracker.uploads import Bounds, UploadRefused, read_table
from territory.models import Commune

KEY_HEADERS = ["Mã xã", "Tên xã", "Năm"]
TOKEN_HEADER = "_khoa"
YES, NO = "Đạt", "Không đạt"
YES_WORDS = {"đạt", "co", "có", "x", "1", "yes", "true", "met"}
NO_WORDS = {"không đạt", "khong dat", "không", "khong", "0", "no", "false", "not met"}
FIRST_DATA_ROW = 3


def _indicators(year: int) -> list[Indicator]:
    """The indicators of the set in force in `year`, by criterion number then position (the
    catalogue held in memory: no query when this process holds it)."""
    catalogue = catalogue_for_year(year)
    return [] if catalogue is None else [i for c in catalogue.criteria for i in catalogue.by_criterion[c.pk]]


def _token(versions: dict[int, int]) -> str:
    text = ",".join(f"{k}:{v}" for k, v in sorted(versions.items()))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _versions(commune_ids, assessments) -> dict[int, dict[int, int]]:
    """{commune id: {indicator id: version}} of the communes' assessments already read."""
    versions: dict[int, dict[int, int]] = {cid: {} for cid in commune_ids}
    for assessment in assessments:
        versions[assessment.commune_id][assessment.indicator_id] = assessment.version
    return versions


def assessments_export(*, communes: list[Commune], year: int) -> bytes:
    """The .xlsx of `communes`' assessments for `year` (communes in the programme only)."""
    communes = [c for c in communes if c.in_programme and c.existed_in(year)]  # the year's map
    indicators = _indicators(year)
    values = {(a.commune_id, a.indicator_id): a for a in Assessment.objects.filter(
        commune__in=communes, year=year).only("commune_id", "indicator_id", "value", "met", "version")}
    versions = _versions([c.pk for c in communes], values.values())
    book = Workbook()
    sheet = book.active
    sheet.title = f"Đánh giá {year}"
    # Texts from the catalogue and unit names through the safe writer too: data, never formulas.
    xlsx_append(sheet, KEY_HEADERS + [i.code for i in indicators] + [TOKEN_HEADER])
    xlsx_append(sheet, ["", "", ""] + [f"{i.text}" + (f" ({i.unit})" if i.unit else f" ({YES}/{NO})" if not i.is_numeric else "")
                                       for i in indicators] + [""])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E7F3EC")
    for cell in sheet[1] + sheet[2]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for commune in communes:
        row = [commune.code, commune.full_name, year]
        for indicator in indicators:
            assessment = values.get((commune.pk, indicator.pk))
            if assessment is None:
                row.append(None)
            elif indicator.is_numeric:
                row.append(float(assessment.value) if assessment.value is not None else None)
            else:
                row.append(None if assessment.met is None else YES if assessment.met else NO)
        row.append(_token(versions[commune.pk]))
        xlsx_append(sheet, row)
    last_row = sheet.max_row
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    for index, indicator in enumerate(indicators, start=len(KEY_HEADERS) + 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 14
        if not indicator.is_numeric and last_row >= FIRST_DATA_ROW:
            yes_no.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=index, max_col=index):
            row[0].protection = Protection(locked=False)
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions[get_column_letter(len(KEY_HEADERS) + len(indicators) + 1)].hidden = True
    sheet.freeze_panes = "D3"
    # Keys and texts are locked so the file comes back in the shape it left; no password: the import
    # re-validates everything anyway.
    sheet.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Change:
    row: int
    commune: Commune
    indicator: Indicator
    year: int
    old: str
    new: str
    value: Decimal | None
    met: bool | None
    version: int


@dataclass
class ImportResult:
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _show(indicator: Indicator, value, met) -> str:
    if indicator.is_numeric:
        return "" if value is None else f"{value.normalize():f}".replace(".", ",")
    return "" if met is None else YES if met else NO


def _parse_number(raw) -> Decimal:
    """A cell's number as a Decimal (Vietnamese "1.234,5" and "12,5%" forms too); InvalidOperation
    when it is no number at all. Whether the number fits is the form field's to say."""
    if isinstance(raw, bool):
        raise InvalidOperation
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        number = Decimal(str(raw))
        # A computed cell carries binary noise (0.1 + 0.2): round it to the field's 2 decimals,
        # when it can fit at all (a larger one is refused by the field with its own message).
        return number.quantize(Decimal("0.01")) if number.is_finite() and number.adjusted() < 15 else number
    text = str(raw).strip().replace(" ", "").replace("%", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


# Bounds of this import: a province's workbook has ~600 rows and ~60 columns.
BOUNDS = Bounds(max_rows=3000, max_columns=300)


def assessments_import_check(*, data: bytes, user: User) -> ImportResult:
    """Read an exported sheet and list what it would change and every error; writes nothing.

    Numbers are cleaned by the edit form's own value field (`communes.forms.assessment_value_clean`),
    so the import accepts exactly what the form accepts. Rows of an approved commune may come back
    unchanged (a re-imported export); only a change to them is refused.
    """
    result = ImportResult()
    try:
        rows = read_table(data, bounds=BOUNDS)
    except UploadRefused as refused:
        result.errors.append(str(refused))
        return result
    if len(rows) < 2 or rows[0][0] != 1 or [str(c or "").strip() for c in rows[0][1][:3]] != KEY_HEADERS:
        result.errors.append(_("The first row must start with the columns %(columns)s: use a file exported by the app.")
                             % {"columns": ", ".join(KEY_HEADERS)})
        return result
    header = [str(c).strip() if c is not None else "" for c in rows[0][1]]
    token_col = header.index(TOKEN_HEADER) if TOKEN_HEADER in header else None
    if token_col is None:
        result.errors.append(_("The hidden key column %(column)s is missing: use a file exported by the app.")
                             % {"column": TOKEN_HEADER})
        return result
    data_rows = [(number, row) for number, row in rows if number >= FIRST_DATA_ROW]
    result.rows = len(data_rows)
    years = set()
    for number, row in data_rows:
        try:
            years.add(int(row[2]))
        except (TypeError, ValueError, OverflowError):
            result.errors.append(_("Row %(row)d, column %(column)s: the year is not a number.")
                                 % {"row": number, "column": "C"})
    if len(years) > 1:
        result.errors.append(_("The file mixes several years: import one year at a time."))
    if result.errors or not data_rows:
        return result
    year = years.pop()
    indicators = {i.code: i for i in _indicators(year)}
    columns: dict[int, Indicator] = {}
    for index in range(len(KEY_HEADERS), token_col):
        code = header[index]
        if code not in indicators:
            result.errors.append(_("Column %(column)s: there is no indicator with code “%(code)s”.")
                                 % {"column": get_column_letter(index + 1), "code": code})
        else:
            columns[index] = indicators[code]
    codes = [str(row[0]).strip() for _n, row in data_rows if row[0] is not None]
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes).select_related("district", "province")}
    current = {(a.commune_id, a.indicator_id): a for a in Assessment.objects.filter(
        commune__in=communes.values(), year=year)}
    versions = _versions([c.pk for c in communes.values()], current.values())
    approved = set(Review.objects.filter(commune__in=communes.values(), year=year, state=Review.State.APPROVED)
                   .values_list("commune_id", flat=True))
    catalogue = catalogue_for_year(year)
    thresholds = catalogue.thresholds if catalogue is not None else {}
    groups = groups_for([c.pk for c in communes.values()], [year]) if catalogue and catalogue.uses_groups else {}
    seen = set()
    for number, row in data_rows:
        code = str(row[0]).strip() if row[0] is not None else ""
        commune = communes.get(code)
        if commune is None:
            result.errors.append(_("Row %(row)d, column A: there is no commune with code “%(code)s”.")
                                 % {"row": number, "code": code})
            continue
        name = commune.full_name
        if code in seen:
            result.errors.append(_("Row %(row)d: %(commune)s appears twice in the file.") % {"row": number, "commune": name})
            continue
        seen.add(code)
        if not can_edit_assessments(user, commune):
            result.errors.append(_("Row %(row)d: you may not edit the data of %(commune)s.") % {"row": number, "commune": name})
            continue
        if not commune.in_programme:
            result.errors.append(_("Row %(row)d: %(commune)s is not assessed against the NTM criteria.")
                                 % {"row": number, "commune": name})
            continue
        try:
            unit_year_check(commune, year)
        except ValidationError as error:
            result.errors.append(_("Row %(row)d: %(message)s") % {"row": number, "message": error.messages[0]})
            continue
        changes, failed = [], False
        for index, indicator in columns.items():
            raw = row[index] if index < len(row) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            where = {"row": number, "column": f"{get_column_letter(index + 1)} ({indicator.code})"}
            value, met = None, None
            if indicator.is_numeric:
                try:
                    value = assessment_value_clean(indicator, _parse_number(raw))
                except (InvalidOperation, ValueError):
                    result.errors.append(_("Row %(row)d, column %(column)s: “%(value)s” is not a number.")
                                         % {**where, "value": raw})
                    failed = True
                    continue
                except ValidationError as error:
                    result.errors.append(_("Row %(row)d, column %(column)s: %(message)s")
                                         % {**where, "message": " ".join(error.messages)})
                    failed = True
                    continue
            else:
                word = str(raw).strip().lower()
                if word in YES_WORDS:
                    met = True
                elif word in NO_WORDS:
                    met = False
                else:
                    result.errors.append(_("Row %(row)d, column %(column)s: write “%(yes)s” or “%(no)s”, not “%(value)s”.")
                                         % {**where, "yes": YES, "no": NO, "value": raw})
                    failed = True
                    continue
            old = current.get((commune.pk, indicator.pk))
            threshold = threshold_pick(thresholds.get(indicator.pk, ()), region=commune.province.region,
                                       mountain=commune.uses_mountain_thresholds, year=year,
                                       group=groups.get((commune.pk, year), 0))
            new_met = met_compute(indicator, value=value, met=met, threshold=threshold)
            if old is not None and old.value == value and old.met == new_met:
                continue
            changes.append(Change(
                row=number, commune=commune, indicator=indicator, year=year,
                old=_show(indicator, old.value, old.met) if old else "", new=_show(indicator, value, met),
                value=value, met=met, version=old.version if old else 0,
            ))
        # A row that changes nothing passes, whatever became of the commune since the export
        # (approved, edited): re-importing an export is harmless.
        if failed or not changes:
            continue
        if commune.pk in approved:
            result.errors.append(_("Row %(row)d: the %(year)d assessment of %(commune)s is approved and read-only.")
                                 % {"row": number, "year": year, "commune": name})
            continue
        # The hidden key: a row whose values changed in the app since the export is refused, not
        # used to overwrite the newer values with the file's older ones.
        if str(row[token_col] or "") != _token(versions[commune.pk]):
            result.errors.append(_("Row %(row)d: the data of %(commune)s changed in the app after the file was exported; export it again.")
                                 % {"row": number, "commune": name})
            continue
        result.changes.extend(changes)
    return result


class ImportRefused(Exception):
    def __init__(self, result: ImportResult):
        super().__init__("import refused")
        self.result = result


@transaction.atomic
def assessments_import_apply(*, data: bytes, user: User, request: HttpRequest | None = None) -> ImportResult:
    """Check the file again and apply every change, or none: raises ImportRefused on any error."""
    result = assessments_import_check(data=data, user=user)
    if not result.ok:
        raise ImportRefused(result)
    by_key = {(change.commune.pk, change.indicator.pk): change for change in result.changes}
    try:
        assessments_save_many(
            year=result.changes[0].year if result.changes else 0, user=user, request=request, reason=_("Excel import"),
            changes=[ValueChange(commune=c.commune, indicator=c.indicator, value=c.value, met=c.met, version=c.version)
                     for c in result.changes])
    except ReviewLocked as locked:
        change = next(c for c in result.changes if c.commune.pk == locked.commune_id)
        result.errors.append(_("Row %(row)d: the %(year)d assessment of %(commune)s is approved and read-only.")
                             % {"row": change.row, "year": change.year, "commune": change.commune.full_name})
        raise ImportRefused(result) from None
    except StaleEdit as stale:
        change = by_key.get((stale.current.commune_id, stale.current.indicator_id)) if stale.current else None
        change = change or result.changes[0]
        result.errors.append(_("Row %(row)d: the data of %(commune)s changed while importing; nothing was imported.")
                             % {"row": change.row, "commune": change.commune.full_name})
        raise ImportRefused(result) from None
    return result
