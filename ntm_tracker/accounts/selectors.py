"""Reads for the user-management and audit pages."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from ntm_tracker.collation import vietnamese
from ntm_tracker.models import AuditEvent, User


def users_filtered(*, q: str = "", role: str = "", province=None, district=None, commune: str = "",
                   active: str = "", scope: str = "") -> QuerySet[User]:
    """Accounts matching the user-list filters, ordered by username (Vietnamese order).

    A QuerySet of User with the scope units joined (one query per page whatever its size).
    `province` / `district` match accounts scoped to that unit or to any unit inside it;
    `commune` is a GSO code; `active` is "1", "0" or ""; `scope` "dissolved": accounts scoped to a
    province, district or commune that no longer exists (all districts since 1 July 2025, merged
    communes), for an administrator to re-scope — they keep read access to their old area's history.
    """
    users = User.objects.select_related("province", "district", "commune").order_by(vietnamese("username"))
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    if role:
        users = users.filter(role=role)
    if province is not None:
        users = users.filter(Q(province=province) | Q(district__province=province) | Q(commune__province=province))
    if district is not None:
        users = users.filter(Q(district=district) | Q(commune__district=district))
    if commune:
        users = users.filter(commune__code=commune)
    if active in {"0", "1"}:
        users = users.filter(is_active=active == "1")
    if scope == "dissolved":
        users = users.filter(dissolved_scope())
    return users


def dissolved_scope() -> Q:
    """Users whose scope unit has closed (its `valid_to` is set)."""
    return (Q(province__valid_to__isnull=False) | Q(district__valid_to__isnull=False)
            | Q(commune__valid_to__isnull=False))


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these usernames are locked out of login right now (django-axes records)."""
    attempts = AccessAttempt.objects.filter(username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return set(attempts.values_list("username", flat=True))


def audit_events(*, user: str = "", action: str = "", date_from: datetime.date | None = None,
                 date_to: datetime.date | None = None, unit: str = "") -> QuerySet[AuditEvent]:
    """Audit events matching the audit-page filters, newest first (a QuerySet of AuditEvent).

    `user` matches the recorded user name (also for failed logins and deleted accounts); the
    dates are whole days in the local time zone, both included.
    """
    events = AuditEvent.objects.order_by("-created_at", "-id")
    if user:
        events = events.filter(actor_name__icontains=user)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, zone))
    if date_to:
        events = events.filter(created_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone))
    if unit:
        events = events.filter(unit_code=unit)
    return events
