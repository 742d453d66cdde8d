"""Recognition dossiers: a commune's or district's application for a level, step by step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models.catalogue import Level
from communes.models.recognitions import Recognition
from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import Commune, District, Province


class RecognitionDossier(ChoiceDisplayMixin, models.Model):
    """A unit's dossier for recognition at a level: submitted → appraised → recognised, or
    returned (and submitted again). `status` and `body` are those of the latest step (the services
    keep them); the dated steps are `DossierStep`s. Exactly one unit is set."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPRAISED = "appraised", _("Appraised")
        RECOGNISED = "recognised", _("Recognised")
        RETURNED = "returned", _("Returned")

    class Body(models.TextChoices):
        DISTRICT = "district", _("District People's Committee")
        PROVINCE = "province", _("Provincial appraisal council")
        CENTRAL = "central", _("Ministry / central appraisal council")

    # Which steps may follow which.
    NEXT = {
        Status.SUBMITTED: (Status.APPRAISED, Status.RETURNED),
        Status.APPRAISED: (Status.RECOGNISED, Status.RETURNED),
        Status.RETURNED: (Status.SUBMITTED,),
        Status.RECOGNISED: (),
    }
    PENDING = (Status.SUBMITTED, Status.APPRAISED)

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    standard_year = models.PositiveSmallIntegerField(_("year of the standard"),
                                                     help_text=_("The year whose results the dossier presents."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    body = models.CharField(_("waiting at"), max_length=16, choices=Body.choices)
    recognition = models.ForeignKey(Recognition, verbose_name=_("recognition decision"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("source"), max_length=255, blank=True,
                              help_text=_("Where the facts come from, e.g. the province's annual report."))
    verified = models.BooleanField(_("verified"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-standard_year", "id"]
        verbose_name = _("recognition dossier")
        verbose_name_plural = _("recognition dossiers")
        constraints = [
            models.CheckConstraint(
                name="dossier_one_unit",
                condition=Q(province__isnull=False, district__isnull=True, commune__isnull=True)
                | Q(province__isnull=True, district__isnull=False, commune__isnull=True)
                | Q(province__isnull=True, district__isnull=True, commune__isnull=False),
                violation_error_message=_("Choose exactly one unit: the province, a district or a commune."),
            ),
            models.CheckConstraint(name="dossier_recognition_when_recognised",
                                   condition=Q(recognition__isnull=True) | Q(status="recognised"),
                                   violation_error_message=_("Link a decision only when the dossier is recognised.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_level_display()} ({self.standard_year})"

    @property
    def unit(self):
        return self.commune or self.district or self.province

    @property
    def unit_kind(self) -> str:
        return "commune" if self.commune_id else "district" if self.district_id else "province"

    @property
    def unit_province(self):
        return self.province or self.unit.province


class DossierStep(ChoiceDisplayMixin, models.Model):
    """One dated step of a dossier: the status it reached and the body it then sits with."""

    dossier = models.ForeignKey(RecognitionDossier, verbose_name=_("dossier"), on_delete=models.CASCADE,
                                related_name="steps")
    status = models.CharField(_("status"), max_length=16, choices=RecognitionDossier.Status.choices)
    body = models.CharField(_("waiting at"), max_length=16, choices=RecognitionDossier.Body.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        indexes = [models.Index(fields=["dossier", "on"], name="dossier_step_on_idx")]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_status_display()}"
