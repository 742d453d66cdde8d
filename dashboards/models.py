"""The leaders' targets: the goals the dashboards compare the data against."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dashboards.metrics import METRICS
from ntm_tracker.choices import ChoiceDisplayMixin
from ntm_tracker.models import User


class Target(ChoiceDisplayMixin, models.Model):
    """A goal for one year (or a period ending that year): the province's, or one district unit's.

    Two kinds of targets:
    * computed (`kind` "computed"): the actual value is never typed, `dashboards.metrics` computes it
      from the data; `metric` is a key of that registry. A target naming districts (e.g. "Thạch Hà,
      Đức Thọ, Can Lộc and Nghi Xuân reach advanced") keeps their GSO codes in `district_codes`;
    * entered ("yes_no", "amount"): a goal described by `title` whose actual value province staff
      enter (`actual`, with `actual_source` and `actual_verified`): yes/no ("the province completes
      the NTM task in 2024": value 1, actual 1 yes / 0 no) or an amount in `unit` (money to
      mobilise). Every change of the actual is audited, which is its history.

    `start_year` makes it a period target (2026–2030: start 2026, year 2030): its path runs from
    1 January of the start year to 31 December of `year`, and it shows in each year of the period.
    """

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from the data")
        YES_NO = "yes_no", _("Entered: yes or no")
        AMOUNT = "amount", _("Entered: an amount")

    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey("territory.Province", verbose_name=_("province"), on_delete=models.CASCADE,
                                 related_name="targets")
    district = models.ForeignKey(
        "territory.District", verbose_name=_("district unit"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="targets", help_text=_("Empty for a target of the whole province."),
    )
    kind = models.CharField(_("kind of target"), max_length=10, choices=Kind.choices, default=Kind.COMPUTED)
    metric = models.CharField(_("metric"), max_length=40, blank=True)
    title = models.CharField(_("goal"), max_length=255, blank=True,
                             help_text=_("What the entered target is about, e.g. the province completes the NTM task."))
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. million VND"))
    start_year = models.PositiveSmallIntegerField(
        _("start of the period"), null=True, blank=True,
        help_text=_("For a target over several years (e.g. 2026 for 2026–2030); empty for one year."))
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 help_text=_("Entered by province staff; for yes/no, 1 is yes and 0 is no."))
    actual_source = models.CharField(_("source of the actual value"), max_length=255, blank=True)
    actual_verified = models.BooleanField(_("actual value verified"), default=False)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
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
                                    condition=Q(district__isnull=True, kind="computed")),
            models.UniqueConstraint(fields=["year", "district", "metric"], name="target_unique_district_metric",
                                    condition=Q(district__isnull=False, kind="computed")),
            models.CheckConstraint(name="target_computed_has_metric_entered_has_title",
                                   condition=Q(kind="computed", actual__isnull=True) & ~Q(metric="")
                                   | ~Q(kind="computed") & Q(metric="") & ~Q(title="")),
            models.CheckConstraint(name="target_yes_no_values",
                                   condition=~Q(kind="yes_no") | Q(value=1) & (Q(actual__isnull=True) | Q(actual__in=[0, 1]))),
            models.CheckConstraint(name="target_period_starts_before_its_end",
                                   condition=Q(start_year__isnull=True) | Q(start_year__lte=F("year"))),
        ]
        indexes = [models.Index(fields=["province", "year"], name="target_province_year_idx")]

    def __str__(self) -> str:
        metric = METRICS.get(self.metric)
        scope = self.district.full_name if self.district_id else self.province.full_name
        return f"{self.period} · {scope} · {self.label}"

    @property
    def label(self) -> str:
        if self.kind != self.Kind.COMPUTED:
            return self.title
        metric = METRICS.get(self.metric)
        return str(metric.label) if metric else self.metric

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.year}" if self.start_year and self.start_year != self.year else str(self.year)

    @property
    def entered(self) -> bool:
        return self.kind != self.Kind.COMPUTED

    @property
    def codes(self) -> list[str]:
        return [code.strip() for code in self.district_codes.split(",") if code.strip()]
