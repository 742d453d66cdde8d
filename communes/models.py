"""The NTM criteria catalogue, official recognition decisions, and progress: assessments, their
results and the review workflow. The territory (provinces, districts, communes) is `territory`.
"""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm_tracker.choices import ChoiceDisplayMixin
from ntm_tracker.validators import no_markup
from territory.models import Commune, District, Province, Region


class Level(models.TextChoices):
    """Levels a unit is recognised at, in increasing order for communes (NTM < advanced < model)."""

    NTM = "ntm", _("New rural standard")
    ADVANCED = "advanced", _("Advanced new rural")
    MODEL = "model", _("Model new rural")
    COMPLETED = "completed", _("Completed the NTM task")
    CIVILISED_URBAN = "civilised_urban", _("Civilised urban")
    # 2026–2030 (Decision 51/2025/QĐ-TTg): NTM and the pilot modern-NTM commune; advanced and model
    # are levels of 2021–2025 only, kept for history.
    MODERN = "modern", _("Modern new rural (pilot)")


# Wards and townships are not assessed against the NTM criteria; "civilised urban" is their level.
LEVEL_RANK = {None: 0, Level.NTM: 1, Level.COMPLETED: 1, Level.CIVILISED_URBAN: 1, Level.ADVANCED: 2, Level.MODEL: 3,
              Level.MODERN: 4}


# --- Criteria catalogue ---------------------------------------------------------------------


class CriteriaSet(ChoiceDisplayMixin, models.Model):
    """A national set of criteria, e.g. the commune NTM set 2021–2025 (Decision 318/QĐ-TTg)."""

    class Scope(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        DISTRICT = "district", _("District")
        PROVINCE = "province", _("Province")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(_("source document"), max_length=255, blank=True)
    verified = models.BooleanField(_("verified against the official text"), default=False)
    # Changes whenever the set or anything in it (criteria, indicators, thresholds) changes, so a
    # process may keep the catalogue in memory while the revision it read is still the stored one
    # (communes/catalogue.py). Database triggers renew it (communes/triggers.py), whatever wrote the
    # change; `save()` renews it too, so the saved instance holds the stored value.
    revision = models.UUIDField(_("revision"), default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["scope", "period_start", "code"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.revision = uuid.uuid4()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE,
                                     related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    group = models.CharField(_("group"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    source = models.CharField(_("source document"), max_length=255)
    wording_verified = models.BooleanField(_("wording verified"), default=False)

    class Meta:
        ordering = ["criteria_set", "number"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="criterion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Indicator(ChoiceDisplayMixin, models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        PERCENT = "percent", _("Percent")
        NUMBER = "number", _("Number")
        MONEY = "money", _("Money")

    class Comparison(models.TextChoices):
        AT_LEAST = "gte", _("at least")
        AT_MOST = "lte", _("at most")
        YES = "yes", _("must be yes")
        NO = "no", _("must be no")

    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE,
                                  related_name="indicators")
    code = models.CharField(_("code"), max_length=10)
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source document"), max_length=255)
    wording_verified = models.BooleanField(_("wording verified"), default=False)

    class Meta:
        ordering = ["criterion", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def is_numeric(self) -> bool:
        return self.kind != self.Kind.YES_NO


class CommuneGroup(models.IntegerChoices):
    """The commune groups of the 2026–2030 criteria (Decision 51/2025/QĐ-TTg); 0 on a threshold
    means every group (the 2021–2025 sets have none)."""

    ANY = 0, _("every group")
    GROUP_1 = 1, _("group 1")
    GROUP_2 = 2, _("group 2")
    GROUP_3 = 3, _("group 3")


class Threshold(ChoiceDisplayMixin, models.Model):
    """The value an indicator must reach, for a commune group, a region and/or a year (empty = any).

    The most specific row wins: the commune's group before every group; then region and year,
    region, year, the national value.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="thresholds")
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    mountain = models.BooleanField(_("northern-mountain column"), default=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    commune_group = models.PositiveSmallIntegerField(_("commune group"), choices=CommuneGroup.choices,
                                                     default=CommuneGroup.ANY)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source document"), max_length=255)
    verified = models.BooleanField(_("verified against the official text"), default=False)

    class Meta:
        ordering = ["indicator", "commune_group", "region", "year"]
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "commune_group", "region", "mountain", "year"], name="threshold_unique_scope_year",
                condition=Q(year__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "commune_group", "region", "mountain"], name="threshold_unique_scope_any_year",
                condition=Q(year__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"


# --- Recognition decisions -----------------------------------------------------------------


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


# --- Progress: assessments, results kept current by the services, review workflow -----------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


VALUE_LIMIT = Decimal("999999999999.99")


class Assessment(models.Model):
    """One commune's standing on one indicator in one year.

    `met` is computed from the threshold for numeric indicators and chosen by the user for yes/no
    ones; `version` grows by one at every save, so a stale edit is refused instead of overwriting.
    """

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="assessments")
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
                                related_name="criterion_results")
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
                                related_name="year_results")
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
                                related_name="reviews")
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


# --- Recognition dossiers: what precedes a decision ------------------------------------------


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
# --- District units (Decision 320/QĐ-TTg, 2021–2025) ------------------------------------------
# Districts were assessed against the district set until the district level ended (30 June 2025).
# The set's nine criteria carry no indicators in the catalogue: a district's standing is entered
# per criterion (met or not, with a note), reviewed district → province like a commune's.


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
# --- Hà Tĩnh's supplementary "criterion 20": model residential areas and model gardens ---------


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
