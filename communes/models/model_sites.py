"""The province's model villages and gardens (its own "criterion 20", not a national one)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm_tracker.validators import no_markup
from territory.models import Commune


class ModelSiteKind(models.TextChoices):
    VILLAGE = "village", _("Model residential area")
    GARDEN = "garden", _("Model garden")


class ModelSite(models.Model):
    """A village (khu dân cư NTM kiểu mẫu) or a garden (vườn mẫu) recognised as a model under the
    province's own supplementary criteria (Hà Tĩnh's "criterion 20") — not a national criterion.
    `name` is the village's name or the garden's owner. Each row carries its deciding act, its
    source and whether it was checked against that source (`verified`)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ModelSiteKind.choices)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="model_sites")
    name = models.CharField(_("village or garden owner"), max_length=200, validators=[no_markup])
    recognised_on = models.DateField(_("recognition date"))
    decision = models.CharField(_("deciding act"), max_length=100, blank=True, validators=[no_markup],
                                help_text=_("e.g. 123/QĐ-UBND"))
    source = models.CharField(_("source"), max_length=255, validators=[no_markup])
    verified = models.BooleanField(_("verified"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-recognised_on", "id"]
        verbose_name = _("model village or garden")
        verbose_name_plural = _("model villages and gardens")
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind", "name"], name="model_site_unique_name_in_commune",
                                    violation_error_message=_("This commune already has a model of this kind with this name.")),
        ]
        indexes = [models.Index(fields=["commune", "recognised_on"], name="model_site_commune_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if self.recognised_on and self.recognised_on > timezone.localdate():
            raise ValidationError({"recognised_on": _("The recognition date cannot be in the future.")})


class ModelSiteTotal(models.Model):
    """A published province-level count of model villages or gardens on a date (e.g. Hà Tĩnh, mid
    2025: 103 model villages, 1,753 model gardens), kept with its source: the official figure
    when the per-commune records are incomplete."""

    province = models.ForeignKey("territory.Province", verbose_name=_("province"), on_delete=models.CASCADE,
                                 related_name="model_site_totals")
    kind = models.CharField(_("kind"), max_length=10, choices=ModelSiteKind.choices)
    as_of = models.DateField(_("as of"))
    count = models.PositiveIntegerField(_("count"))
    source = models.CharField(_("source"), max_length=255, validators=[no_markup])
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["as_of", "kind"]
        verbose_name = _("published total of model villages or gardens")
        verbose_name_plural = _("published totals of model villages and gardens")
        constraints = [models.UniqueConstraint(fields=["province", "kind", "as_of"], name="model_site_total_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count} ({self.as_of:%d/%m/%Y})"
