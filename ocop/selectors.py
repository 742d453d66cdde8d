"""Reads of the OCOP register for pages, exports and the leaders' dashboard. Each function runs a
fixed number of queries whatever the amount of data."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from ntm_tracker.collation import vietnamese
from ocop.models import (
    Certificate, CertificateStatus, Group, Nomination, Product, certificate_status, certificate_status_q, fold,
)
from territory.models import Commune, CommuneLineage, CommunePeriod, District, Province
from territory.selectors import period_on, territory_as_of, units_on_map

SORTS = {
    "name": [vietnamese("name"), "id"],
    "-name": [vietnamese("-name"), "-id"],
    "stars": [F("current_certificate__stars").asc(nulls_first=True), vietnamese("name"), "id"],
    "-stars": [F("current_certificate__stars").desc(nulls_last=True), vietnamese("name"), "id"],
    "valid_until": [F("current_certificate__valid_until").asc(nulls_last=True), vietnamese("name"), "id"],
    "-valid_until": [F("current_certificate__valid_until").desc(nulls_last=True), vietnamese("name"), "id"],
    "commune": ["commune__district__code", vietnamese("commune__name"), vietnamese("name"), "id"],
}
NO_CERTIFICATE = "none"


def product_search(province: Province, filters: dict, *, today: datetime.date | None = None) -> QuerySet[Product]:
    """The province's products matching the list filters, with producer, commune, district and the
    current certificate joined in (one query per page). `filters` keys (all optional): q, district
    (GSO code), commune (GSO code), group, stars (3–5), status (a CertificateStatus or "none"),
    year (a certificate decided in that year), sort (a key of SORTS)."""
    today = today or timezone.localdate()
    products = Product.objects.filter(commune__province=province).select_related(
        "producer", "commune__district", "current_certificate")
    if q := fold(filters.get("q") or ""):
        for word in q.split():
            products = products.filter(search_text__contains=word)
    if filters.get("district"):
        products = products.filter(commune__district__code=filters["district"])
    if filters.get("commune"):
        products = products.filter(commune__code=filters["commune"])
    if filters.get("group"):
        products = products.filter(group=filters["group"])
    if filters.get("stars"):
        products = products.filter(current_certificate__stars=filters["stars"])
    if status := filters.get("status"):
        if status == NO_CERTIFICATE:
            products = products.filter(current_certificate__isnull=True)
        else:
            products = products.filter(certificate_status_q(status, today, "current_certificate__"))
    if filters.get("year"):
        products = products.filter(Exists(Certificate.objects.filter(
            product=OuterRef("pk"), decision_date__year=filters["year"])))
    return products.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]))


@dataclass
class ProductRow:
    """A line of the product list, read as plain values rather than five model instances."""

    pk: int
    name: str
    producer: str
    group: str  # the group's label
    commune: str  # full names
    district: str
    stars: int | None  # of the current certificate; None, like the two below, without one
    valid_until: datetime.date | None
    status: str | None  # a CertificateStatus on the day of the page


ROW_VALUES = ("pk", "name", "producer__name", "group", "commune__kind", "commune__name", "commune__district__kind",
              "commune__district__name", "current_certificate__stars", "current_certificate__valid_until",
              "current_certificate__superseded", "current_certificate__revoked")


def _product_rows(values: list[tuple], today: datetime.date) -> list[ProductRow]:
    """`ROW_VALUES` tuples (and the match count) as rows, certificate statuses on `today`."""
    groups = dict(Group.choices)
    rows = []
    for (pk, name, producer, group, commune_kind, commune, district_kind, district, stars, valid_until, superseded,
         revoked, _match_count) in values:
        status = None if stars is None else certificate_status(valid_until=valid_until, superseded=superseded,
                                                                revoked=revoked, on=today)
        rows.append(ProductRow(pk, name, producer, groups.get(group, group), _full_name(Commune, commune_kind, commune),
                               _full_name(District, district_kind, district) if district else "",  # none since 2025
                               stars, valid_until, status))
    return rows


def product_page(province: Province, filters: dict, number: str | None, *, per_page: int) -> Page:
    """Page `number` of `product_search(province, filters)` as `ProductRow`s: the page
    `Paginator.get_page` gives (a missing or bad number: the first; below 1 or past the end: the
    last). The rows and the number of matches come from one query, a window count, instead of a
    count and then the rows; a number out of range costs two more (the count, the last page)."""
    today = timezone.localdate()
    products = product_search(province, filters, today=today)
    page_values = products.annotate(match_count=Window(Count("*"))).values_list(*ROW_VALUES, "match_count")
    try:
        index = int(number)
    except (TypeError, ValueError):
        index = 1
    # A number whose rows would lie past the largest integer a database takes as an offset is out of range.
    in_range = 1 <= index and index * per_page < 2**63
    values = list(page_values[(index - 1) * per_page:index * per_page]) if in_range else []
    if values or index == 1:
        count = values[0][-1] if values else 0
    else:
        count = products.count()
        index = max(1, -(-count // per_page))  # the last page
        values = list(page_values[(index - 1) * per_page:index * per_page])
    paginator = Paginator(products, per_page)
    paginator.count = count
    return Page(_product_rows(values, today), index, paginator)


def _full_name(unit_model, kind: str, name: str) -> str:
    """`Unit.full_name` from a row's kind and name, without building the model instance."""
    return f"{unit_model.PREFIXES.get(kind, '')} {name}".strip()


