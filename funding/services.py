"""Writes of amounts mobilised and sponsorships: each atomic and audited (the unit's GSO code)."""

from django.db import transaction
from django.http import HttpRequest

from funding.models import Funding, Sponsorship
from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User


def snapshot(obj) -> dict:
    skip = {"id", "updated_at", "created_by"}
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip}


def unit_code(obj) -> str:
    unit = obj.commune if isinstance(obj, Sponsorship) else obj.unit
    return unit.code if unit is not None else ""


@transaction.atomic
def record_save(*, obj: Funding | Sponsorship, before: dict, actor: User | None = None,
                request: HttpRequest | None = None) -> Funding | Sponsorship:
    """Create or update an amount or a sponsorship, with its audit event."""
    created = obj.pk is None
    if created and isinstance(obj, Funding):
        obj.created_by = actor
    obj.save()
    audit_record(action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED, actor=actor,
                 request=request, obj=obj, unit_code=unit_code(obj),
                 changes=diff({} if created else before, snapshot(obj)))
    return obj


@transaction.atomic
def record_delete(*, obj: Funding | Sponsorship, actor: User | None = None, request: HttpRequest | None = None) -> None:
    audit_record(action=AuditEvent.Action.DELETED, actor=actor, request=request, obj=obj, unit_code=unit_code(obj),
                 changes=diff(snapshot(obj), {}))
    obj.delete()
