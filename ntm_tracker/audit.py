"""Recording the audit trail. Call `audit_record` inside the transaction of the change it
describes, so a change and its record are written together or not at all."""

from django.db import models
from django.http import HttpRequest

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


def audit_event(
    *,
    action: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    unit_code: str = "",
    changes: dict | None = None,
    reason: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """One audit event, not saved yet (for `AuditEvent.objects.bulk_create` of a batch of changes).
    `obj` fills the object type, id and description."""
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    return AuditEvent(
        action=action,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        ip_address=client_ip(request),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        unit_code=unit_code,
        changes=changes or {},
        reason=reason,
    )


def audit_record(**kwargs) -> AuditEvent:
    """Write one audit event (the arguments of `audit_event`)."""
    event = audit_event(**kwargs)
    event.save(force_insert=True)
    return event
