"""The OCOP register: producers, their products, council evaluations and star certificates.

Rules (Decision 148/QĐ-TTg, 919/QĐ-TTg; see the app README):
* an evaluation scores parts A (≤40), B (≤25), C (≤35); the star band follows from the total:
  90–100 5★, 70–<90 4★, 50–<70 3★, 30–<50 2★, <30 1★;
* only 3★–5★ are certified: the district People's Committee issues 3★, the province 4★, the
  central council 5★; a certificate is valid 36 months from its decision date;
* a certificate's status on a day is computed by `certificate_status` (and its database twin
  `certificate_status_q`); only "superseded" and "revoked" are stored.
"""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm_tracker.text import fold  # noqa: F401 (searching products and producers; imported from here)
from ntm_tracker.validators import no_markup
from territory.models import Commune

VALIDITY_MONTHS = 36
# The issuer notifies the producer at least this many days before the certificate expires.
NOTICE_DAYS = 30
FIRST_YEAR = 2018  # the programme's first certificates (Decision 490/QĐ-TTg, 2018)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31/5 → 30/6, 29/2 → 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(decision_date: datetime.date) -> datetime.date:
    return add_months(decision_date, VALIDITY_MONTHS)


def star_band(total: Decimal) -> int:
    """Stars for a total score out of 100."""
    if total >= 90:
        return 5
    if total >= 70:
        return 4
    if total >= 50:
        return 3
    if total >= 30:
        return 2
    return 1


class Group(models.TextChoices):
    """The six OCOP product groups of Decision 919/QĐ-TTg."""

    FOOD = "food", _("Food")
    DRINKS = "drinks", _("Drinks")
    HERBAL = "herbal", _("Herbal and medicinal products")
    HANDICRAFTS = "handicrafts", _("Handicrafts and textiles")
    ORNAMENTAL = "ornamental", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community and eco-tourism services")


class Subgroup(models.TextChoices):
    FRESH = "fresh", _("Fresh farm and fishery produce")
    PRELIMINARY = "preliminary", _("Preliminarily processed produce")
    PROCESSED = "processed", _("Processed food")
    CONDIMENTS = "condiments", _("Condiments (fish sauce, sauces…)")
    TEA = "tea", _("Tea and tea products")
    HONEY = "honey", _("Honey and honey products")
    ALCOHOLIC = "alcoholic", _("Alcoholic drinks")
    SOFT_DRINKS = "soft_drinks", _("Non-alcoholic drinks")
    MEDICINES = "medicines", _("Herbal medicines")
    SUPPLEMENTS = "supplements", _("Health supplements")
    COSMETICS = "cosmetics", _("Herbal cosmetics")
    ESSENTIAL_OILS = "essential_oils", _("Essential oils and other herbal products")
    CRAFTS = "crafts", _("Fine arts, household crafts")
    TEXTILES = "textiles", _("Fabrics and garments")
    PLANTS = "plants", _("Flowers and ornamental plants")
    ANIMALS = "animals", _("Ornamental animals")
    TOURISM = "tourism", _("Community tourism, eco-tourism and tourist sites")


SUBGROUPS: dict[str, list[str]] = {
    Group.FOOD: [Subgroup.FRESH, Subgroup.PRELIMINARY, Subgroup.PROCESSED, Subgroup.CONDIMENTS,
                 Subgroup.TEA, Subgroup.HONEY],
    Group.DRINKS: [Subgroup.ALCOHOLIC, Subgroup.SOFT_DRINKS],
    Group.HERBAL: [Subgroup.MEDICINES, Subgroup.SUPPLEMENTS, Subgroup.COSMETICS, Subgroup.ESSENTIAL_OILS],
    Group.HANDICRAFTS: [Subgroup.CRAFTS, Subgroup.TEXTILES],
    Group.ORNAMENTAL: [Subgroup.PLANTS, Subgroup.ANIMALS],
    Group.TOURISM: [Subgroup.TOURISM],
}


