"""User management (administrators), the user's own account, the audit page, and the login view.

Every view decides access through `ntm_tracker.access` first.
"""

import io
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ntm_tracker.accounts import selectors, services
from ntm_tracker.access import can_manage_users, editable_unit, get_managed_user, require_user_manager
from ntm_tracker.htmx import page_or_partial
from ntm_tracker.import_flow import Upload, import_page
from ntm_tracker.accounts.forms import ApiTokenForm, AuditFilterForm, LanguageForm, UserFilterForm, UserForm, UserImportForm
from ntm_tracker.exports import csv_response, xlsx_append
from ntm_tracker.models import ApiToken, AuditEvent, PendingImport, User

USERS_PER_PAGE = 25
EVENTS_PER_PAGE = 50


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an overlong username before trying to authenticate it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class LoginView(auth_views.LoginView):
    """Django's login, then the user's own interface language."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        translation.activate(language)
        _set_language_cookie(response, language)
        return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie Django's LocaleMiddleware and set_language use, with the same settings."""
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)


def _posted(request: HttpRequest):
    """The submitted data of a POST (even an empty one, which must be judged, not ignored)."""
    return request.POST if request.method == "POST" else None


# --- User management -------------------------------------------------------------------------

@require_GET
@login_required
@vary_on_headers("HX-Request")
def user_list(request: HttpRequest) -> HttpResponse:
    require_user_manager(request.user)
    form = UserFilterForm(request.GET)
    form.is_valid()  # a bad field gets its message; the valid ones still filter
    filters = form.cleaned_data
    users = selectors.users_filtered(**{k: v for k, v in filters.items() if v not in (None, "")})
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, page_or_partial(request, "ntm_tracker/user_list.html", "filtered"), {
        "form": form,
        "page": page,
        "locked": selectors.locked_usernames([u.username for u in page]),
        "query": query.urlencode(),
    })


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require_user_manager(request.user)
    form = UserForm(_posted(request), creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.user_create(
            actor=request.user, request=request, username=data["username"], role=data["role"],
            full_name=data["full_name"], email=data["email"], language=data["language"],
            province=data["province"], district=data["district"], commune=data["commune"])
        return _password_shown(request, user, password, created=True)
    return render(request, "ntm_tracker/user_form.html", {"form": form, "managed": None})


@require_http_methods(["GET", "POST"])
@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    managed = get_managed_user(request.user, pk)
    form = UserForm(_posted(request), instance=managed, creating=False, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in
                  ("full_name", "email", "role", "province", "district", "commune", "language")}
        managed.refresh_from_db()  # the form wrote into the instance; compare against the stored row
        changes = services.user_update(actor=request.user, request=request, user=managed, **values)
        messages.success(request, _("Saved.") if changes else _("Nothing changed."))
        return redirect("user_edit", pk=managed.pk)
    if request.method == "POST":
        managed.refresh_from_db()
    return render(request, "ntm_tracker/user_form.html", {
        "form": form,
        "managed": managed,
        "locked": managed.username in selectors.locked_usernames([managed.username]),
        "events": AuditEvent.objects.filter(object_type="ntm_tracker.user", object_id=str(managed.pk))[:10],
        "tokens": managed.api_tokens.all(),
        "token_form": ApiTokenForm(),
    })


@require_GET
@login_required
def user_scope_fields(request: HttpRequest) -> HttpResponse:
    """The scope pickers, narrowed to the province and district picked so far (an htmx fragment)."""
    require_user_manager(request.user)
    # Unbound: the pickers are redrawn from what was picked so far, without judging it yet.
    form = UserForm(initial=request.GET.dict(), creating=True)
    return render(request, "ntm_tracker/user_form.html#scope-fields", {"form": form})


@require_POST
@login_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    managed = get_managed_user(request.user, pk)
    if request.POST.get("active") not in {"0", "1"}:
        return HttpResponseBadRequest(_("Say whether the account is to be active (1) or not (0)."))
    active = request.POST["active"] == "1"
    if managed == request.user and not active:
        messages.error(request, _("You cannot deactivate your own account."))
    elif services.user_set_active(actor=request.user, request=request, user=managed, active=active):
        messages.success(request, _("The account is active again.") if active else _("The account is deactivated."))
    return redirect("user_edit", pk=managed.pk)


@require_POST
@login_required
@never_cache
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    managed = get_managed_user(request.user, pk)
    password = services.user_password_reset(actor=request.user, request=request, user=managed)
    if managed == request.user:
        update_session_auth_hash(request, managed)
    return _password_shown(request, managed, password, created=False)


def _password_shown(request: HttpRequest, user: User, password: str, *, created: bool) -> HttpResponse:
    response = render(request, "ntm_tracker/user_password_shown.html",
                      {"managed": user, "password": password, "created": created})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@never_cache
def user_token_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue an API token to the account and show it, this once."""
    managed = get_managed_user(request.user, pk)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "ntm_tracker/user_token_form.html", {"managed": managed, "form": form}, status=400)
    token, secret = services.token_create(actor=request.user, request=request, user=managed,
                                          name=form.cleaned_data["name"])
    response = render(request, "ntm_tracker/user_token_shown.html",
                      {"managed": managed, "token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def user_token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    managed = get_managed_user(request.user, pk)
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_pk, user=managed)
    if services.token_revoke(actor=request.user, request=request, token=token):
        messages.success(request, _("The API token is revoked: it no longer works."))
    return redirect("user_edit", pk=managed.pk)


@require_POST
@login_required
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    managed = get_managed_user(request.user, pk)
    services.user_unlock(actor=request.user, request=request, user=managed)
    messages.success(request, _("The account can log in again."))
    return redirect("user_edit", pk=managed.pk)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def user_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload → dry run and preview. Step 2: confirm → the same rows, checked again, written;
    the page then shows each new account's temporary password, once."""
    require_user_manager(request.user)

    def run(upload: Upload, *, dry_run: bool) -> services.ImportReport:
        rows = services.read_user_rows(name=upload.name, content=upload.data)
        return services.users_import(actor=request.user, request=request, rows=rows, dry_run=dry_run)

    # A refused file answers 200, as the page always has (tests/ntm_tracker/test_user_import.py pins it).
    return import_page(
        request, kind=PendingImport.Kind.USERS, run=run, form_class=UserImportForm,
        template="ntm_tracker/user_import.html",
        context=lambda step: {"form": step.form, "report": step.report, "errors": step.errors,
                              "token": step.token or None, "columns": services.IMPORT_COLUMNS,
                              "roles": User.Role.choices})


# --- Own account ------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def account_password(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        services.password_change(user=request.user, request=request, new_password=form.cleaned_data["new_password1"])
        # Keeps this session; every other session of the user ends (their hash no longer matches).
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "ntm_tracker/account_password.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def account_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(_posted(request), initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_language_set(user=request.user, request=request, language=language)
        translation.activate(language)
        messages.success(request, _("Interface language saved."))
        response = redirect("account_language")
        _set_language_cookie(response, language)
        return response
    return render(request, "ntm_tracker/account_language.html", {
        "form": form, "editable_unit": editable_unit(request.user), "edits_everything": can_manage_users(request.user),
    })


# --- Audit ------------------------------------------------------------------------------------

def _audit_filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(request.GET)
    form.is_valid()  # a bad field gets its message; the valid ones still filter
    filters = form.cleaned_data
    return form, selectors.audit_events(**{k: v for k, v in filters.items() if v not in (None, "")})


@require_GET
@login_required
@vary_on_headers("HX-Request")
def audit_list(request: HttpRequest) -> HttpResponse:
    require_user_manager(request.user)
    form, events = _audit_filtered(request)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, page_or_partial(request, "ntm_tracker/audit_list.html", "results"), {
        "form": form, "page": page, "query": query.urlencode(),
    })


EXPORT_HEADER = ["time", "user", "ip_address", "action", "object_type", "object_id", "object", "unit_code", "changes", "reason"]
EXPORT_MAX_ROWS = 100_000


def _export_rows(events):
    zone = timezone.get_current_timezone()
    for event in events[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        row = [timezone.localtime(event.created_at, zone).strftime("%d/%m/%Y %H:%M:%S"), event.actor_name,
               event.ip_address or "", str(event.get_action_display()), event.object_type, event.object_id,
               event.object_repr, event.unit_code, json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
               event.reason]
        yield row


@require_GET
@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered audit events as .csv (default) or .xlsx (?format=xlsx)."""
    require_user_manager(request.user)
    _form, events = _audit_filtered(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook
        book = Workbook(write_only=True)
        sheet = book.create_sheet("audit")
        xlsx_append(sheet, EXPORT_HEADER)
        for row in _export_rows(events):
            xlsx_append(sheet, row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response
    return csv_response(_with_header(_export_rows(events)), filename=f"audit-{stamp}.csv", streaming=True)


def _with_header(rows):
    yield EXPORT_HEADER
    yield from rows
