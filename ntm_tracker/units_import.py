"""The unit list import in the browser (issue 11, step 3): an administrator uploads the list of a
reorganisation (GSO layout with districts, or the NSO 2025 layout), optionally its lineage file,
with the date it takes effect and the resolution → a dry run reports what would change (created,
closed, renamed, moved, merged, split) → confirm writes it, all or nothing.

The work is `territory.reorganisation.units_reorganise`, the same as `manage.py import_units
--effective`; the files are read through `ntm_tracker.uploads.read_table` (bounds, NFC, no control
characters) and the checked upload waits in `PendingImport` until it is confirmed.
"""

import datetime
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods

from ntm_tracker.access import require_user_manager
from ntm_tracker.audit import audit_record
from ntm_tracker.import_flow import Upload, import_page
from ntm_tracker.models import AuditEvent, PendingImport
from ntm_tracker.uploads import Bounds, UploadRefused, read_table, upload_size_validate
from territory.imports import UnitImportError, rows_from_table
from territory.reorganisation import default_lineage, lineage_from_table, units_reorganise

# The whole country's list (10,598 communes before 2025, 3,321 after) fits: under 1 MB as CSV.
UNIT_BOUNDS = Bounds(max_rows=15000, max_columns=20)


class UnitImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("List of units (.xlsx or .csv)"),
                            help_text=gettext_lazy("GSO layout (with districts) or the NSO 2025 layout: "
                                                   "Tỉnh Thành Phố, Mã TP, Phường Xã, Mã PX, Cấp."))
    lineage = forms.FileField(label=gettext_lazy("Lineage (optional, .csv or .xlsx)"), required=False,
                              help_text=gettext_lazy("Columns: old code, new code, partial (yes/no). Without it, "
                                                     "a list effective on 1 July 2025 takes the official conversion table."))
    effective = forms.DateField(label=gettext_lazy("Effective from"), widget=forms.DateInput(attrs={"type": "date"}))
    resolution = forms.CharField(label=gettext_lazy("Resolution"), max_length=100, required=False,
                                 help_text=gettext_lazy("e.g. 1665/NQ-UBTVQH15"))
    province = forms.RegexField(label=gettext_lazy("Only this province (GSO code)"), regex=r"^\d{2}$", required=False,
                                max_length=2, error_messages={"invalid": gettext_lazy("A GSO code has exactly 2 digits.")})

    def _file(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload is not None:
            if not upload.name.lower().endswith((".xlsx", ".csv")):
                raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
            upload_size_validate(upload, UNIT_BOUNDS)
        return upload

    def clean_file(self):
        return self._file("file")

    def clean_lineage(self):
        return self._file("lineage")


def _read(upload) -> list[tuple[int, list]]:
    try:
        return read_table(upload.read(), name=upload.name, bounds=UNIT_BOUNDS)
    except UploadRefused as refused:
        raise UnitImportError([f"{upload.name}: {refused}"]) from None


def _payload(form: UnitImportForm) -> Upload:
    """What is staged for a valid form: the lists read, as JSON, under the units file's name."""
    data = form.cleaned_data
    rows = rows_from_table(_read(data["file"]))
    if data["lineage"] is not None:
        links, left_out = lineage_from_table(_read(data["lineage"])), []
    else:
        links, left_out = default_lineage(rows, data["effective"], data["province"] or None)
    payload = {"name": data["file"].name, "rows": rows, "lineage": links, "effective": data["effective"].isoformat(),
               "resolution": data["resolution"], "province": data["province"], "left_out": len(left_out)}
    return Upload(json.dumps(payload, ensure_ascii=False).encode(), data["file"].name)


def _report_rows(report) -> list[tuple[str, int, str]]:
    """(label, count, codes shown) for the report table."""
    def codes(items) -> str:
        items = list(items)
        return ", ".join(items[:30]) + (" …" if len(items) > 30 else "")

    merged = [f"{new} ← {', '.join(olds)}" for new, olds in sorted(report.merged.items())]
    split = [f"{old} → {', '.join(news)}" for old, news in sorted(report.split.items())]
    return [
        (_("Communes created"), len(report.created), codes(report.created)),
        (_("Communes closed"), len(report.closed), codes(report.closed)),
        (_("Renamed"), len(report.renamed), codes(report.renamed)),
        (_("Moved"), len(report.moved), codes(report.moved)),
        (_("Formed by merger"), len(report.merged), "; ".join(merged[:15]) + (" …" if len(merged) > 15 else "")),
        (_("Split"), len(report.split), "; ".join(split[:15]) + (" …" if len(split) > 15 else "")),
        (_("Districts created"), len(report.districts_created), codes(report.districts_created)),
        (_("Districts closed"), len(report.districts_closed), codes(report.districts_closed)),
    ]


@require_http_methods(["GET", "POST"])
@login_required
def units_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload → dry run and its report. Step 2: confirm → the same lists, checked again, written."""
    require_user_manager(request.user)

    def run(upload: Upload, *, dry_run: bool):
        payload = json.loads(upload.data)
        report = units_reorganise(rows=payload["rows"], effective=datetime.date.fromisoformat(payload["effective"]),
                                  province=payload["province"] or None,
                                  lineage=[tuple(link) for link in payload["lineage"]],
                                  resolution=payload["resolution"], dry_run=dry_run)
        if not dry_run:
            audit_record(action=AuditEvent.Action.IMPORTED, request=request, unit_code=payload["province"] or "",
                         reason=payload["resolution"],
                         changes={"units": [payload["name"], f"{payload['effective']}: {len(report.created)} created, "
                                            f"{len(report.closed)} closed, {len(report.merged)} merged"]})
        return report

    return import_page(
        request, kind=PendingImport.Kind.UNITS, run=run, form_class=UnitImportForm, read=_payload,
        refused=(UnitImportError,), template="ntm_tracker/units_import.html",
        context=lambda step: {"form": step.form, "errors": step.errors, "report": step.report, "done": step.done,
                              "rows": _report_rows(step.report) if step.report else [], "token": step.token,
                              "payload": json.loads(step.upload.data) if step.upload else None})