def filter_units(province: Province, *, district: str = "") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The list filter's choices as (GSO code, full name) pairs: (the province's districts by code,
    its communes by name — only those of `district`, a GSO code, when given). One query of plain
    rows, each district joined to its communes: a province has a few hundred communes, listed on
    every page."""
    rows = District.objects.filter(province=province).values_list(
        "code", "kind", "name", "communes__code", "communes__kind", "communes__name",
    ).order_by(vietnamese("communes__name"), "communes__code")
    districts, communes = {}, []
    for code, kind, name, commune_code, commune_kind, commune_name in rows:
        if code not in districts:
            districts[code] = _full_name(District, kind, name)
        if commune_code is not None and district in ("", code):
            communes.append((commune_code, _full_name(Commune, commune_kind, commune_name)))
    return sorted(districts.items()), communes


def certificate_chain(certificates: list[Certificate]) -> list[Certificate]:
    """Link each certificate (newest first, as given) to the one it follows, derived by product and
    date: `previous` (the earlier certificate or None), `link` ("first", "renewal" — the same stars
    again, the re-evaluation at expiry —, "up" or "down" — a re-rating) and `gap_days` (days
    between the previous one's expiry and this decision, > 0 when the product went uncertified)."""
    for certificate, previous in zip(certificates, [*certificates[1:], None]):
        certificate.previous = previous
        if previous is None:
            certificate.link, certificate.gap_days = "first", 0
            continue
        certificate.link = ("renewal" if certificate.stars == previous.stars
                            else "up" if certificate.stars > previous.stars else "down")
        certificate.gap_days = max(0, (certificate.decision_date - previous.valid_until).days)
    return certificates


def product_detail(product: Product) -> dict:
    """{"evaluations": [Evaluation], "certificates": [Certificate] linked by `certificate_chain`,
    "nominations": [Nomination], "markets": [ExportMarket]}, newest first, and "to_certify": the
    newest evaluation when it reaches 3★ or more and no certificate records it yet (the page
    prompts to record one), else None. Four queries."""
    evaluations = list(product.evaluations.order_by("-year", "-round", "-id"))
    certificates = certificate_chain(list(product.certificates.order_by("-decision_date", "-id")))
    newest = evaluations[0] if evaluations else None
    to_certify = newest if newest and newest.stars >= 3 and all(
        c.evaluation_id != newest.pk for c in certificates) else None
    # The commune as it stood when the product was certified (its latest decision), and today's unit.
    certified_on = certificates[0].decision_date if certificates and certificates[0].decision_date else None
    origin = commune_then_and_now(product.commune, certified_on or timezone.localdate())
    return {"evaluations": evaluations, "certificates": certificates, "to_certify": to_certify,
            "nominations": list(product.nominations.order_by("-nominated_on", "-id")),
            "markets": list(product.export_markets.all()), "origin": origin}


@dataclass
class CommuneThenAndNow:
    """The commune a product was certified in, as it stood on the certificate's date (name and
    district of then), and the unit(s) it became since (its successors open today)."""

    commune: Commune
    day: datetime.date
    name_then: str
    district_then: District | None
    successors: list  # [Commune] open today; empty while the commune itself still exists

    @property
    def changed(self) -> bool:
        return bool(self.successors) or self.name_then != self.commune.full_name


def commune_then_and_now(commune: Commune, day: datetime.date) -> CommuneThenAndNow:
    """`commune` on `day` (its closed period of that day, else its row) and its successors today,
    following the lineage through each reorganisation (1 January and 1 July 2025). Two queries, one
    more per reorganisation the commune went through."""
    period = CommunePeriod.objects.filter(period_on(day), commune=commune).select_related("district").first()
    if period is not None:
        name_then = f"{Commune.PREFIXES.get(period.kind, '')} {period.name}".strip()
        district_then = period.district
    else:
        name_then, district_then = commune.full_name, commune.district
    successors, frontier, seen = [], [commune], {commune.pk}
    for _step in range(5):  # a few reorganisations at most; guards against a bad cycle
        closed = [c.pk for c in frontier if c.valid_to is not None]
        if not closed:
            break
        frontier = []
        for link in CommuneLineage.objects.filter(predecessor__in=closed).select_related("successor").order_by("successor__code"):
            if link.successor_id not in seen:
                seen.add(link.successor_id)
                (successors if link.successor.valid_to is None else frontier).append(link.successor)
    return CommuneThenAndNow(commune=commune, day=day, name_then=name_then, district_then=district_then,
                             successors=sorted(successors, key=lambda c: c.code))


def nominations_count(province: Province, year: int) -> dict[str, int]:
    """Nominations for a higher star level made in `year` by the province's products:
    {"4": n, "5": n} (zeros included), whatever their outcome. One query."""
    rows = (Nomination.objects.filter(product__commune__province=province, nominated_on__year=year)
            .values("proposed_stars").annotate(n=Count("id")))
    counts = {"4": 0, "5": 0}
    for row in rows:
        counts[str(row["proposed_stars"])] = row["n"]
    return counts


def in_force_on(day: datetime.date) -> QuerySet[Certificate]:
    """Certificates in force on `day`: decided by then, not yet expired or revoked, and the
    latest such decision for their product (a re-rating replaces the earlier certificate)."""
    lapsed = Q(revoked=True, revoked_on__lte=day)
    later = Certificate.objects.filter(product=OuterRef("product"), decision_date__lte=day).exclude(lapsed).filter(
        Q(decision_date__gt=OuterRef("decision_date")) | Q(decision_date=OuterRef("decision_date"), pk__gt=OuterRef("pk")))
    return Certificate.objects.filter(decision_date__lte=day, valid_until__gte=day).exclude(lapsed).exclude(Exists(later))


def products_by_province(day: datetime.date) -> dict[int, dict]:
    """For the national page: {province id: {"products": n registered, "in_force": n with a
    certificate in force on `day`}} for every province with products (by the province of the
    product's commune). One query whatever the number of provinces or products.

    A product is in force when one of its certificates decided by `day` covers it and has not
    been revoked by then: every certificate runs its fixed validity from its decision
    (`valid_until_for`), so the latest one decided covers the day whenever an earlier one does —
    the same products as `in_force_on(day)`, without its per-certificate subquery."""
    covering = Certificate.objects.filter(decision_date__lte=day, valid_until__gte=day).exclude(
        revoked=True, revoked_on__lte=day).values("product_id")
    # `id IN (uncorrelated subquery)`: PostgreSQL hashes the covering certificates once.
    return {row["commune__province_id"]: {"products": row["products"], "in_force": row["in_force"]}
            for row in Product.objects.values("commune__province_id").annotate(
                products=Count("id"), in_force=Count("id", filter=Q(id__in=covering))).order_by()}


def stars_by_district(province: Province, *, year: int | None = None, district: District | None = None) -> list[dict]:
    """Certified products by star level per district unit, today or at the end of `year`:
    [{"code": "443", "district": "Huyện Can Lộc", "stars": {3: n, 4: n, 5: n}}] for every district
    of the province (zeros included), by GSO code; with `district`, that one row. Two queries."""
    day = datetime.date(year, 12, 31) if year else timezone.localdate()
    if district is None:
        return _stars_as_of(province, day)
    districts = District.objects.filter(province=province).order_by("code")
    certificates = in_force_on(day).filter(product__commune__province=province)
    if district is not None:
        districts = districts.filter(pk=district.pk)
        certificates = certificates.filter(product__commune__district=district)
    counts = {(row["product__commune__district__code"], row["stars"]): row["n"] for row in certificates.values(
        "product__commune__district__code", "stars").annotate(n=Count("id")).order_by()}
    return [{"code": d.code, "district": d.full_name, "stars": {s: counts.get((d.code, s), 0) for s in (3, 4, 5)}}
            for d in districts]


def _stars_as_of(province: Province, day: datetime.date) -> list[dict]:
    """The province's rows of `stars_by_district` on the map of `day` (`territory_as_of`): per
    district unit of that day, or, when that map has none (from 1 July 2025), per commune of that
    day with certified products; a closed commune's products count with the unit it became
    (`units_on_map`). Three queries, plus one per reorganisation a closed commune went through."""
    territory = territory_as_of(province, day=day)
    rows = list(in_force_on(day).filter(product__commune__province=province).values_list(
        "product__commune_id", "stars").annotate(n=Count("id")).order_by())
    unit_of = units_on_map(territory, {commune_id for commune_id, _stars, _n in rows})
    counts = defaultdict(int)
    for commune_id, stars, n in rows:
        if unit := unit_of.get(commune_id):
            counts[(unit.district_id if territory.districts else unit.id, stars)] += n
    if territory.districts:
        return [{"code": d.code, "district": d.full_name, "stars": {s: counts[(d.id, s)] for s in (3, 4, 5)}}
                for d in territory.districts]
    shown = [c for c in territory.communes if any(counts[(c.id, s)] for s in (3, 4, 5))]
    return [{"code": c.code, "district": c.full_name, "stars": {s: counts[(c.id, s)] for s in (3, 4, 5)}} for c in shown]


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def certificates_expiring_by_quarter(province: Province, *, district: District | None = None,
                                     today: datetime.date | None = None, quarters: int = 8) -> list[dict]:
    """How many live certificates (not expired, superseded or revoked) reach their valid-until date
    in each of the next `quarters` quarters, starting with today's: [{"quarter": "Q1/2025",
    "count": n}]. One query."""
    today = today or timezone.localdate()
    year, quarter = _quarter(today)
    keys = []
    for _ in range(quarters):
        keys.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    last_year, last_quarter = keys[-1]
    end = datetime.date(last_year + (last_quarter == 4), (last_quarter * 3) % 12 + 1, 1)  # the day after the last quarter
    certificates = Certificate.objects.filter(
        product__commune__province=province, revoked=False, superseded=False,
        valid_until__gte=today, valid_until__lt=end)
    if district is not None:
        certificates = certificates.filter(product__commune__district=district)
    counts = {(row["y"], row["q"]): row["n"] for row in certificates.annotate(
        y=ExtractYear("valid_until"), q=ExtractQuarter("valid_until")).values("y", "q").annotate(n=Count("id")).order_by()}
    return [{"quarter": f"Q{q}/{y}", "count": counts.get((y, q), 0)} for y, q in keys]


def newly_certified_count(province: Province, year: int, *, min_stars: int = 3, district: District | None = None) -> int:
    """Products whose first certificate of at least `min_stars` was decided in `year` (a product
    re-rated from 3★ to 4★ in 2024 counts for min_stars=4 in 2024, not for min_stars=3). One query."""
    products = Product.objects.filter(commune__province=province)
    if district is not None:
        products = products.filter(commune__district=district)
    return products.annotate(first=Min("certificates__decision_date", filter=Q(certificates__stars__gte=min_stars))).filter(
        first__year=year).count()


def certified_by_star(province: Province, year: int) -> dict:
    """The province's OCOP products of `year` by star level, in one query:
    {"new": {3: n, 4: n, 5: n}, "reaching_4": n, "in_force": {3: n, 4: n, 5: n}}.

    "new": products certified for the first time in `year`, by the stars of that first certificate
    (a product re-rated from 3★ to 4★ in 2024 is not new in 2024); their sum is
    `newly_certified_count(province, year)` unless a first certificate was below 3★ (the register
    holds none). "reaching_4": products first reaching 4★ or more in `year`, new or re-rated
    (`newly_certified_count(province, year, min_stars=4)`). "in_force": products certified at the end
    of `year` by the stars of their certificate then (`in_force_on`), whatever map their communes
    stood on."""
    day = datetime.date(year, 12, 31)
    first = Certificate.objects.filter(product=OuterRef("pk")).order_by("decision_date", "pk")
    rows = Product.objects.filter(commune__province=province).annotate(
        first_date=Min("certificates__decision_date"),
        first_4=Min("certificates__decision_date", filter=Q(certificates__stars__gte=4)),
        first_stars=Subquery(first.values("stars")[:1]),
        in_force=Subquery(in_force_on(day).filter(product=OuterRef("pk")).values("stars")[:1]),
    ).filter(Q(first_date__year=year) | Q(first_4__year=year) | Q(in_force__isnull=False)).values_list(
        "first_date", "first_4", "first_stars", "in_force")
    new, in_force, reaching_4 = Counter(), Counter(), 0
    for first_date, first_4, stars, stars_in_force in rows:
        if first_date.year == year:
            new[stars] += 1
        if first_4 is not None and first_4.year == year:
            reaching_4 += 1
        if stars_in_force is not None:
            in_force[stars_in_force] += 1
    return {"new": {stars: new[stars] for stars in (3, 4, 5)}, "reaching_4": reaching_4,
            "in_force": {stars: in_force[stars] for stars in (3, 4, 5)}}


def exported_products(province: Province, *, year: int | None = None) -> list[Product]:
    """Products sold abroad (at least one export market), with their markets prefetched; with
    `year`, only those certified at the end of that year. `len()` of it is the count. Two queries."""
    products = Product.objects.filter(commune__province=province, export_markets__isnull=False)
    if year is not None:
        products = products.filter(Exists(in_force_on(datetime.date(year, 12, 31)).filter(product=OuterRef("pk"))))
    return list(products.distinct().select_related("commune__district", "producer").prefetch_related(
        "export_markets").order_by(vietnamese("name"), "id"))


# --- Expiry ---------------------------------------------------------------------------------

BUCKETS = ("expired", "30", "60", "90")


@dataclass
class ExpiryRow:
    product: Product
    certificate: Certificate
    days_left: int  # negative: expired that many days ago
    bucket: str  # one of BUCKETS

    @property
    def days_ago(self) -> int:
        return -self.days_left


@dataclass
class ExpiryList:
    """The province's certificates expiring or lately expired, on today's map (`territory_as_of`):
    grouped per district unit, or, on a map without districts (from 1 July 2025), per commune-level
    unit. A product registered in a commune closed since counts with the unit it became
    (`units_on_map`); one whose commune leads to no unit of today's map is in a last group whose
    `unit` is None, so that no product is left out."""

    by_district: bool
    units: list  # today's DistrictAsOf or CommuneAsOf, by code: the filter's choices (its parameter:
    # "district" or "commune")
    unit: object  # the chosen one of `units`, or None: the whole province
    groups: list[dict]  # [{"unit", "counts": {bucket: n}, "rows": [ExpiryRow]}], by the unit's code
    totals: dict  # {bucket: n} over the groups


def certificates_expiring(province: Province, *, today: datetime.date | None = None, district: str | None = None,
                          commune: str | None = None, expired_days: int | None = 180) -> ExpiryList:
    """Products whose current certificate expires within 90 days or expired within the last
    `expired_days` (None: ever) and was not renewed, per unit of today's map (`ExpiryList`), rows by
    valid-until date; units without any row are left out. `district` or `commune`: the code of one
    of `ExpiryList.units`, whichever kind today's map has (the other, or an unknown code, is
    ignored). Three queries, plus one per reorganisation a listed product's commune went through."""
    today = today or timezone.localdate()
    territory = territory_as_of(province, day=today)
    by_district = bool(territory.districts)
    units = territory.districts if by_district else territory.communes
    code = district if by_district else commune
    chosen = next((u for u in units if u.code == code), None) if code else None
    window = Q(current_certificate__valid_until__lte=today + datetime.timedelta(days=90))
    if expired_days is not None:
        window &= Q(current_certificate__valid_until__gte=today - datetime.timedelta(days=expired_days))
    products = list(Product.objects.filter(window, commune__province=province, current_certificate__revoked=False,
                                           current_certificate__superseded=False).select_related(
        "producer", "commune", "current_certificate").order_by("current_certificate__valid_until", "name", "id"))
    unit_of = units_on_map(territory, {product.commune_id for product in products})
    grouped = defaultdict(list)  # today's unit id (None: not on today's map) → rows
    for product in products:
        on_map = unit_of.get(product.commune_id)
        key = None if on_map is None else on_map.district_id if by_district else on_map.id
        if chosen is not None and key != chosen.id:
            continue
        days = (product.current_certificate.valid_until - today).days
        bucket = "expired" if days < 0 else "30" if days <= 30 else "60" if days <= 60 else "90"
        grouped[key].append(ExpiryRow(product, product.current_certificate, days, bucket))
    groups = [{"unit": u, "rows": grouped[u.id]} for u in units if u.id in grouped]
    if None in grouped:
        groups.append({"unit": None, "rows": grouped[None]})
    for group in groups:
        group["counts"] = {b: sum(1 for r in group["rows"] if r.bucket == b) for b in BUCKETS}
    return ExpiryList(by_district=by_district, units=units, unit=chosen, groups=groups,
                      totals={b: sum(g["counts"][b] for g in groups) for b in BUCKETS})


__all__ = [
    "CertificateStatus", "ExpiryList", "ProductRow", "certificates_expiring", "certificates_expiring_by_quarter",
    "exported_products", "certified_by_star", "filter_units", "in_force_on", "newly_certified_count", "product_detail",
    "product_page",
    "product_search", "stars_by_district",
]
