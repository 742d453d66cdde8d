"""Login, logout, failed-login and lockout events written to the audit trail.

The authentication signals are the only hook Django and django-axes offer for these events, so this
module listens to them; it records and does nothing else (no domain logic here).
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent


def _unit_code(user) -> str:
    scope = getattr(user, "scope", None)
    return getattr(scope, "code", "") if scope is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, request=request, unit_code=_unit_code(user))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=user, request=request, unit_code=_unit_code(user))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, request=request,
                 actor_name=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(action=AuditEvent.Action.LOCKED_OUT, request=request, actor_name=str(username or "")[:150])


def axes_username(request, credentials=None) -> str:
    """The username django-axes records, cut to the column's length.

    Django's login forms do not enforce the username's maximum length before authenticating, so
    a 5,000-character name would otherwise overflow axes' column on PostgreSQL (a 500).
    """
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get("username") or "")[:150]
