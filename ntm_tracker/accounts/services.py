"""Writes on accounts: create, change, deactivate, reset, unlock, bulk import, own password and
language. Each one records itself in the audit trail inside its own transaction."""

import secrets
from dataclasses import dataclass, field

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import ApiToken, AuditEvent, User
from ntm_tracker.tokens import token_hash, token_new
from ntm_tracker.uploads import Bounds, UploadRefused, read_table
from ntm_tracker.validators import no_markup
from territory.models import Commune, District, Province

Role = User.Role
# What an administrator may change on an account, and what the audit trail compares.
TRACKED_FIELDS = ("username", "full_name", "email", "role", "province", "district", "commune", "language", "is_active")
IMPORT_COLUMNS = ("username", "full_name", "email", "role", "unit_code")
IMPORT_MAX_ROWS = 1000
IMPORT_BOUNDS = Bounds(max_bytes=2 * 1024 * 1024, max_rows=IMPORT_MAX_ROWS + 1, max_columns=50)


def scope_for_role(role: str, province: Province | None, district: District | None,
                   commune: Commune | None) -> tuple[dict, dict[str, str]]:
    """The scope an account of `role` gets from the units picked, and the errors by field.

    The wider units may be picked only to narrow the pickers (a province to list its districts, a
    district to list its communes); they must then contain the unit that becomes the scope.
    Returns ({"province": …, "district": …, "commune": …}, {field: message}).
    """
    errors: dict[str, str] = {}
    scope = {"province": None, "district": None, "commune": None}
    if commune is not None and district is not None and commune.district_id != district.pk:
        errors["commune"] = _("This commune is not in the chosen district.")
    if district is not None and province is not None and district.province_id != province.pk:
        errors["district"] = _("This district is not in the chosen province.")
    if commune is not None and district is None and province is not None and commune.province_id != province.pk:
        errors["commune"] = _("This commune is not in the chosen province.")
    match role:
        case Role.ADMIN:
            if province or district or commune:
                errors["role"] = _("An administrator has no scope: leave province, district and commune empty.")
        case Role.NATIONAL:
            if province or district or commune:
                errors["role"] = _("A national user reads every province: leave province, district and commune empty.")
        case Role.PROVINCE:
            if province is None:
                errors["province"] = _("Province staff need a province.")
            if district or commune:
                errors["district" if district else "commune"] = _(
                    "Province staff work on the whole province: leave district and commune empty.")
            scope["province"] = province
        case Role.DISTRICT:
            if district is None:
                errors["district"] = _("District staff need a district.")
            if commune:
                errors["commune"] = _("District staff work on the whole district: leave the commune empty.")
            scope["district"] = district
        case Role.COMMUNE:
            if commune is None:
                errors["commune"] = _("Commune staff need a commune.")
            scope["commune"] = commune
        case Role.LEADER:
            if commune:
                errors["commune"] = _("A leader reads a province or a district, not a single commune.")
            if province is None and district is None:
                errors["province"] = _("A leader needs a province or a district.")
            if district is not None:
                scope["district"] = district
            else:
                scope["province"] = province
        case _:
            errors["role"] = _("Choose a role.")
    return scope, errors


def temporary_password() -> str:
    """A random password that passes the validators, to be changed at first login: 'Kx7p-m3Qa-9tRw'."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        password = "-".join("".join(secrets.choice(alphabet) for _i in range(4)) for _j in range(3))
        if any(c.islower() for c in password) and any(c.isupper() for c in password) and any(c.isdigit() for c in password):
            return password


# A temporary password is random (12 characters of 55: about 69 bits), so guessing it is hopeless
# whatever the hash; it needs no key stretching. A light hash keeps a bulk import of hundreds of
# accounts within one request (the full work factor costs half a second each). Django rehashes
# it with the full work factor at the first login, and the user must replace it then anyway.
TEMPORARY_PASSWORD_ITERATIONS = 20_000


def _set_temporary_password(user: User, password: str) -> None:
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        user.password = hasher.encode(password, hasher.salt(), iterations=TEMPORARY_PASSWORD_ITERATIONS)
    else:
        user.set_password(password)


def user_snapshot(user: User) -> dict:
    """The audited fields of an account, for `diff`."""
    return {name: getattr(user, name) for name in TRACKED_FIELDS}


def user_unit_code(user: User) -> str:
    """The GSO code of the account's scope ('' for administrators), the audit `unit_code`."""
    return user.scope.code if user.scope is not None else ""


