"""Writes of the leaders' side: targets. Each change is audited in its own transaction."""

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from dashboards.models import Target
from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User
from ntm_tracker.stale import StaleEdit
from territory.models import Province

TARGET_FIELDS = ["year", "start_year", "district", "kind", "metric", "title", "unit", "value", "baseline",
                 "district_codes", "actual", "actual_source", "actual_verified", "note"]


def _snapshot(target: Target) -> dict:
    values = {name: getattr(target, name) for name in TARGET_FIELDS}
    values["district"] = target.district.code if target.district_id else None
    return values


def _unit_code(target: Target) -> str:
    return target.district.code if target.district_id else target.province.code


@transaction.atomic
def target_create(*, province: Province, data: dict, actor: User | None, request: HttpRequest | None = None) -> Target:
    """Create a target of `province` from cleaned form data (keys of TARGET_FIELDS)."""
    target = Target.objects.create(province=province, created_by=actor, updated_by=actor, **data)
    audit_record(action=AuditEvent.Action.CREATED, actor=actor, request=request, obj=target,
                 unit_code=_unit_code(target), changes=diff({}, _snapshot(target)))
    return target


@transaction.atomic
def target_update(*, target: Target, version: int, data: dict, actor: User | None,
                  request: HttpRequest | None = None) -> Target:
    """Save new values if nobody saved since `version` was read; raise StaleEdit otherwise."""
    current = Target.objects.select_for_update(of=("self",)).select_related("province", "district").get(pk=target.pk)
    if current.version != version:
        raise StaleEdit(current)
    before = _snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    current.updated_by = actor
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit_record(action=AuditEvent.Action.CHANGED, actor=actor, request=request, obj=current,
                 unit_code=_unit_code(current), changes=diff(before, _snapshot(current)))
    return current
