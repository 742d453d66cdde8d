"""Official recognition decisions of communes and district units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models.catalogue import Level
from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import Commune, District


class Recognition(ChoiceDisplayMixin, models.Model):
    """An official decision: a commune or district unit reaches a level (or loses it)."""

    class Kind(models.TextChoices):
        RECOGNISED = "recognised", _("Recognised")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged after merger")
        REVOKED = "revoked", _("Revoked")

    class Issuer(models.TextChoices):
        PROVINCE = "province_pc", _("Provincial People's Committee")
        PRIME_MINISTER = "prime_minister", _("Prime Minister")

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="recognitions")
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="recognitions")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RECOGNISED)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True,
                                       help_text=_("e.g. 189/QĐ-UBND"))
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=16, choices=Issuer.choices)
    standard_year = models.PositiveSmallIntegerField(
        _("year of the standard"), help_text=_("The year whose assessment the decision recognises."),
    )
    outstanding_field = models.CharField(_("outstanding field"), max_length=100, blank=True,
                                         help_text=_("Model communes only, e.g. production, culture."))
    verified = models.BooleanField(_("decision number verified"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["standard_year", "decision_date", "id"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.CheckConstraint(
                name="recognition_one_unit",
                condition=Q(commune__isnull=False, district__isnull=True)
                | Q(commune__isnull=True, district__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["standard_year", "level"], name="recognition_year_level_idx")]

    def __str__(self) -> str:
        unit = self.commune or self.district
        return f"{unit} — {self.get_level_display()} ({self.decision_number or '—'})"
