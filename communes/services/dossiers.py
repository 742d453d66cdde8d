"""Recording recognition dossiers and moving them through their steps, audited as review steps."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from communes.models import DossierStep, Recognition, RecognitionDossier
from ntm_tracker.audit import audit_record
from ntm_tracker.db import row_lock
from ntm_tracker.models import AuditEvent, User

Status = RecognitionDossier.Status


@transaction.atomic
def dossier_submit(*, dossier: RecognitionDossier, on: datetime.date, note: str = "", actor: User | None = None,
                   request: HttpRequest | None = None) -> RecognitionDossier:
    """Record a new dossier, submitted on `on` to `dossier.body`."""
    dossier.status = Status.SUBMITTED
    dossier.full_clean()
    dossier.save()
    DossierStep.objects.create(dossier=dossier, status=Status.SUBMITTED, body=dossier.body, on=on, note=note,
                               recorded_by=actor)
    audit_record(action=AuditEvent.Action.CREATED, actor=actor, request=request, obj=dossier,
                 unit_code=dossier.unit.code, changes={"status": [None, Status.SUBMITTED], "body": [None, dossier.body],
                                                       "on": [None, on.isoformat()]})
    return dossier


@transaction.atomic
def dossier_move(*, dossier: RecognitionDossier, status: str, on: datetime.date, body: str, note: str = "",
                 recognition: Recognition | None = None, actor: User | None = None,
                 request: HttpRequest | None = None) -> DossierStep:
    """Take the next step; ValidationError (nothing written) for a step that cannot follow the
    current one, a date before the last step's, or a decision on a step other than recognised."""
    row_lock(RecognitionDossier, dossier.pk)
    dossier.refresh_from_db()
    last = dossier.steps.order_by("-on", "-id").first()
    errors = {}
    if status not in RecognitionDossier.NEXT[dossier.status]:
        errors["status"] = _("A dossier that is “%(current)s” cannot become “%(next)s”.") % {
            "current": dossier.get_status_display(), "next": Status(status).label if status in Status.values else status}
    if last is not None and on < last.on:
        errors["on"] = _("The date is before the last step (%(date)s).") % {"date": last.on.strftime("%d/%m/%Y")}
    if recognition is not None and status != Status.RECOGNISED:
        errors["recognition"] = _("Link a decision only when the dossier is recognised.")
    if errors:
        raise ValidationError(errors)
    before = {"status": dossier.status, "body": dossier.body}
    dossier.status, dossier.body = status, body
    if recognition is not None:
        dossier.recognition = recognition
    dossier.save()
    step = DossierStep.objects.create(dossier=dossier, status=status, body=body, on=on, note=note, recorded_by=actor)
    audit_record(action=AuditEvent.Action.WORKFLOW, actor=actor, request=request, obj=dossier,
                 unit_code=dossier.unit.code, reason=note,
                 changes={"status": [before["status"], status], "body": [before["body"], body],
                          "on": [None, on.isoformat()]})
    return step
