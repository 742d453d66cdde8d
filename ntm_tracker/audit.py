"""Recording the audit trail. Call `audit_record` inside the transaction of the change it
describes, so a change and its record are written together or not at all."""

from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from ntm_tracker.models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind a proxy, REMOTE_ADDR must be set from X-Forwarded-For by the
    proxy-aware server configuration, never trusted from the header directly."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
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
    insert_rows(AuditEvent._meta.db_table, columns, len(fields), rows)
    return len(rows)


def insert_rows(table: str, columns: str, width: int, rows: list[list], suffix: str = "") -> None:
    """INSERT rows of `width` values into `table` by one `executemany` of a one-row statement
    (`suffix`, e.g. ON CONFLICT … DO UPDATE, follows its VALUES): the statement is parsed once,
    where one statement of thousands of placeholders costs the driver seconds of Python."""
    if not rows:
        return
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES {placeholder}{suffix}",
                           rows)
