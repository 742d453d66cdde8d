"""Progress: indicator values (assessments) of a commune's year, the criteria results computed
from them, the review workflow, and the commune groups of the 2026–2030 thresholds."""

from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communes.models.catalogue import CommuneGroup, Criterion, Indicator, Level
from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import Commune

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]

VALUE_LIMIT = Decimal("999999999999.99")


class Assessment(models.Model):
    """One commune's standing on one indicator in one year.

    `met` is computed from the threshold for numeric indicators and chosen by the user for yes/no
    ones; `version` grows by one at every save, so a stale edit is refused instead of overwriting.
    """

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="assessments",
                                db_index=False)  # the unique constraint\'s index leads with the commune
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    met = models.BooleanField(_("met"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The commune group whose threshold the save used (2026–2030 sets; 0 where the set has none).
    commune_group = models.PositiveSmallIntegerField(_("commune group"), default=0, db_default=0)

    class Meta:
        # By the key columns, not the related models' own orderings: those would join the commune
        # and indicator tables into every query of this ~3-million-row table (and its `first()`).
        ordering = ["commune_id", "year", "indicator_id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["commune", "indicator", "year"],
                                    name="assessment_unique_commune_indicator_year"),
            # What the column (14 digits, 2 decimals) can hold: PostgreSQL refuses more by itself,
            # SQLite would store it, and then every read of the commune's year fails.
            models.CheckConstraint(
                name="assessment_value_fits",
                condition=Q(value__isnull=True) | Q(value__gte=-VALUE_LIMIT, value__lte=VALUE_LIMIT)),
        ]
        indexes = [models.Index(fields=["year", "commune"], name="assessment_year_commune_idx")]

    @property
    def evidence_filename(self) -> str:
        """The evidence file's own name ("bien-ban.pdf"), without its storage folder."""
        return PurePath(self.evidence.name).name if self.evidence else ""

    def __str__(self) -> str:
        return f"{self.commune} · {self.indicator.code} · {self.year}"


class CriterionResult(models.Model):
    """Whether a commune meets a criterion in a year: kept current in the transaction of every save.

    `met` is None while none of the criterion's indicators has been assessed (no data).
    """

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="criterion_results",
                                db_index=False)  # the unique constraint\'s index leads with the commune
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE,
                                  related_name="results")
    year = models.PositiveSmallIntegerField(_("year"))
    met = models.BooleanField(_("met"), null=True)
    indicators_met = models.PositiveSmallIntegerField(_("indicators met"), default=0)
    indicators_total = models.PositiveSmallIntegerField(_("indicators"), default=0)

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        constraints = [
            models.UniqueConstraint(fields=["commune", "criterion", "year"], name="criterion_result_unique"),
        ]
        indexes = [
            models.Index(fields=["year", "criterion"], name="criterion_result_year_idx"),
            # A province's or district's results of one year (the heatmap, the scorecard): without
            # it each commune's results of every year are read to keep one year's.
            models.Index(fields=["commune", "year"], name="criterion_result_commune_idx"),
        ]


class CommuneYearResult(ChoiceDisplayMixin, models.Model):
    """A commune's summary for a year: criteria met and the level the assessment reaches."""

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="year_results",
                                db_index=False)  # the unique constraint\'s index leads with the commune
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_met = models.PositiveSmallIntegerField(_("criteria met"), default=0)
    criteria_total = models.PositiveSmallIntegerField(_("criteria"), default=0)
    level = models.CharField(_("level reached"), max_length=16, choices=Level.choices, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("commune year result")
        verbose_name_plural = _("commune year results")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="commune_year_result_unique"),
        ]
        # The latest year with results (every commune page's default) is read from the index.
        indexes = [models.Index(fields=["year", "level"], name="commune_year_result_year_idx")]


class Review(ChoiceDisplayMixin, models.Model):
    """The review workflow of one commune's assessment for one year.

    draft → submitted → verified (district) → approved (province); "returned" (with a reason) at
    any step sends it back to the commune; approved data is read-only until the province reopens it.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified by the district")
        APPROVED = "approved", _("Approved by the province")
        RETURNED = "returned", _("Returned for revision")

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="reviews",
                                db_index=False)  # the unique constraint\'s index leads with the commune
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was returned or reopened."))
    # The commune's values of that year are demo data (the 2026 examples of the demo), not reported
    # figures: the commune page says so.
    illustrative = models.BooleanField(_("illustrative (demo data)"), default=False, db_default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="review_unique_commune_year")]
        indexes = [models.Index(fields=["year", "state"], name="review_year_state_idx")]

    def __str__(self) -> str:
        return f"{self.commune} · {self.year}: {self.get_state_display()}"

    @property
    def editable(self) -> bool:
        return self.state != self.State.APPROVED


class CommuneGroupAssignment(ChoiceDisplayMixin, models.Model):
    """The commune group (1/2/3 of Decision 51/2025/QĐ-TTg) a commune belongs to from one year on:
    its 2026–2030 thresholds are the group's. Dated, never overwritten: a new decision adds a row.

    Group 1: adjacent to an urban area and oriented to become urban, agriculture below 10 % of the
    economy, or a designated new urban area; group 3: area II or III of the ethnic-minority and
    mountain list; group 2: every other commune (also the group of a commune with no assignment).
    """

    class Basis(models.TextChoices):
        URBAN_ADJACENT = "urban_adjacent", _("Adjacent to an urban area, oriented to become urban")
        AGRICULTURE_BELOW_10 = "agriculture_below_10", _("Agriculture below 10 % of the economy")
        NEW_URBAN_AREA = "new_urban_area", _("Designated new urban area")
        ETHNIC_AREA = "ethnic_area", _("Area II/III of the ethnic-minority and mountain list")
        OTHER = "other", _("Other communes (group 2)")

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="group_assignments")
    group = models.PositiveSmallIntegerField(_("commune group"), choices=CommuneGroup.choices[1:])
    valid_from = models.PositiveSmallIntegerField(_("from year"))
    valid_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True,
                                                help_text=_("Empty while in force."))
    basis = models.CharField(_("basis"), max_length=32, choices=Basis.choices)
    deciding_act = models.CharField(_("deciding act"), max_length=100, help_text=_("e.g. 60/QĐ-BDTTG"))
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    illustrative = models.BooleanField(_("illustrative (demo data)"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["commune", "valid_from"]
        verbose_name = _("commune group assignment")
        verbose_name_plural = _("commune group assignments")
        constraints = [
            models.UniqueConstraint(fields=["commune", "valid_from"], name="group_assignment_unique_start"),
            models.CheckConstraint(name="group_assignment_period",
                                   condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from"))),
        ]

    def __str__(self) -> str:
        return f"{self.commune} · {self.get_group_display()} ({self.valid_from}–{self.valid_to or ''})"

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)
