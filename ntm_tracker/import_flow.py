"""The one flow of every upload page: upload → checked preview (nothing written, the file staged in
`PendingImport`) → confirm (the staged file checked again and written, all of it or nothing).

A page gives its permission check, then `import_page` with its own `run(upload, dry_run=...)` — the
service call, which answers a report with `.ok` and `.errors`, or raises `UploadRefused` (or one of
`refused`) for a file it cannot read at all — and its template context. The flow reads the upload or
the staged file, bounds its size, stages a clean preview, unstages and redirects with the page's
message on a confirm that wrote, and renders the page with 400 when something was refused.

The form posts `file` (and any other field of the page's form); the confirm form
(`_partials/import_confirm.html`) posts `action=confirm` and `token`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
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
    """Where an import page stands, for its template: `form` (the page's upload form, or None for a
    bare `file` input), `report` (the run's, None before an upload or when the file was refused),
    `errors` (why the file was refused or the staged one is gone), `token` (the staged upload
    awaiting confirmation, "" when none), `done` (True once a confirm has written), `upload` (what
    was read)."""

    form: forms.Form | None = None
    report: Any = None
    errors: list[str] = field(default_factory=list)
    token: str = ""
    done: bool = False
    upload: Upload | None = None


def import_page(request: HttpRequest, *, kind: str, run: Callable[..., Any], template: str,
                context: Callable[[ImportStep], dict], form_class: type[forms.Form] | None = None,
                read: Callable[[forms.Form], Upload] | None = None, bounds: Bounds = BOUNDS, missing: str = "",
                done: Callable[[Any], str] | None = None, redirect_to: str | None = None,
                refused: tuple[type[Exception], ...] = (), expired: str = "", expired_redirect: bool = True,
                error_status: int = 400) -> HttpResponse:
    """The page's response to a GET, an upload or a confirm.

    `run(upload, dry_run=...)`: the check (dry run) or the write, returning the report.
    `form_class`: the upload form (its `file` field bounds and types the file); without one the
    bare `file` input is read, bounded by `bounds`, and `missing` is the message when none came.
    `read(form)`: the Upload staged for a valid form (default: its `file`). `done(report)`: the
    message after a confirm that wrote, then a redirect to `redirect_to`; without `redirect_to` the
    page shows the report of the confirm (`step.done`). `refused`: the page's own "cannot read this
    file" errors besides UploadRefused (their `.errors` lists, or their text). `expired`: the
    message for a staged upload that is gone, shown after a redirect (or on the page, with
    `expired_redirect=False`). `error_status`: the status of a page showing a refusal.
    """
    step = ImportStep(form=form_class() if form_class else None)
    if request.method == "POST" and (request.POST.get("action") == "confirm" or "token" in request.POST):
        pending = staged(owner=request.user, kind=kind, token=request.POST.get("token", ""))
        if pending is None:
            message = expired or _("The uploaded file has expired; upload it again.")
            if expired_redirect:
                messages.error(request, message)
                return redirect(request.path)
            step.errors = [message]
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
        step.upload = _upload(request, step, form_class, read, bounds, missing, refused)
        if step.upload is not None:
            _run(step, run, refused, dry_run=True)
            if step.report is not None and step.report.ok:
                step.token = stage(owner=request.user, kind=kind, data=step.upload.data, name=step.upload.name)
    failed = step.errors or (step.form is not None and step.form.errors) or (step.report and not step.report.ok)
    return render(request, template, context(step), status=error_status if failed else 200)


def _upload(request: HttpRequest, step: ImportStep, form_class, read, bounds: Bounds, missing: str,
            refused) -> Upload | None:
    """The posted file (through the page's form when it has one), or None with the reason in `step`."""
    if form_class is not None:
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
    upload = request.FILES.get("file")
    if upload is None:
        step.errors = [missing]
        return None
    try:
        upload_size_validate(upload, bounds)
    except ValidationError as error:
        step.errors = error.messages
        return None
    return Upload(upload.read(), upload.name)


def _run(step: ImportStep, run, refused, *, dry_run: bool) -> None:
    try:
        step.report = run(step.upload, dry_run=dry_run)
    except (UploadRefused, *refused) as error:
        step.errors = _messages(error)


def _messages(error: Exception) -> list[str]:
    return [str(message) for message in getattr(error, "errors", None) or [error]]