class ExportMarket(models.Model):
    """A country an OCOP product is sold to (ISO 3166 alpha-2 code)."""

    code = models.CharField(_("country code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("export market")
        verbose_name_plural = _("export markets")

    def __str__(self) -> str:
        return self.name


class Producer(models.Model):
    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative (HTX)")
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group (tổ hợp tác)")
        HOUSEHOLD = "household", _("Household business")

    name = models.CharField(_("name"), max_length=200, validators=[no_markup])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="ocop_producers")
    address = models.CharField(_("address"), max_length=255, blank=True, validators=[no_markup])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[no_markup])
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="ocop_producer_unique_name_in_commune",
                                    violation_error_message=_("This commune already has a producer with this name.")),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    name = models.CharField(_("product name"), max_length=200, validators=[no_markup])
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT,
                                 related_name="products")
    group = models.CharField(_("product group"), max_length=16, choices=Group.choices)
    subgroup = models.CharField(_("subgroup"), max_length=20, choices=Subgroup.choices)
    commune = models.ForeignKey(Commune, verbose_name=_("commune of origin"), on_delete=models.PROTECT,
                                related_name="ocop_products")
    export_markets = models.ManyToManyField(ExportMarket, verbose_name=_("export markets"), blank=True,
                                            related_name="products")
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # Product and producer names folded by `fold`, so "buoi phuc trach" finds "Bưởi Phúc Trạch".
    search_text = models.CharField(_("search text"), max_length=450, blank=True, editable=False, db_index=True)
    # The product's latest certificate (by decision date), kept by ocop.services: the list page
    # filters and sorts on it without a subquery per row.
    current_certificate = models.ForeignKey("Certificate", verbose_name=_("current certificate"), null=True,
                                            blank=True, editable=False, on_delete=models.SET_NULL,
                                            related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        indexes = [models.Index(fields=["commune", "group"], name="ocop_product_commune_group_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.group and self.subgroup and self.subgroup not in SUBGROUPS.get(self.group, []):
            raise ValidationError({"subgroup": _("This subgroup does not belong to the chosen product group.")})

    def refresh_search_text(self, producer_name: str | None = None) -> None:
        if producer_name is None:
            producer_name = self.producer.name if self.producer_id else ""
        self.search_text = fold(f"{self.name} {producer_name}")[:450]

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)


def _score(limit: int, message):
    return [MinValueValidator(0, message=message), MaxValueValidator(limit, message=message)]


class Council(models.TextChoices):
    DISTRICT = "district", _("District council")
    PROVINCE = "province", _("Provincial council")
    CENTRAL = "central", _("Central council")


class Evaluation(models.Model):
    """One council's scoring of a product in a year and round."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.PositiveSmallIntegerField(_("round"), default=1,
                                             validators=[MinValueValidator(1, message=_("The round must be 1 or more."))])
    council = models.CharField(_("council level"), max_length=16, choices=Council.choices)
    score_a = models.DecimalField(_("part A score (max 40)"), max_digits=5, decimal_places=2, validators=_score(40, _("The part A score must be between 0 and 40.")))
    score_b = models.DecimalField(_("part B score (max 25)"), max_digits=5, decimal_places=2, validators=_score(25, _("The part B score must be between 0 and 25.")))
    score_c = models.DecimalField(_("part C score (max 35)"), max_digits=5, decimal_places=2, validators=_score(35, _("The part C score must be between 0 and 35.")))
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2, editable=False)
    stars = models.PositiveSmallIntegerField(_("star band"), editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["year", "round", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(name="ocop_evaluation_score_a_range", condition=Q(score_a__gte=0, score_a__lte=40)),
            models.CheckConstraint(name="ocop_evaluation_score_b_range", condition=Q(score_b__gte=0, score_b__lte=25)),
            models.CheckConstraint(name="ocop_evaluation_score_c_range", condition=Q(score_c__gte=0, score_c__lte=35)),
            # A tolerance because SQLite adds decimals as floating point.
            models.CheckConstraint(name="ocop_evaluation_total_is_sum", condition=Q(
                total__gte=F("score_a") + F("score_b") + F("score_c") - Decimal("0.001"),
                total__lte=F("score_a") + F("score_b") + F("score_c") + Decimal("0.001"))),
            models.CheckConstraint(
                name="ocop_evaluation_stars_match_total",
                condition=Q(total__gte=90, stars=5) | Q(total__gte=70, total__lt=90, stars=4)
                | Q(total__gte=50, total__lt=70, stars=3) | Q(total__gte=30, total__lt=50, stars=2)
                | Q(total__lt=30, stars=1),
            ),
            models.UniqueConstraint(fields=["product", "year", "round", "council"], name="ocop_evaluation_unique_round",
                                    violation_error_message=_("This product already has an evaluation by this council in this year and round.")),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.year} ({self.total} điểm, {self.stars}★)"

    def compute(self) -> None:
        if None not in (self.score_a, self.score_b, self.score_c):
            self.total = Decimal(self.score_a) + Decimal(self.score_b) + Decimal(self.score_c)
            self.stars = star_band(self.total)

    def clean(self):
        this_year = timezone.localdate().year
        if self.year is not None and not FIRST_YEAR <= self.year <= this_year:
            raise ValidationError({"year": _("The year must be between %(first)s and %(last)s.")
                                   % {"first": FIRST_YEAR, "last": this_year}})
        self.compute()

    def save(self, *args, **kwargs):
        self.compute()
        super().save(*args, **kwargs)


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded by a re-rating")
    REVOKED = "revoked", _("Revoked")


def certificate_status(*, valid_until: datetime.date, superseded: bool, revoked: bool,
                       on: datetime.date) -> str:
    """The status of a certificate on a day: the one rule, mirrored in SQL by `certificate_status_q`."""
    if revoked:
        return CertificateStatus.REVOKED
    if superseded:
        return CertificateStatus.SUPERSEDED
    if valid_until < on:
        return CertificateStatus.EXPIRED
    if valid_until <= on + datetime.timedelta(days=NOTICE_DAYS):
        return CertificateStatus.EXPIRING
    return CertificateStatus.VALID


def certificate_status_q(status: str, on: datetime.date, prefix: str = "") -> Q:
    """The rows of `certificate_status(...) == status`, as a Q (prefix e.g. "current_certificate__")."""
    p = prefix
    live = Q(**{f"{p}revoked": False, f"{p}superseded": False})
    notice = on + datetime.timedelta(days=NOTICE_DAYS)
    match status:
        case CertificateStatus.REVOKED:
            return Q(**{f"{p}revoked": True})
        case CertificateStatus.SUPERSEDED:
            return Q(**{f"{p}revoked": False, f"{p}superseded": True})
        case CertificateStatus.EXPIRED:
            return live & Q(**{f"{p}valid_until__lt": on})
        case CertificateStatus.EXPIRING:
            return live & Q(**{f"{p}valid_until__gte": on, f"{p}valid_until__lte": notice})
        case CertificateStatus.VALID:
            return live & Q(**{f"{p}valid_until__gt": notice})
    raise ValueError(status)


# Decision 1489/QĐ-TTg (amending Annex II of 148/QĐ-TTg): from this date the province certifies
# 3★ products too (districts were abolished on 1 July 2025).
PROVINCE_CERTIFIES_3_STARS_FROM = datetime.date(2025, 7, 6)


class Certificate(models.Model):
    """A star certificate issued by a decision; valid 36 months from the decision date."""

    Status = CertificateStatus

    class Issuer(models.TextChoices):
        DISTRICT = "district", _("District People's Committee (3★)")
        PROVINCE = "province", _("Provincial People's Committee (4★)")
        CENTRAL = "central", _("Central council (5★)")

    ISSUER_FOR_STARS = {3: Issuer.DISTRICT, 4: Issuer.PROVINCE, 5: Issuer.CENTRAL}  # until 5 July 2025

    @classmethod
    def issuer_for(cls, stars: int, decision_date: datetime.date | None) -> str:
        """Who issues a certificate of `stars` by the rules in force on `decision_date`."""
        if stars == 3 and decision_date and decision_date >= PROVINCE_CERTIFIES_3_STARS_FROM:
            return cls.Issuer.PROVINCE
        return cls.ISSUER_FOR_STARS.get(stars, "")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="certificates")
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="certificates")
    stars = models.PositiveSmallIntegerField(_("stars"))
    issuer = models.CharField(_("issuer"), max_length=16, choices=Issuer.choices)
    # The GSO code of the issuing People's Committee (district for 3★, province for 4★), empty for
    # the central council: decision numbers are unique per issuer.
    issuer_code = models.CharField(_("issuer GSO code"), max_length=3, blank=True, editable=False)
    decision_number = models.CharField(_("decision number"), max_length=50, help_text=_("e.g. 1234/QĐ-UBND"))
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(_("valid until"), editable=False)
    superseded = models.BooleanField(_("superseded by a re-rating"), default=False, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["decision_date", "id"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(name="ocop_certificate_stars_3_to_5", condition=Q(stars__gte=3, stars__lte=5)),
            models.CheckConstraint(
                name="ocop_certificate_issuer_matches_stars_and_date",
                condition=Q(stars=3, issuer="district", decision_date__lt=PROVINCE_CERTIFIES_3_STARS_FROM)
                | Q(stars=3, issuer="province", decision_date__gte=PROVINCE_CERTIFIES_3_STARS_FROM)
                | Q(stars=4, issuer="province") | Q(stars=5, issuer="central"),
            ),
            models.CheckConstraint(name="ocop_certificate_valid_after_decision",
                                   condition=Q(valid_until__gt=F("decision_date"))),
            models.CheckConstraint(name="ocop_certificate_revoked_has_date",
                                   condition=Q(revoked=False) | Q(revoked_on__isnull=False)),
            # One decision usually certifies a whole batch of products (listed in its annex), so a
            # decision number repeats across products — but never twice for the same product.
            models.UniqueConstraint(fields=["product", "issuer", "issuer_code", "decision_number"],
                                    name="ocop_certificate_unique_decision_per_product"),
        ]
        indexes = [models.Index(fields=["valid_until"], name="ocop_certificate_valid_idx")]

    def __str__(self) -> str:
        return f"{self.product} — {self.stars}★ ({self.decision_number})"

    def status_on(self, day: datetime.date | None = None) -> str:
        return certificate_status(valid_until=self.valid_until, superseded=self.superseded, revoked=self.revoked,
                                  on=day or timezone.localdate())

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return CertificateStatus(self.status).label

    def compute(self) -> None:
        if self.decision_date:
            self.valid_until = valid_until_for(self.decision_date)
        if self.product_id and self.issuer:
            commune = self.product.commune
            self.issuer_code = {self.Issuer.DISTRICT: commune.district.code if commune.district else "",
                                self.Issuer.PROVINCE: commune.province.code}.get(self.issuer, "")

    def clean(self):
        errors = {}
        if self.stars is not None and self.stars not in self.ISSUER_FOR_STARS:
            errors["stars"] = _("Only products rated 3★ to 5★ receive a certificate; %(stars)s★ cannot be certified.") % {"stars": self.stars}
        elif self.stars and self.issuer and (expected := self.issuer_for(self.stars, self.decision_date)) != self.issuer:
            errors["issuer"] = _("A %(stars)s★ certificate is issued by the %(issuer)s.") % {
                "stars": self.stars, "issuer": self.Issuer(expected).label}
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if self.decision_date and self.decision_date.year < FIRST_YEAR:
            errors["decision_date"] = _("OCOP certificates were first issued in %(year)s.") % {"year": FIRST_YEAR}
        if self.evaluation_id and self.product_id:
            evaluation = self.evaluation
            if evaluation.product_id != self.product_id:
                errors["evaluation"] = _("This evaluation belongs to another product.")
            elif self.stars and evaluation.stars < self.stars:
                errors["stars"] = _("The evaluation scored %(total)s points (%(band)s★): it does not support a %(stars)s★ certificate.") % {
                    "total": evaluation.total, "band": evaluation.stars, "stars": self.stars}
        if self.revoked and not self.revoked_on:
            errors["revoked_on"] = _("Enter the date the certificate was revoked.")
        if errors:
            raise ValidationError(errors)
        self.compute()
        if self.decision_number and self.issuer:
            same_decision = Certificate.objects.filter(
                issuer=self.issuer, issuer_code=self.issuer_code, decision_number__iexact=self.decision_number.strip(),
            ).exclude(pk=self.pk)
            if same_decision.filter(product_id=self.product_id).exists():
                raise ValidationError({"decision_number": _("Decision %(number)s is already recorded for this product.")
                                       % {"number": self.decision_number}})
            other_date = same_decision.exclude(decision_date=self.decision_date).values_list("decision_date", flat=True).first()
            if other_date and self.decision_date:
                raise ValidationError({"decision_number": _(
                    "Decision %(number)s of this issuer is already recorded with the date %(date)s: one decision has one date."
                ) % {"number": self.decision_number, "date": other_date.strftime("%d/%m/%Y")}})

    def save(self, *args, **kwargs):
        self.decision_number = self.decision_number.strip()
        self.compute()
        super().save(*args, **kwargs)


class Nomination(models.Model):
    """A product put forward for a higher star level: by whom (the body that nominates it), when,
    and the outcome (pending, accepted with the deciding act, refused).

    Recorded by province staff (`ntm_tracker.access.can_edit_province`), audited by
    `ocop.services.nomination_save`. `source` and `verified` say where the row comes from: a row
    read in a published report is verified; a demo row that only illustrates a published count
    says so in its source.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="nominations")
    proposed_stars = models.PositiveSmallIntegerField(_("proposed stars"), choices=[(4, "4★"), (5, "5★")])
    nominated_by = models.CharField(_("nominated by"), max_length=200, validators=[no_markup],
                                    help_text=_("The body that puts the product forward, e.g. UBND huyện Can Lộc."))
    nominated_on = models.DateField(_("nomination date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_decision = models.CharField(_("outcome decision"), max_length=100, blank=True, validators=[no_markup],
                                        help_text=_("The act that decided it, e.g. 1234/QĐ-UBND."))
    source = models.CharField(_("source"), max_length=255, validators=[no_markup],
                              help_text=_("Where this record comes from (report, decision, document)."))
    verified = models.BooleanField(_("verified"), default=False,
                                   help_text=_("Checked against the official source."))
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[no_markup])
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["nominated_on", "id"]
        verbose_name = _("nomination for a higher star level")
        verbose_name_plural = _("nominations for a higher star level")
        constraints = [
            models.CheckConstraint(name="ocop_nomination_stars_4_or_5", condition=Q(proposed_stars__in=[4, 5])),
            models.CheckConstraint(name="ocop_nomination_outcome_dated",
                                   condition=Q(outcome="pending", outcome_on__isnull=True)
                                   | (~Q(outcome="pending") & Q(outcome_on__isnull=False))),
            models.CheckConstraint(name="ocop_nomination_outcome_after_nomination",
                                   condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("nominated_on"))),
        ]
        indexes = [models.Index(fields=["nominated_on"], name="ocop_nomination_date_idx")]

    def __str__(self) -> str:
        return f"{self.product} — {self.proposed_stars}★ ({self.nominated_on:%d/%m/%Y})" if self.nominated_on else str(self.product)

    def stars_held_on(self, day: datetime.date) -> int | None:
        """The stars of the product's latest live certificate decided by `day`, if any."""
        certificate = (Certificate.objects.filter(product_id=self.product_id, decision_date__lte=day, revoked=False)
                       .order_by("-decision_date", "-id").first())
        return certificate.stars if certificate else None

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.nominated_on:
            if self.nominated_on > today:
                errors["nominated_on"] = _("The nomination date cannot be in the future.")
            elif self.nominated_on.year < FIRST_YEAR:
                errors["nominated_on"] = _("OCOP certificates were first issued in %(year)s.") % {"year": FIRST_YEAR}
            elif self.product_id and self.proposed_stars:
                held = self.stars_held_on(self.nominated_on)
                if held is not None and held >= self.proposed_stars:
                    errors["proposed_stars"] = _("The product already held %(held)s★ on that date: a nomination proposes a higher star level.") % {"held": held}
        if self.outcome == self.Outcome.PENDING:
            if self.outcome_on or self.outcome_decision:
                errors["outcome"] = _("A pending nomination has no outcome date or decision yet: choose accepted or refused.")
        elif self.outcome:
            if not self.outcome_on:
                errors["outcome_on"] = _("Enter the date of the outcome.")
            elif self.outcome_on > today:
                errors["outcome_on"] = _("The outcome date cannot be in the future.")
            elif self.nominated_on and self.outcome_on < self.nominated_on:
                errors["outcome_on"] = _("The outcome cannot come before the nomination.")
        if errors:
            raise ValidationError(errors)
