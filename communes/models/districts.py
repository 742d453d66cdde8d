"""District units (Decision 320/QĐ-TTg, 2021–2025): districts were assessed against the district set
until the district level ended (30 June 2025). The set's nine criteria carry no indicators in the
catalogue: a district's standing is entered per criterion (met or not, with a note), reviewed
district → province like a commune's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models.assessments import Review
from communes.models.catalogue import Criterion, Level
from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import District


class DistrictAssessment(models.Model):
    """One district's standing on one criterion of the district set in one year; `version` grows at
    every save (optimistic locking, as `Assessment`)."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="criteria_assessments")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="district_assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    met = models.BooleanField(_("met"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["district_id", "year", "criterion_id"]
        verbose_name = _("district assessment")
        verbose_name_plural = _("district assessments")
        constraints = [models.UniqueConstraint(fields=["district", "criterion", "year"],
                                               name="district_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.district} · {self.criterion.number} · {self.year}"


class DistrictYearResult(ChoiceDisplayMixin, models.Model):
    """A district's summary for a year: criteria of the district set met, and NTM when all are."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="criteria_results")
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_met = models.PositiveSmallIntegerField(_("criteria met"), default=0)
    criteria_total = models.PositiveSmallIntegerField(_("criteria"), default=0)
    level = models.CharField(_("level reached"), max_length=16, choices=Level.choices, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("district year result")
        verbose_name_plural = _("district year results")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="district_year_result_unique")]


class DistrictReview(ChoiceDisplayMixin, models.Model):
    """The review of one district's assessment for a year: draft → submitted (district) → approved
    (province), or returned with a reason; approved is read-only until the province reopens it."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="criteria_reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=16, choices=Review.State.choices, default=Review.State.DRAFT)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was returned or reopened."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("district review")
        verbose_name_plural = _("district reviews")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="district_review_unique")]

    def __str__(self) -> str:
        return f"{self.district} · {self.year}: {self.get_state_display()}"

    @property
    def editable(self) -> bool:
        return self.state != Review.State.APPROVED
