"""Uploads of workbooks and CSV files: the bounds every import reads through, and the staging
table that holds an upload between its preview and its confirmation.

Every import reads its file with `read_table` (never `openpyxl.load_workbook` or `csv.reader` on
its own): the size of the upload, the unpacked size of the .xlsx zip (from the zip's directory,
before openpyxl opens it), the rows and the columns are bounded, and reading stops at the first
bound passed — a 200,000-row or 16,000-column sheet is refused after reading a few thousand rows
or one row. An import stages what it showed in a preview with `stage` and reads it back on confirm
with `staged`, which answers 404 for another user's token.
"""

import csv
import datetime
import io
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_tracker.models import PendingImport, User
from ntm_tracker.text import clean_text

MIB = 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    """What one import accepts. The defaults fit a province's full-year assessment workbook
    (~600 communes × 60 columns, ~2 MB unpacked) many times over."""

    max_bytes: int = 5 * MIB
    max_unpacked: int = 10 * MIB  # the sum of the .xlsx zip's members, uncompressed
    max_rows: int = 5000  # rows with data, the header included
    max_columns: int = 200


BOUNDS = Bounds()
# How long a checked upload waits for its confirmation.
STAGE_TTL = datetime.timedelta(hours=2)


class UploadRefused(ValueError):
    """The file cannot be imported; `str(error)` is the message for the user."""


@dataclass(frozen=True)
class RowError:
    """One problem of an imported sheet: its row (numbered as in the sheet), the column's header,
    the column's letter ("" when the import does not fix the columns' places) and the message."""

    row: int
    column: str
    letter: str
    message: str


def _too_large(bounds: Bounds) -> UploadRefused:
    # One message for every bound: the user learns all the limits at once.
    return UploadRefused(_("The file is too large to import: at most %(size)s, %(rows)s rows and %(columns)s "
                           "columns. Split it into smaller files.") % {
        "size": filesizeformat(bounds.max_bytes), "rows": bounds.max_rows, "columns": bounds.max_columns})


def upload_size_validate(upload, bounds: Bounds = BOUNDS) -> None:
    """Form-field validator: raise ValidationError for an upload over the byte bound."""
    if upload is not None and upload.size > bounds.max_bytes:
        raise ValidationError(str(_too_large(bounds)))


