"""The criteria catalogue as a file, read and checked: the layout's columns, the specs a file
describes (sets, criteria, indicators, thresholds) and `criteria_read`, which names every bad row
in the user's language and writes nothing. Loading the specs, the export and the template are in
`criteria_loading.py`.

The layout is one table, one row per record, every row naming its set (see communes/README.md):

    record     set | criterion | indicator | threshold
    set        set_code, set_name, scope, level, legal_basis, period_start, period_end
    criterion  set_code, criterion_no, criterion_group, criterion_name, criterion_name_en
    indicator  set_code, criterion_no, indicator_code, indicator_text, kind, unit, comparison
    threshold  set_code, indicator_code, region, mountain, year, commune_group, value
    every row  source, verified

The file is read through the core's upload bounds (`ntm_tracker.uploads.read_table`) with the
catalogue's own `BOUNDS`.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from communes.models import CommuneGroup, CriteriaSet, Indicator, Level
from ntm_tracker.uploads import MIB, Bounds, UploadRefused, read_table
from territory.models import Region

COLUMNS = [
    "record", "set_code", "set_name", "scope", "level", "legal_basis", "period_start", "period_end",
    "criterion_no", "criterion_group", "criterion_name", "criterion_name_en",
    "indicator_code", "indicator_text", "kind", "unit", "comparison",
    "region", "mountain", "year", "commune_group", "value", "source", "verified",
]
RECORDS = ("set", "criterion", "indicator", "threshold")
# A whole catalogue (several sets, thousands of thresholds) in one file, the header included.
BOUNDS = Bounds(max_bytes=10 * MIB, max_unpacked=60 * MIB, max_rows=20_001, max_columns=len(COLUMNS) + 40)

YES, NO = {"yes", "có", "co", "x", "1", "true"}, {"no", "không", "khong", "", "0", "false"}
# Which comparisons each indicator kind can take.
COMPARISONS = {
    Indicator.Kind.YES_NO: {Indicator.Comparison.YES, Indicator.Comparison.NO},
    Indicator.Kind.PERCENT: {Indicator.Comparison.AT_LEAST, Indicator.Comparison.AT_MOST},
    Indicator.Kind.NUMBER: {Indicator.Comparison.AT_LEAST, Indicator.Comparison.AT_MOST},
    Indicator.Kind.MONEY: {Indicator.Comparison.AT_LEAST, Indicator.Comparison.AT_MOST},
}


class CriteriaFileError(Exception):
    """The file cannot be loaded; `errors` name the rows. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ThresholdSpec:
    row: int
    indicator_code: str
    region: str
    mountain: bool
    year: int | None
    commune_group: int
    value: Decimal
    source: str
    verified: bool

    @property
    def key(self) -> tuple:
        return (self.indicator_code, self.region, self.mountain, self.year, self.commune_group)


@dataclass
class IndicatorSpec:
    row: int
    criterion_no: int
    code: str
    text: str
    kind: str
    unit: str
    comparison: str
    source: str
    verified: bool
    position: int = 0


@dataclass
class CriterionSpec:
    row: int
    number: int
    group: str
    name: str
    name_en: str
    source: str
    verified: bool


@dataclass
class SetSpec:
    row: int
    code: str
    name: str
    scope: str
    level: str
    legal_basis: str
    period_start: int
    period_end: int
    source: str
    verified: bool
    criteria: dict[int, CriterionSpec] = field(default_factory=dict)
    indicators: dict[str, IndicatorSpec] = field(default_factory=dict)
    thresholds: dict[tuple, ThresholdSpec] = field(default_factory=dict)


