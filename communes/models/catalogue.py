"""The NTM criteria catalogue: sets of criteria per programme period and scope, their criteria,
indicators and thresholds (per region, commune group and year), and the recognition levels."""
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm_tracker.choices import ChoiceDisplayMixin
from territory.models import Region


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
