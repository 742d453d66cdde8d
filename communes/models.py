"""Territory (provinces, districts, communes and their mergers), the NTM criteria catalogue and
official recognition decisions.

GSO codes are the stable identifiers of units and the key of every import. Units change over
time (mergers, abolished districts), so each carries `valid_from` / `valid_to` and a lineage that
says which units became which, by which resolution: history recorded against an old unit stays true.
"""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm_tracker.choices import ChoiceDisplayMixin


class Region(models.TextChoices):
    """The seven socio-economic regions of the NTM criteria: thresholds differ by region."""

    NORTHERN_MOUNTAINS = "northern_mountains", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River Delta")
    NORTH_CENTRAL = "north_central", _("North Central")
    SOUTH_CENTRAL_COAST = "south_central_coast", _("South Central Coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTHEAST = "southeast", _("Southeast")
    MEKONG_DELTA = "mekong_delta", _("Mekong Delta")


class Level(models.TextChoices):
    """Levels a unit is recognised at, in increasing order for communes (NTM < advanced < model)."""

    NTM = "ntm", _("New rural standard")
    ADVANCED = "advanced", _("Advanced new rural")
    MODEL = "model", _("Model new rural")
    COMPLETED = "completed", _("Completed the NTM task")
    CIVILISED_URBAN = "civilised_urban", _("Civilised urban")


# Wards and townships are not assessed against the NTM criteria; "civilised urban" is their level.
LEVEL_RANK = {None: 0, Level.NTM: 1, Level.COMPLETED: 1, Level.CIVILISED_URBAN: 1, Level.ADVANCED: 2, Level.MODEL: 3}


def gso_code(length: int) -> RegexValidator:
    return RegexValidator(
        rf"^\d{{{length}}}$",
        _("A GSO code has exactly %(length)d digits.") % {"length": length},
    )


class Unit(ChoiceDisplayMixin, models.Model):
    """What every administrative unit has: a GSO code, a name and the dates it existed."""

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True,
                                help_text=_("Empty while the unit still exists."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    # Official Vietnamese prefixes: unit names are data and read the same in every interface language.
    PREFIXES: dict[str, str] = {}

    @property
    def full_name(self) -> str:
        return f"{self.PREFIXES.get(self.kind, '')} {self.name}".strip()


class Province(Unit):
    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Province")
        CITY = "thanh_pho", _("Centrally-run city")

    PREFIXES = {Kind.PROVINCE: "Tỉnh", Kind.CITY: "Thành phố"}

    code = models.CharField(_("GSO code"), max_length=2, unique=True, validators=[gso_code(2)])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROVINCE)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Unit):
    class Kind(models.TextChoices):
        CITY = "thanh_pho", _("City")
        TOWN = "thi_xa", _("Town")
        RURAL = "huyen", _("Rural district")
        URBAN = "quan", _("Urban district")

    PREFIXES = {Kind.CITY: "Thành phố", Kind.TOWN: "Thị xã", Kind.RURAL: "Huyện", Kind.URBAN: "Quận"}

    code = models.CharField(_("GSO code"), max_length=3, unique=True, validators=[gso_code(3)])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="districts")

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    @property
    def completes_task(self) -> bool:
        """Towns and cities "complete the NTM task"; rural districts are "recognised as NTM"."""
        return self.kind in (self.Kind.CITY, self.Kind.TOWN)


class Commune(Unit):
    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        TOWNSHIP = "thi_tran", _("Township")

    PREFIXES = {Kind.COMMUNE: "Xã", Kind.WARD: "Phường", Kind.TOWNSHIP: "Thị trấn"}

    code = models.CharField(_("GSO code"), max_length=5, unique=True, validators=[gso_code(5)])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="communes")
    uses_mountain_thresholds = models.BooleanField(
        _("uses the northern-mountain thresholds"), default=False,
        help_text=_("Especially disadvantaged communes are assessed against the northern-mountain column."),
    )
    excluded = models.BooleanField(_("excluded from the programme"), default=False)
    excluded_reason = models.CharField(_("reason for exclusion"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["district", "kind"], name="commune_district_kind_idx")]

    @property
    def in_programme(self) -> bool:
        """Only rural communes (xã) not excluded are assessed against the NTM criteria."""
        return self.kind == self.Kind.COMMUNE and not self.excluded


class Lineage(models.Model):
    """One step of a reorganisation: `predecessor` became (part of) `successor` from `effective_on`."""

    resolution = models.CharField(_("resolution"), max_length=100,
                                  help_text=_("e.g. 1283/NQ-UBTVQH15"))
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        abstract = True


class DistrictLineage(Lineage):
    predecessor = models.ForeignKey(District, verbose_name=_("former unit"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(District, verbose_name=_("new unit"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")

    class Meta:
        verbose_name = _("district lineage")
        verbose_name_plural = _("district lineage")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="district_lineage_unique"),
        ]


class CommuneLineage(Lineage):
    predecessor = models.ForeignKey(Commune, verbose_name=_("former unit"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(Commune, verbose_name=_("new unit"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")

    class Meta:
        verbose_name = _("commune lineage")
        verbose_name_plural = _("commune lineage")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="commune_lineage_unique"),
        ]


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
    # Changes whenever the set or anything in it (criteria, indicators, thresholds) changes, so a
    # process may keep the catalogue in memory while the revision it read is still the stored one
    # (communes/catalogue.py; the signals in communes/signals.py renew it).
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


class Threshold(ChoiceDisplayMixin, models.Model):
    """The value an indicator must reach, for a region and/or a year (empty = any).

    The most specific row wins: region and year, then region, then year, then the national value.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="thresholds")
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    mountain = models.BooleanField(_("northern-mountain column"), default=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source document"), max_length=255)
    verified = models.BooleanField(_("verified against the official text"), default=False)

    class Meta:
        ordering = ["indicator", "region", "year"]
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "mountain", "year"], name="threshold_unique_scope_year",
                condition=Q(year__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "region", "mountain"], name="threshold_unique_scope_any_year",
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
