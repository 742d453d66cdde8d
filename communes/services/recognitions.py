"""Recording recognition decisions from the browser, audited with old and new values."""

from django.db import transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from communes.models import Recognition
from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent, User
from territory.models import Commune, District

FIELDS = ["level", "kind", "decision_number", "decision_date", "issuer", "standard_year",
          "outstanding_field", "verified", "note"]


@transaction.atomic
def recognition_save(
    *, recognition: Recognition, unit: Commune | District, values: dict, user: User,
    request: HttpRequest | None = None, reason: str = "",
) -> Recognition:
    """Create or change a decision for `unit` from validated `values`; audited in the same transaction."""
    created = recognition.pk is None
    # A ModelForm has already copied the new values onto the instance: take "before" from the database.
    before = {} if created else model_to_dict(Recognition.objects.get(pk=recognition.pk), fields=FIELDS)
    for name in FIELDS:
        if name in values:
            setattr(recognition, name, values[name])
    if isinstance(unit, Commune):
        recognition.commune, recognition.district = unit, None
    else:
        recognition.commune, recognition.district = None, unit
    if created:
        recognition.created_by = user
    recognition.save()
    audit_record(
        action=AuditEvent.Action.CREATED if created else AuditEvent.Action.CHANGED, actor=user, request=request,
        obj=recognition, unit_code=unit.code, changes=diff(before, model_to_dict(recognition, fields=FIELDS)),
        reason=reason,
    )
    return recognition
