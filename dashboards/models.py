"""The leaders' targets: the goals the dashboards compare the data against."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dashboards.metrics import METRICS
from ntm_tracker.choices import ChoiceDisplayMixin
from ntm_tracker.models import User


class Target(ChoiceDisplayMixin, models.Model):
    """A goal for one year: the province's, or one district unit's, value for one metric.

    The actual value is never typed: `dashboards.metrics` computes it from the data. `metric` is a
    key of that registry. A target naming districts (e.g. "Thạch Hà, Đức Thọ, Can Lộc and Nghi Xuân
    reach advanced") keeps their GSO codes in `district_codes`.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey("territory.Province", verbose_name=_("province"), on_delete=models.CASCADE,
                                 related_name="targets")
    district = models.ForeignKey(
        "territory.District", verbose_name=_("district unit"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="targets", help_text=_("Empty for a target of the whole province."),
    )
    metric = models.CharField(_("metric"), max_length=40)
    value = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    baseline = models.DecimalField(
        _("baseline"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("Value at the start of the year; empty: computed from the data."),
    )
    district_codes = models.CharField(_("named district units"), max_length=200, blank=True,
                                      help_text=_("GSO codes separated by commas, for targets naming districts."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(User, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(User, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        # The table keeps the name it had while the model lived in ntm_tracker (moved without
        # copying a row: see migrations/0001_target_moved.py).
        db_table = "ntm_tracker_target"
        ordering = ["year", "district", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        # NULL is distinct in unique constraints, so the province-wide scope needs its own one.
        constraints = [
            models.UniqueConstraint(fields=["year", "province", "metric"], name="target_unique_province_metric",
                                    condition=Q(district__isnull=True)),
            models.UniqueConstraint(fields=["year", "district", "metric"], name="target_unique_district_metric",
                                    condition=Q(district__isnull=False)),
        ]
        indexes = [models.Index(fields=["province", "year"], name="target_province_year_idx")]

    def __str__(self) -> str:
        metric = METRICS.get(self.metric)
        scope = self.district.full_name if self.district_id else self.province.full_name
        return f"{self.year} · {scope} · {metric.label if metric else self.metric}"

    @property
    def codes(self) -> list[str]:
        return [code.strip() for code in self.district_codes.split(",") if code.strip()]
