"""Territory: provinces, districts and communes, and the lineage of their mergers.

The bottom layer of the project: it imports no other app. GSO codes are the stable identifiers of
units and the key of every import. Units change over time (mergers, abolished districts), so each
carries `valid_from` / `valid_to` and a lineage that says which units became which, by which
resolution: history recorded against an old unit stays true.

The tables keep the names they had when these models lived in `communes` (`db_table`), so moving
the models wrote nothing to the database.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The seven socio-economic regions of the NTM criteria: thresholds differ by region."""

    NORTHERN_MOUNTAINS = "northern_mountains", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River Delta")
    NORTH_CENTRAL = "north_central", _("North Central")
    SOUTH_CENTRAL_COAST = "south_central_coast", _("South Central Coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTHEAST = "southeast", _("Southeast")
    MEKONG_DELTA = "mekong_delta", _("Mekong Delta")


def gso_code(length: int) -> RegexValidator:
    # The message stays lazy: formatted at import time it would be frozen in the language active
    # then (and migrations would see it change with the catalogue).
    message = lazy(lambda: _("A GSO code has exactly %(length)d digits.") % {"length": length}, str)()
    return RegexValidator(rf"^\d{{{length}}}$", message)


class Unit(models.Model):
    """What every administrative unit has: a GSO code, a name and the dates it existed.

    The row holds the unit's state since `current_from` (its name, kind and parents); each earlier
    state is a closed period in the unit's history table (`CommunePeriod`, `DistrictPeriod`), so a
    rename, a change of kind or a move never rewrites the past (`territory.services.unit_change`).
    """

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True,
                                help_text=_("Empty while the unit still exists."))
    current_from = models.DateField(_("current name and parent since"), null=True, blank=True,
                                    help_text=_("Empty: since the unit's first records."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    # Official Vietnamese prefixes: unit names are data and read the same in every interface language.
    PREFIXES: dict[str, str] = {}

    def existed_in(self, year: int) -> bool:
        """Whether the unit existed on some day of `year` (always, when its dates are not recorded)."""
        return ((self.valid_from is None or self.valid_from.year <= year)
                and (self.valid_to is None or self.valid_to.year >= year))

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
        db_table = "communes_province"
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
        db_table = "communes_district"
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
        SPECIAL_ZONE = "dac_khu", _("Special zone")  # from 1 July 2025 (e.g. island districts)

    PREFIXES = {Kind.COMMUNE: "Xã", Kind.WARD: "Phường", Kind.TOWNSHIP: "Thị trấn", Kind.SPECIAL_ZONE: "Đặc khu"}

    code = models.CharField(_("GSO code"), max_length=5, unique=True, validators=[gso_code(5)])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # From 1 July 2025 communes stand directly under their province: the district is history.
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="communes")
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="communes")
    uses_mountain_thresholds = models.BooleanField(
        _("uses the northern-mountain thresholds"), default=False,
        help_text=_("Especially disadvantaged communes are assessed against the northern-mountain column."),
    )
    excluded = models.BooleanField(_("excluded from the programme"), default=False)
    excluded_reason = models.CharField(_("reason for exclusion"), max_length=255, blank=True)

    class Meta:
        db_table = "communes_commune"
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [
            models.Index(fields=["district", "kind"], name="commune_district_kind_idx"),
            models.Index(fields=["province", "kind"], name="commune_province_kind_idx"),
        ]

    def save(self, *args, **kwargs):
        # A commune created under a district belongs to that district's province.
        if self.province_id is None and self.district_id is not None:
            self.province_id = District.objects.filter(pk=self.district_id).values_list("province_id", flat=True).get()
        super().save(*args, **kwargs)

    @property
    def in_programme(self) -> bool:
        """Only rural communes (xã) not excluded are assessed against the NTM criteria."""
        return self.kind == self.Kind.COMMUNE and not self.excluded


class Lineage(models.Model):
    """One step of a reorganisation: `predecessor` became (part of) `successor` from `effective_on`."""

    resolution = models.CharField(_("resolution"), max_length=100,
                                  help_text=_("e.g. 1283/NQ-UBTVQH15"))
    effective_on = models.DateField(_("effective on"))
    partial = models.BooleanField(_("in part"), default=False,
                                  help_text=_("Only part of the former unit became (part of) the new one."))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        abstract = True


class DistrictLineage(Lineage):
    predecessor = models.ForeignKey(District, verbose_name=_("former unit"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(District, verbose_name=_("new unit"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")

    class Meta:
        db_table = "communes_districtlineage"
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
        db_table = "communes_communelineage"
        verbose_name = _("commune lineage")
        verbose_name_plural = _("commune lineage")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="commune_lineage_unique"),
        ]


class ProvinceLineage(Lineage):
    predecessor = models.ForeignKey(Province, verbose_name=_("former unit"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(Province, verbose_name=_("new unit"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")

    class Meta:
        verbose_name = _("province lineage")
        verbose_name_plural = _("province lineage")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="province_lineage_unique"),
        ]


# --- History: the closed periods of each unit's name, kind and parents ------------------------------


class Period(models.Model):
    """A closed period of a unit's state: from `valid_from` (empty: since its first records) to
    `valid_to` inclusive. The state after it is the next period, or the unit row itself."""

    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        abstract = True


class DistrictPeriod(Period):
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="periods")
    kind = models.CharField(_("kind"), max_length=16, choices=District.Kind.choices)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["district", "valid_to"]
        verbose_name = _("district period")
        verbose_name_plural = _("district periods")
        constraints = [
            models.UniqueConstraint(fields=["district", "valid_to"], name="district_period_unique_end"),
            models.CheckConstraint(name="district_period_ordered",
                                   condition=models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=models.F("valid_to"))),
        ]
        indexes = [models.Index(fields=["province", "valid_to"], name="district_period_province_idx")]


class ProvincePeriod(Period):
    """A closed period of a province's name and kind (e.g. Tỉnh Thừa Thiên Huế until 2024, then
    Thành phố Huế): a page of a past year names the province as it was then."""

    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.CASCADE,
                                 related_name="periods")
    kind = models.CharField(_("kind"), max_length=16, choices=Province.Kind.choices)

    class Meta:
        ordering = ["province", "valid_to"]
        verbose_name = _("province period")
        verbose_name_plural = _("province periods")
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_to"], name="province_period_unique_end"),
            models.CheckConstraint(name="province_period_ordered",
                                   condition=models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=models.F("valid_to"))),
        ]


class CommunePeriod(Period):
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="periods")
    kind = models.CharField(_("kind"), max_length=16, choices=Commune.Kind.choices)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["commune", "valid_to"]
        verbose_name = _("commune period")
        verbose_name_plural = _("commune periods")
        constraints = [
            models.UniqueConstraint(fields=["commune", "valid_to"], name="commune_period_unique_end"),
            models.CheckConstraint(name="commune_period_ordered",
                                   condition=models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=models.F("valid_to"))),
        ]
        indexes = [models.Index(fields=["province", "valid_to"], name="commune_period_province_idx")]