@transaction.atomic
def user_create(*, actor: User, request: HttpRequest | None, username: str, role: str, full_name: str = "",
                email: str = "", language: str = "vi", province: Province | None = None,
                district: District | None = None, commune: Commune | None = None) -> tuple[User, str]:
    """Create an account with a temporary password it must change at first login.

    Returns (user, the temporary password) — the password is shown once and never stored in clear.
    """
    password = temporary_password()
    user = User(username=username, role=role, full_name=full_name, email=email, language=language,
                province=province, district=district, commune=commune, must_change_password=True,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    _set_temporary_password(user, password)
    user.save()
    audit_record(action=AuditEvent.Action.USER_CREATED, actor=actor, request=request, obj=user,
                 unit_code=user_unit_code(user), changes=diff({}, user_snapshot(user)))
    return user, password


@transaction.atomic
def user_update(*, actor: User, request: HttpRequest | None, user: User, **values) -> dict:
    """Change an account's name, e-mail, role, scope or language; return the recorded changes.

    `values` holds the TRACKED_FIELDS to set. Administrators, and only they, get the Django
    admin with every permission, so `is_staff` and `is_superuser` follow the role.
    """
    before = user_snapshot(user)
    for name, value in values.items():
        if name not in TRACKED_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(user, name, value)
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    changes = diff(before, user_snapshot(user))
    if changes:
        user.save()
        audit_record(action=AuditEvent.Action.USER_CHANGED, actor=actor, request=request, obj=user,
                     unit_code=user_unit_code(user), changes=changes)
    return changes


@transaction.atomic
def user_set_active(*, actor: User, request: HttpRequest | None, user: User, active: bool) -> bool:
    """Deactivate (the account can no longer log in; its history stays) or reactivate.

    Returns whether anything changed. Deactivating ends the user's sessions: an inactive user is
    logged out by the authentication backend on their next request.
    """
    if user.is_active == active:
        return False
    return bool(user_update(actor=actor, request=request, user=user, is_active=active))


@transaction.atomic
def user_password_reset(*, actor: User, request: HttpRequest | None, user: User) -> str:
    """Give the account a new temporary password; the user must change it at next login.

    Returns the temporary password. Changing the password ends the user's other sessions.
    """
    password = temporary_password()
    _set_temporary_password(user, password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action=AuditEvent.Action.PASSWORD_RESET, actor=actor, request=request, obj=user,
                 unit_code=user_unit_code(user))
    return password


@transaction.atomic
def user_unlock(*, actor: User, request: HttpRequest | None, user: User) -> int:
    """Lift a login lockout before its cool-off ends; returns the number of attempt records cleared."""
    cleared = axes_reset(username=user.get_username())
    audit_record(action=AuditEvent.Action.USER_CHANGED, actor=actor, request=request, obj=user,
                 unit_code=user_unit_code(user), changes={"locked_out": [True, False]})
    return cleared


@transaction.atomic
def password_change(*, user: User, request: HttpRequest | None, new_password: str) -> None:
    """The user sets their own password (already validated); this clears must_change_password.

    The session hash changes with the password, so every other session of the user ends; the view
    keeps the current one with update_session_auth_hash.
    """
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, actor=user, request=request, obj=user,
                 unit_code=user_unit_code(user))


@transaction.atomic
def user_language_set(*, user: User, request: HttpRequest | None, language: str) -> None:
    """Remember the user's interface language (applied at each login)."""
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(action=AuditEvent.Action.USER_CHANGED, actor=user, request=request, obj=user,
                     unit_code=user_unit_code(user), changes={"language": [before, language]})


# --- Bulk import -------------------------------------------------------------------------------

@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    password: str = ""


@dataclass
class ImportReport:
    """The rows read, each with its errors; `created` is True only when the accounts were written."""
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)
    created: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for row in self.rows if row.errors)


def read_user_rows(*, name: str, content: bytes) -> list[dict]:
    """Rows of an uploaded .csv (UTF-8, comma or semicolon) or .xlsx list as {column: text}.

    Raises UploadRefused with a message for the user when the file cannot be read.
    """
    if not name.lower().endswith((".xlsx", ".csv")):
        raise UploadRefused(_("Upload a .csv or .xlsx file."))
    # Past IMPORT_MAX_ROWS users the bounds refuse the file, with their message.
    table = [["" if cell is None else str(cell).strip() for cell in row]
             for _number, row in read_table(content, name=name, bounds=IMPORT_BOUNDS)]
    if not table:
        raise UploadRefused(_("The file is empty."))
    header = [cell.lower() for cell in table[0]]
    missing = [column for column in IMPORT_COLUMNS if column not in header]
    if missing:
        raise UploadRefused(_("Missing columns: %(columns)s. The first row must be: %(expected)s.") % {
            "columns": ", ".join(missing), "expected": ", ".join(IMPORT_COLUMNS)})
    return [{column: (row[header.index(column)] if header.index(column) < len(row) else "") for column in IMPORT_COLUMNS}
            for row in table[1:]]