def cell_date(value) -> datetime.date | None:
    """A date cell of a sheet: a spreadsheet date, or text as 31/12/2024 or 2024-12-31; None when
    it is empty or none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_table(data: bytes, *, name: str = ".xlsx", bounds: Bounds = BOUNDS) -> list[tuple[int, list]]:
    """The rows of an .xlsx workbook's first sheet, or of a .csv file (UTF-8, comma or semicolon),
    as (row number from 1, cell values) with every row as wide as the widest, blank rows left
    out — or UploadRefused. Text cells come back in NFC without control characters
    (`ntm_tracker.text.clean_text`), so every import reads "Đạt" typed decomposed as "Đạt".

    `name` is the uploaded file's name: ".csv" at its end reads CSV, anything else .xlsx.
    """
    if len(data) > bounds.max_bytes:
        raise _too_large(bounds)
    rows = _csv_rows(data, bounds) if name.lower().endswith(".csv") else _xlsx_rows(data, bounds)
    width = max((len(row) for _number, row in rows), default=0)
    return [(number, [clean_text(cell) for cell in row] + [None] * (width - len(row))) for number, row in rows]


def _keep(number: int, row, table: list, bounds: Bounds) -> None:
    """Add `row` (trailing blanks dropped) to `table` unless blank; refuse past the bounds."""
    values = list(row)
    while values and values[-1] in (None, ""):
        values.pop()
    if len(values) > bounds.max_columns:
        raise _too_large(bounds)
    if values:
        table.append((number, values))
        if len(table) > bounds.max_rows:
            raise _too_large(bounds)


SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xlsx_rows(data: bytes, bounds: Bounds) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The declared sizes bound what unpacking can produce (zipfile stops at them).
            if sum(member.file_size for member in archive.infolist()) > bounds.max_unpacked:
                raise _too_large(bounds)
            _scan(archive, bounds)
    except (zipfile.BadZipFile, ValueError, OSError, SyntaxError) as error:
        if isinstance(error, UploadRefused):
            raise
        raise UploadRefused(_("The file is not a readable .xlsx workbook.")) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UploadRefused(_("The file is not a readable .xlsx workbook.")) from None
    table: list[tuple[int, list]] = []
    try:
        if not book.worksheets:
            raise UploadRefused(_("The file is not a readable .xlsx workbook."))
        sheet = book.worksheets[0]
        # Rows as they are in the file, not padded to the sheet's declared width.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            _keep(number, row, table, bounds)
    except UploadRefused:
        raise
    except Exception:
        raise UploadRefused(_("The file is not a readable .xlsx workbook.")) from None
    finally:
        book.close()
    return table


def _scan(archive: zipfile.ZipFile, bounds: Bounds) -> None:
    """Count the rows and cells of every XML part of the workbook as a stream, stopping at the
    first bound passed. openpyxl cannot be asked to: without a declared dimension it parses a whole
    sheet when it opens the workbook (seconds and hundreds of MB for 200,000 rows), and it loads
    every sheet, not only the one read. Blank rows are counted too (each is parsed), up to twice
    the row bound."""
    from xml.etree.ElementTree import XMLPullParser

    row_tag, cell_tag, data_tag = SHEET_NS + "row", SHEET_NS + "c", SHEET_NS + "sheetData"
    for member in archive.infolist():
        if not member.filename.lower().endswith(".xml"):
            continue
        parser, rows, cells, container = XMLPullParser(events=("start", "end")), 0, 0, None
        with archive.open(member) as source:
            while chunk := source.read(64 * 1024):
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start" and element.tag == row_tag:
                        rows, cells = rows + 1, 0
                        if rows > 2 * bounds.max_rows + 10:
                            raise _too_large(bounds)
                    elif event == "start" and element.tag == cell_tag:
                        cells += 1
                        if cells > bounds.max_columns:
                            raise _too_large(bounds)
                    elif event == "start" and element.tag == data_tag:
                        container = element
                    elif event == "end" and element.tag == row_tag and container is not None:
                        container.clear()  # the rows read so far: keeps memory flat
        parser.close()


def _csv_rows(data: bytes, bounds: Bounds) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(_("The .csv file must be saved as UTF-8.")) from None
    first_line = text[:text.find("\n")] if "\n" in text else text
    # Excel in a Vietnamese locale saves .csv with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    table: list[tuple[int, list]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            _keep(number, [cell.strip() for cell in row], table, bounds)
    except csv.Error:
        raise UploadRefused(_("This .csv file cannot be read.")) from None
    return table


# --- Staging ------------------------------------------------------------------------------------

def stage(*, owner: User, kind: str, data: bytes, name: str = "") -> str:
    """Keep a checked upload for `owner` until it is confirmed or expires; returns its token.

    Expired uploads of everyone and the owner's earlier upload of the same kind are deleted first,
    so the table holds at most one upload per person and kind.
    """
    now = timezone.now()
    PendingImport.objects.filter(Q(expires_at__lte=now) | Q(owner=owner, kind=kind)).delete()
    pending = PendingImport.objects.create(token=uuid.uuid4(), owner=owner, kind=kind, name=name[:255],
                                           data=data, expires_at=now + STAGE_TTL)
    return str(pending.token)


def staged(*, owner: User, kind: str, token: str) -> PendingImport | None:
    """The owner's staged upload of `kind` with `token`, or None when it has expired or is gone.

    Raises Http404 for a malformed token and for another user's (or another kind's) upload.
    """
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise Http404 from None
    pending = PendingImport.objects.filter(token=token).first()
    if pending is None:
        return None
    if pending.owner_id != owner.pk or pending.kind != kind:
        raise Http404
    if pending.expires_at <= timezone.now():
        pending.delete()
        return None
    pending.data = bytes(pending.data)  # PostgreSQL hands back a memoryview
    return pending


def unstage(pending: PendingImport) -> None:
    """Delete a staged upload once it has been imported."""
    PendingImport.objects.filter(pk=pending.pk).delete()


def pending_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete the expired staged uploads; returns how many."""
    return PendingImport.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]