# --- Reading ---------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(data: bytes, name: str) -> list[tuple[int, dict[str, str]]]:
    """The file's rows after the header as (row number, {column: text}), header names lower-cased;
    raises CriteriaFileError."""
    try:
        table = read_table(data, name=name, bounds=BOUNDS)
    except UploadRefused as error:
        raise CriteriaFileError([str(error)]) from None
    if not table:
        raise CriteriaFileError([_("The file is empty.")])
    header = [_cell(h).lower() for h in table[0][1]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CriteriaFileError([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    index = {column: header.index(column) for column in COLUMNS}
    return [(number, {column: _cell(values[i]) for column, i in index.items()}) for number, values in table[1:]]


class _Row:
    """One row being checked: typed getters that record a message naming the row."""

    def __init__(self, number: int, values: dict[str, str], errors: list[str]):
        self.number, self.values, self.errors = number, values, errors

    def error(self, message: str, **params) -> None:
        self.errors.append(_("Row %(row)d: ") % {"row": self.number} + message % params)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values[column]
        if required and not value:
            self.error(_("the column %(column)s is empty."), column=column)
        return value

    def integer(self, column: str, *, required: bool = True) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            self.error(_("%(column)s “%(value)s” is not a whole number."), column=column, value=value)
            return None

    def choice(self, column: str, choices, *, blank: bool = False) -> str:
        value = self.values[column]
        if blank and not value:
            return ""
        if value not in {str(c) for c in choices.values}:
            self.error(_("%(column)s “%(value)s” is not one of %(allowed)s."), column=column, value=value,
                       allowed=", ".join(str(c) for c in choices.values))
        return value

    def flag(self, column: str) -> bool:
        value = self.values[column].lower()
        if value not in YES | NO:
            self.error(_("%(column)s “%(value)s” must be yes or no."), column=column, value=self.values[column])
        return value in YES


def criteria_read(handle, name: str) -> list[SetSpec]:
    """The sets a file describes, checked; raises CriteriaFileError listing every bad row."""
    rows = _rows(handle.read(), name)
    errors: list[str] = []
    sets: dict[str, SetSpec] = {}
    pending: list[_Row] = []
    for number, values in rows:
        if not any(values.values()):
            continue
        row = _Row(number, values, errors)
        record = values["record"].lower()
        if record not in RECORDS:
            row.error(_("the record type “%(value)s” is not set, criterion, indicator or threshold."),
                      value=values["record"])
        elif record == "set":
            spec = SetSpec(
                row=number, code=row.text("set_code"), name=row.text("set_name"),
                scope=row.choice("scope", CriteriaSet.Scope), level=row.choice("level", Level),
                legal_basis=row.text("legal_basis"), period_start=row.integer("period_start"),
                period_end=row.integer("period_end"), source=row.text("source", required=False),
                verified=row.flag("verified"),
            )
            if spec.code in sets:
                row.error(_("the set “%(code)s” appears twice (first in row %(first)d)."), code=spec.code,
                          first=sets[spec.code].row)
            elif spec.period_start and spec.period_end and spec.period_start > spec.period_end:
                row.error(_("the first year is after the last year."))
            else:
                sets[spec.code] = spec
        else:
            pending.append(row)
    for row in pending:  # criteria, indicators and thresholds, once every set row is known
        spec = sets.get(row.values["set_code"])
        if spec is None:
            row.error(_("the set “%(code)s” has no set row in the file."), code=row.values["set_code"])
            continue
        record = row.values["record"].lower()
        if record == "criterion":
            criterion = CriterionSpec(
                row=row.number, number=row.integer("criterion_no"), group=row.text("criterion_group", required=False),
                name=row.text("criterion_name"), name_en=row.text("criterion_name_en", required=False),
                source=row.text("source"), verified=row.flag("verified"),
            )
            if criterion.number in spec.criteria:
                row.error(_("criterion %(number)s appears twice in the set (first in row %(first)d)."),
                          number=criterion.number, first=spec.criteria[criterion.number].row)
            elif criterion.number is not None:
                spec.criteria[criterion.number] = criterion
    for row in pending:
        spec = sets.get(row.values["set_code"])
        if spec is None or row.values["record"].lower() != "indicator":
            continue
        indicator = IndicatorSpec(
            row=row.number, criterion_no=row.integer("criterion_no"), code=row.text("indicator_code"),
            text=row.text("indicator_text"), kind=row.choice("kind", Indicator.Kind), unit=row.text("unit", required=False),
            comparison=row.choice("comparison", Indicator.Comparison), source=row.text("source"),
            verified=row.flag("verified"), position=len(spec.indicators),
        )
        if indicator.criterion_no is not None and indicator.criterion_no not in spec.criteria:
            row.error(_("indicator %(code)s names criterion %(number)s, which the set does not have."),
                      code=indicator.code, number=indicator.criterion_no)
        elif indicator.code in spec.indicators:
            row.error(_("the indicator code “%(code)s” appears twice in the set (first in row %(first)d)."),
                      code=indicator.code, first=spec.indicators[indicator.code].row)
        elif indicator.kind in COMPARISONS and indicator.comparison not in COMPARISONS[indicator.kind]:
            row.error(_("a %(kind)s indicator cannot take the comparison “%(comparison)s”."),
                      kind=indicator.kind, comparison=indicator.comparison)
        elif indicator.code:
            spec.indicators[indicator.code] = indicator
    for row in pending:
        spec = sets.get(row.values["set_code"])
        if spec is None or row.values["record"].lower() != "threshold":
            continue
        code = row.text("indicator_code")
        group_text = row.values["commune_group"] or "0"
        if group_text not in {str(g) for g in CommuneGroup.values}:
            row.error(_("the commune group “%(value)s” is unknown (empty for every group, or 1, 2, 3)."),
                      value=group_text)
        try:
            value = Decimal(row.text("value").replace(",", "."))
        except InvalidOperation:
            row.error(_("%(column)s “%(value)s” is not a number."), column="value", value=row.values["value"])
            value = None
        threshold = ThresholdSpec(
            row=row.number, indicator_code=code, region=row.choice("region", Region, blank=True),
            mountain=row.flag("mountain"), year=row.integer("year", required=False),
            commune_group=int(group_text) if group_text in {str(g) for g in CommuneGroup.values} else 0,
            value=value, source=row.text("source"), verified=row.flag("verified"),
        )
        indicator = spec.indicators.get(code)
        if indicator is None:
            row.error(_("the threshold names indicator “%(code)s”, which the set does not have."), code=code)
        elif indicator.kind == Indicator.Kind.YES_NO:
            row.error(_("indicator %(code)s is yes/no and takes no threshold."), code=code)
        elif threshold.key in spec.thresholds:
            row.error(_("this threshold appears twice (first in row %(first)d)."),
                      first=spec.thresholds[threshold.key].row)
        else:
            spec.thresholds[threshold.key] = threshold
    _overlaps_check(list(sets.values()), errors)
    if errors:
        raise CriteriaFileError(errors)
    if not sets:
        raise CriteriaFileError([_("The file describes no set.")])
    return list(sets.values())


def _overlaps_check(sets: list[SetSpec], errors: list[str]) -> None:
    """Two sets of the same scope and level cannot be in force in the same year."""
    stored = [(s.code, s.scope, s.level, s.period_start, s.period_end)
              for s in CriteriaSet.objects.exclude(code__in=[spec.code for spec in sets])]
    seen = []
    for spec in sets:
        if spec.period_start is None or spec.period_end is None:
            continue
        for code, scope, level, start, end in stored + seen:
            if scope == spec.scope and level == spec.level and start <= spec.period_end and spec.period_start <= end:
                errors.append(_("Row %(row)d: ") % {"row": spec.row} + _(
                    "the period %(start)d–%(end)d overlaps the set “%(other)s” of the same scope and level.")
                    % {"start": spec.period_start, "end": spec.period_end, "other": code})
        seen.append((spec.code, spec.scope, spec.level, spec.period_start, spec.period_end))
