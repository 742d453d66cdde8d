"""The one flow of every upload page: upload → checked preview (nothing written, the file staged in
`PendingImport`) → confirm (the staged file checked again and written, all of it or nothing).

A page makes its permission check, then calls `import_page` with its upload form, its own
`run(upload, dry_run=...)` — the service call, which answers a report with `.ok`, or raises
`UploadRefused` (or one of `refused`) for a file it cannot read at all — and its template context.
The flow reads the upload (its size bounded by the form) or the staged file, stages a clean
preview, unstages and redirects with the page's message on a confirm that wrote, and renders the
page with 400 when something was refused.

The upload form (`_partials/import_upload.html`) posts `file` and the page form's other fields;
the confirm form (`_partials/import_confirm.html`) posts `action=confirm` and `token`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ntm_tracker.uploads import BOUNDS, Bounds, UploadRefused, stage, staged, unstage, upload_size_validate


@dataclass(frozen=True)
class Upload:
    """The bytes of an upload (or of what a page staged for it) and the file's name."""

    data: bytes
    name: str = ""


@dataclass
class ImportStep:
    """Where an import page stands, for its template: `form` (the page's upload form), `report`
    (the run's; None before an upload or when the file was refused), `errors` (why the file was
    refused or the staged one is gone), `token` (the staged upload awaiting confirmation, "" when
    none), `done` (True once a confirm has written), `upload` (what was read or staged)."""

    form: forms.Form
    report: Any = None
    errors: list[str] = field(default_factory=list)
    token: str = ""
    done: bool = False
    upload: Upload | None = None


def file_form(label: str, *, accept: str, bounds: Bounds = BOUNDS) -> type[forms.Form]:
    """The upload form of a page that asks for the file alone: its input has the id `import-file`,
    `accept` lists the file types offered, and a file over `bounds.max_bytes` is refused."""
    def size_validate(upload) -> None:
        upload_size_validate(upload, bounds)

    widget = forms.FileInput(attrs={"id": "import-file", "accept": accept})
    return type("FileForm", (forms.Form,), {"file": forms.FileField(label=label, widget=widget,
                                                                      validators=[size_validate])})


def import_page(request: HttpRequest, *, kind: str, run: Callable[..., Any], form_class: type[forms.Form],
                template: str, context: Callable[[ImportStep], dict],
                read: Callable[[forms.Form], Upload] | None = None, done: Callable[[Any], str] | None = None,
                redirect_to: str | None = None, refused: tuple[type[Exception], ...] = ()) -> HttpResponse:
    """The page's response to a GET, an upload or a confirm.

    `run(upload, dry_run=...)`: the check (dry run) or the write, returning the report.
    `form_class`: the upload form, whose `file` field bounds and types the file (`file_form` for a
    page that asks for nothing else). `read(form)`: the Upload staged for a valid form (default:
    its `file`). `done(report)`: the message after a confirm that wrote, then a redirect to
    `redirect_to`; without `redirect_to` the page shows the confirm's report (`step.done`).
    `refused`: the page's own "cannot read this file" errors besides UploadRefused (their
    `.errors` lists, or their text). A staged upload that is gone is announced after a redirect to
    the empty page. A page showing a refusal answers 400.
    """
    step = ImportStep(form=form_class())
    if request.method == "POST" and (request.POST.get("action") == "confirm" or "token" in request.POST):
        pending = staged(owner=request.user, kind=kind, token=request.POST.get("token", ""))
        if pending is None:
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect(request.path)
        else:
            step.upload = Upload(pending.data, pending.name)
            _run(step, run, refused, dry_run=False)
            if step.report is not None and step.report.ok:
                unstage(pending)
                step.done = True
                if redirect_to:
                    messages.success(request, done(step.report))
                    return redirect(redirect_to)
            else:
                messages.error(request, _("Nothing was imported: the file has errors."))
    elif request.method == "POST":
        step.upload = _upload(request, step, form_class, read, refused)
        if step.upload is not None:
            _run(step, run, refused, dry_run=True)
            if step.report is not None and step.report.ok:
                step.token = stage(owner=request.user, kind=kind, data=step.upload.data, name=step.upload.name)
    failed = step.errors or step.form.errors or (step.report and not step.report.ok)
    return render(request, template, context(step), status=400 if failed else 200)


def _upload(request: HttpRequest, step: ImportStep, form_class, read, refused) -> Upload | None:
    """The posted file as the page reads it, or None with the reason in `step`."""
    step.form = form_class(request.POST, request.FILES)
    if not step.form.is_valid():
        return None
    try:
        if read is not None:
            return read(step.form)
        upload = step.form.cleaned_data["file"]
        return Upload(upload.read(), upload.name)
    except (UploadRefused, *refused) as error:
        step.errors = _messages(error)
        return None


def _run(step: ImportStep, run, refused, *, dry_run: bool) -> None:
    try:
        step.report = run(step.upload, dry_run=dry_run)
    except (UploadRefused, *refused) as error:
        step.errors = _messages(error)


def _messages(error: Exception) -> list[str]:
    return [str(message) for message in getattr(error, "errors", None) or [error]]
