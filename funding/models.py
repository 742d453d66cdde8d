"""Money mobilised for the programme, and sponsorship assignments.

A `Funding` row is one amount (million VND) of one year (or of a period of years ending with
`year`, from `period_start`: a five-year total the reports give without its yearly split), for one unit — the province, a district
unit while it existed, or a commune — from one source, for one programme component. Exactly one
unit field is set (a database constraint). A figure is only official when `verified` is set; every
row names where it comes from (`source_document`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import Commune, District, Province

AMOUNT_MAX = Decimal("999999999.999")  # million VND: just under a quadrillion đồng
YEAR_MIN, YEAR_MAX = 2010, 2035


class Component(models.TextChoices):
    """Programme components the money went to (the report's headings)."""

    GENERAL = "general", _("Whole programme (not broken down)")
    INFRASTRUCTURE = "infrastructure", _("Rural infrastructure")
    PRODUCTION = "production", _("Production and income")
    OCOP = "ocop", _("OCOP")
    SOCIAL = "social", _("Culture, education and health")
    ENVIRONMENT = "environment", _("Environment and landscape")
    MODEL_AREAS = "model_areas", _("Model villages and gardens")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    BUDGETS = "budgets", _("State budgets, all levels (not broken down)")
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    PROVINCIAL_BUDGET = "provincial_budget", _("Provincial budget")
    LOCAL_BUDGETS = "local_budgets", _("District and commune budgets")
    INTEGRATED = "integrated", _("Integrated programmes")
    CREDIT = "credit", _("Credit")
    ENTERPRISES = "enterprises", _("Enterprises")
    COMMUNITY = "community", _("Community (cash and in kind)")
    ASSIGNED_SPONSORS = "assigned_sponsors", _("Sponsorship by assigned units")
    NATIVES = "natives", _("Natives living away")
    DISTRICT_SPONSORSHIP = "district_sponsorship", _("District-level sponsorship (businesses and natives living away)")
    OTHER = "other", _("Other")


class UnitRecord(models.Model):
    """A record of exactly one unit: the province, a district unit or a commune."""

    province = models.ForeignKey(Province, verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def unit(self):
        return self.commune or self.district or self.province

    @property
    def unit_province_id(self) -> int | None:
        if self.province_id:
            return self.province_id
        unit = self.commune or self.district
        return unit.province_id if unit else None

    @staticmethod
    def in_province(province) -> Q:
        return Q(province=province) | Q(district__province=province) | Q(commune__province=province)


ONE_UNIT_MESSAGE = _("Choose exactly one unit: the province, a district or a commune.")
AMOUNT_MESSAGE = _("The amount must be between 0 and 999,999,999 million VND.")
ONE_UNIT = (Q(province__isnull=False, district__isnull=True, commune__isnull=True)
            | Q(province__isnull=True, district__isnull=False, commune__isnull=True)
            | Q(province__isnull=True, district__isnull=True, commune__isnull=False))


class Funding(ChoiceDisplayMixin, UnitRecord):
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(YEAR_MIN),
                                                                    MaxValueValidator(YEAR_MAX)])
    period_start = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True, validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
        help_text=_("Only for an amount covering several years (e.g. 2021 for 2021–2025); the year is then the last."))
    component = models.CharField(_("programme component"), max_length=20, choices=Component.choices,
                                 default=Component.GENERAL)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    amount = models.DecimalField(_("amount (million VND)"), max_digits=12, decimal_places=3,
                                 validators=[MinValueValidator(Decimal(0)), MaxValueValidator(AMOUNT_MAX)])
    note = models.CharField(_("note"), max_length=255, blank=True)
    source_document = models.CharField(_("source document"), max_length=255,
                                       help_text=_("Where the figure comes from, e.g. the province's annual report."))
    verified = models.BooleanField(_("verified"), default=False,
                                   help_text=_("Checked against the official document."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "source", "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.CheckConstraint(name="funding_one_unit", condition=ONE_UNIT, violation_error_message=ONE_UNIT_MESSAGE),
            models.CheckConstraint(name="funding_amount_bounded",
                                   condition=Q(amount__gte=0) & Q(amount__lte=AMOUNT_MAX),
                                   violation_error_message=AMOUNT_MESSAGE),
            models.CheckConstraint(name="funding_year_bounded", condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                                   violation_error_message=_("The year is outside the years the app keeps.")),
            models.CheckConstraint(name="funding_period_before_year",
                                   condition=Q(period_start__isnull=True) | Q(period_start__lt=models.F("year")),
                                   violation_error_message=_("The first year of the period must be before its last year.")),
        ]
        indexes = [models.Index(fields=["year", "source"], name="funding_year_source_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.years} · {self.get_source_display()}"

    @property
    def years(self) -> str:
        return f"{self.period_start}–{self.year}" if self.period_start else str(self.year)

    def clean(self):
        # One unit, bounds and the period are the constraints' (their messages say it).
        unit = self.district or self.commune
        if unit is not None and self.year:
            if not unit.existed_in(self.year):
                raise ValidationError({"year": _("%(unit)s did not exist in %(year)s.") % {"unit": unit, "year": self.year}})


class Sponsorship(models.Model):
    """An organisation assigned (or volunteering) to sponsor a commune or one of its villages."""

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    sponsor = models.CharField(_("sponsoring organisation"), max_length=200)
    village = models.CharField(_("village"), max_length=100, blank=True,
                               help_text=_("Empty when the whole commune is sponsored."))
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while it lasts."))
    decision = models.CharField(_("deciding act"), max_length=100, blank=True, help_text=_("e.g. 123/QĐ-UBND"))
    amount = models.DecimalField(_("amount (million VND)"), max_digits=12, decimal_places=3, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0)), MaxValueValidator(AMOUNT_MAX)])
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-date_from", "sponsor", "id"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [
            models.CheckConstraint(name="sponsorship_dates",
                                   condition=Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                                   violation_error_message=_("The end date is before the start date.")),
            models.CheckConstraint(name="sponsorship_amount_bounded",
                                   condition=Q(amount__isnull=True) | Q(amount__gte=0, amount__lte=AMOUNT_MAX),
                                   violation_error_message=AMOUNT_MESSAGE),
        ]

    def __str__(self) -> str:
        where = f"{self.village}, {self.commune}" if self.village else str(self.commune)
        return f"{self.sponsor} → {where}"