def _role_from_text(text: str) -> str | None:
    text = text.strip().lower()
    for value, label in Role.choices:
        if text in {value, str(label).lower()}:
            return value
    return None


def _check_row(values: dict, seen: set[str], units: dict[str, object]) -> list[str]:
    errors = []
    username = values["username"]
    if not username:
        errors.append(_("The username is missing."))
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError as exc:
            errors.extend(exc.messages)
        if len(username) > 150:
            errors.append(_("The username is longer than 150 characters."))
        if username.lower() in seen:
            errors.append(_("The username appears twice in the file."))
        seen.add(username.lower())
    for name in ("full_name",):
        try:
            no_markup(values[name])
        except ValidationError as exc:
            errors.extend(exc.messages)
        if len(values[name]) > 150:
            errors.append(_("The full name is longer than 150 characters."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("The e-mail address is not valid."))
    role = _role_from_text(values["role"])
    if role is None:
        errors.append(_("Unknown role “%(role)s”.") % {"role": values["role"][:50]})
        return errors
    code = values["unit_code"]
    unit = units.get(code)
    if code and unit is None:
        errors.append(_("No unit has the GSO code “%(code)s”.") % {"code": code[:20]})
        return errors
    picked = {"province": unit if isinstance(unit, Province) else None,
              "district": unit if isinstance(unit, District) else None,
              "commune": unit if isinstance(unit, Commune) else None}
    scope, scope_errors = scope_for_role(role, **picked)
    errors.extend(scope_errors.values())
    values["role"], values["scope"] = role, scope
    return errors


def users_import(*, actor: User, request: HttpRequest | None, rows: list[dict], dry_run: bool) -> ImportReport:
    """Check every row and, unless `dry_run` or any row has an error, create all the accounts.

    All or nothing: one bad row and no account is created. Each new account gets a temporary
    password (in the report, shown once) and must change it at first login.
    """
    codes = {row["unit_code"] for row in rows if row.get("unit_code")}
    units: dict[str, object] = {}
    units.update({p.code: p for p in Province.objects.filter(code__in=[c for c in codes if len(c) == 2])})
    units.update({d.code: d for d in District.objects.filter(code__in=[c for c in codes if len(c) == 3])})
    units.update({c.code: c for c in Commune.objects.select_related("district").filter(code__in=[c for c in codes if len(c) == 5])})
    existing = {name.lower() for name in User.objects.filter(username__in=[r["username"] for r in rows]).values_list("username", flat=True)}
    seen: set[str] = set()
    result = ImportReport(rows=[])
    for line, raw in enumerate(rows, start=2):
        values = {column: str(raw.get(column, "") or "").strip() for column in IMPORT_COLUMNS}
        row = ImportRow(line=line, values=values)
        row.errors = _check_row(values, seen, units)
        if values["username"].lower() in existing:
            row.errors.append(_("A user with this username already exists."))
        result.rows.append(row)
    if not rows:
        result.file_errors.append(_("The file has no users."))
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        for row in result.rows:
            _user, row.password = user_create(actor=actor, request=request, username=row.values["username"],
                                          role=row.values["role"], full_name=row.values["full_name"],
                                          email=row.values["email"], **row.values["scope"])
        audit_record(action=AuditEvent.Action.IMPORTED, actor=actor, request=request,
                     changes={"users": [None, [row.values["username"] for row in result.rows]]})
        result.created = True
    return result



# --- API tokens ------------------------------------------------------------------------------


@transaction.atomic
def token_create(*, actor: User, request: HttpRequest | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue an API token to `user`. Returns (the row, the token): the token is shown once and only
    its hash is stored (`ntm_tracker.tokens`). Audited on the account."""
    token = token_new()
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:12], secret_hash=token_hash(token),
                                  created_by=actor)
    audit_record(action=AuditEvent.Action.TOKEN_CREATED, actor=actor, request=request, obj=user,
                 unit_code=user_unit_code(user), changes={"api_token": [None, str(row)]})
    return row, token


@transaction.atomic
def token_revoke(*, actor: User, request: HttpRequest | None, token: ApiToken) -> bool:
    """Revoke a token for good (the row stays, for the record). False when it already was."""
    from django.utils import timezone

    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    token.revoked_at = locked.revoked_at
    audit_record(action=AuditEvent.Action.TOKEN_REVOKED, actor=actor, request=request, obj=token.user,
                 unit_code=user_unit_code(token.user), changes={"api_token": [str(locked), None]})
    return True
