"""Recording the audit trail. Call `audit_record` inside the transaction of the change it
describes, so a change and its record are written together or not at all."""

import datetime
import ipaddress
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.http import HttpRequest
from django.utils import numberformat, timezone
from django.utils.formats import date_format, get_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from ntm_tracker.db import rows_insert
from ntm_tracker.models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, for the audit trail and for django-axes (AXES_CLIENT_IP_CALLABLE).

    Directly exposed (BEHIND_PROXY off): REMOTE_ADDR, and X-Forwarded-For is ignored, since any
    client can send it. Behind the reverse proxy (BEHIND_PROXY on): the LAST X-Forwarded-For entry,
    the one our proxy appended (nginx's $proxy_add_x_forwarded_for) — the entries before it come from
    the client and are not trusted. With no usable entry (a health check straight to the app server,
    a malformed header), REMOTE_ADDR: the peer that really talked to us."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = _ip_address(forwarded.rsplit(",", 1)[-1])
        if address:
            return address
    return _ip_address(request.META.get("REMOTE_ADDR", ""))


def _ip_address(raw: str) -> str | None:
    """A valid IPv4 or IPv6 address in its canonical form, or None."""
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def diff(before: dict, after: dict) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value differs; values made JSON-friendly."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def _values(*, action: str, actor: User | None = None, request: HttpRequest | None = None,
            obj: models.Model | None = None, unit_code: str = "", changes: dict | None = None, reason: str = "",
            actor_name: str = "") -> dict:
    """The column values of one audit event. `obj` fills the object type, id and description."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    return {
        "action": action,
        "actor": actor,
        "actor_name": actor_name or (actor.get_username() if actor else ""),
        "ip_address": client_ip(request),
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": str(obj)[:255] if obj is not None else "",
        "unit_code": unit_code,
        "changes": changes or {},
        "reason": reason,
    }


def audit_record(**kwargs) -> AuditEvent:
    """Write one audit event: `action`, `actor`, `request`, `obj`, `unit_code`, `changes`, `reason`,
    `actor_name`."""
    return AuditEvent.objects.create(**_values(**kwargs))


def audit_record_many(events: list[dict]) -> int:
    """Write many audit events at once (each a dict of `audit_record`'s arguments): plain-SQL
    batches, for an import of thousands of values, where building a model instance and compiling
    an ORM insert per row cost seconds. Returns the number written."""
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Only these need the database's own form; the rest are plain text and ids.
    prepared = {"changes", "ip_address"}
    rows = []
    for event in events:
        values = _values(**event)
        values["actor_id"] = values.pop("actor").pk if values["actor"] is not None else None
        values["created_at"] = now
        rows.append([field.get_db_prep_save(values[field.attname], connection) if field.attname in prepared
                     else values[field.attname] for field in fields])
    rows_insert(AuditEvent._meta.db_table, [field.column for field in fields], rows)
    return len(rows)


# --- Reading the trail ------------------------------------------------------------------------------
# Changes are stored as the services recorded them (field names, raw values); these turn them into
# what a person reads: the field's label, "Đạt"/"Không đạt" for met, a choice's label, dates as
# dd/mm/yyyy, numbers in the Vietnamese format, a file by its name, "—" only for an empty value.

EMPTY = "—"
_NOT_FIELDS = {  # keys some services record that are not fields of the audited model
    "row": gettext_lazy("row"),
    "users": gettext_lazy("users"),
    "locked_out": gettext_lazy("locked out"),
    "api_token": gettext_lazy("API token"),
}


def _field(object_type: str, name: str):
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def change_label(object_type: str, name: str) -> str:
    """The label of a changed field: its model field's verbose name, translated."""
    field = _field(object_type, name) if object_type else None
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(str(field.verbose_name))
    return capfirst(str(_NOT_FIELDS.get(name, name.replace("_", " "))))


def change_value(object_type: str, name: str, value) -> str:
    """A recorded value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    field = _field(object_type, name) if object_type else None
    if isinstance(value, bool):
        if name == "met":
            return gettext("Met") if value else gettext("Not met")
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field is not None and getattr(field, "flatchoices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(field, models.ForeignKey) and isinstance(value, int):  # recorded by id (the OCOP register)
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.FileField):
        return PurePosixPath(str(value)).name
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(datetime.date.fromisoformat(value[:10]), "d/m/Y")
        except ValueError:
            return value
    if isinstance(field, (models.DecimalField, models.FloatField)):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if number.is_finite():
            number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
            # Grouped by thousands (the locale's separators: 1.234,5 in Vietnamese), whatever the
            # locale's NUMBER_GROUPING (Django's Vietnamese formats leave it at 0).
            return numberformat.format(number, get_format("DECIMAL_SEPARATOR"), grouping=3,
                                       thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)
    return str(value)


def change_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(label, old, new) of each change of `event`, as a person reads them."""
    kind = event.object_type
    return [(change_label(kind, name), change_value(kind, name, pair[0] if pair else None),
             change_value(kind, name, pair[1] if len(pair) > 1 else None))
            for name, pair in (event.changes or {}).items()]
