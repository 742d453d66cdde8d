"""A national-scale data set for the benchmark: every unit of the GSO list, years of indicator
assessments with their results, review states, recognitions and an OCOP register.

Reproducible from a seed. Units and the catalogue go through the ordinary importers
(`units_import`, `catalogue_load`); indicator "met" comes from `threshold_pick` / `met_compute` and
the criterion and commune results from `results_compute`, the rules every save uses. Rows are
written in bulk — PostgreSQL COPY when available, `bulk_create` otherwise — one transaction per
province, so an interrupted run leaves whole provinces behind. Seed data, like the demo: no audit.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from communes.catalogue import commune_set_for
from communes.models import Assessment, CommuneYearResult, Criterion, CriterionResult, Indicator, Level, Recognition, Review
from communes.rules import met_compute, threshold_pick
from communes.services.assessments import results_compute, thresholds_by_indicator
from communes.services.catalogue import catalogue_load
from ntm_tracker.db import rows_insert
from ocop.models import (
    SUBGROUPS, Certificate, Council, Evaluation, Group, Producer, Product, fold, star_band, valid_until_for,
)
from showcase.demo.ocop import _scores
from territory.imports import NATIONAL_LIST, read_rows, units_import
from territory.models import Commune, Province


class AlreadyGenerated(Exception):
    """The selected provinces already have assessments in the selected years: nothing was written."""


@dataclass
class NationalReport:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def bulk_insert(model, fields: list[str], rows: list[tuple]) -> int:
    """Insert `rows` (tuples in the order of `fields`, attribute names such as "commune_id").

    PostgreSQL: one COPY through psycopg 3. Other databases: the values prepared by their fields and
    written by one `executemany` (`ntm_tracker.db.rows_insert`; bulk_create's model per row and SQL
    per value took most of the time).
    """
    if not rows:
        return 0
    model_fields = [model._meta.get_field(f.removesuffix("_id")) if f.endswith("_id") else model._meta.get_field(f)
                    for f in fields]
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(field.column) for field in model_fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with (connection.cursor() as cursor, cursor.connection.cursor() as raw,
              raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy):
            for row in rows:
                copy.write_row(row)
    else:
        wrapper = connections[DEFAULT_DB_ALIAS]
        # The other columns take their defaults (`auto_now` ones: now), as bulk_create gives them.
        blank = model()
        others = [field for field in model._meta.concrete_fields if not field.primary_key and field not in model_fields]
        defaults = [field.get_db_prep_save(field.pre_save(blank, True), wrapper) for field in others]
        rows_insert(model._meta.db_table, [field.column for field in model_fields + others],
                    [[field.get_db_prep_save(value, wrapper) for field, value in zip(model_fields, row, strict=True)]
                     + defaults for row in rows])
    return len(rows)


def _value(rng: random.Random, indicator: Indicator, threshold: Decimal | None, met: bool) -> Decimal | None:
    """A plausible value on the right side of `threshold` (None for yes/no indicators)."""
    if not indicator.is_numeric or threshold is None:
        return None
    t = float(threshold)
    if indicator.comparison == Indicator.Comparison.AT_MOST:
        value = t * rng.uniform(0.3, 0.95) if met else t * rng.uniform(1.1, 1.8) + 0.01
    elif met:
        cap = 100.0 if indicator.kind == Indicator.Kind.PERCENT else t * 1.4 + 1
        value = t + (max(cap, t) - t) * rng.uniform(0, 1)
    else:
        value = t * rng.uniform(0.5, 0.97) if t > 0 else 0.0
    if indicator.kind == Indicator.Kind.PERCENT:
        value = min(value, 100.0)
    return Decimal(f"{max(value, 0):.2f}")


def generate_national(*, seed: int = 2025, years: range = range(2021, 2026), provinces: list[str] | None = None,
                      products: int = 15000, log=lambda message: None) -> dict[str, int]:
    """Fill the database; returns the number of rows written by kind.

    Units and the catalogue are brought in line idempotently. Raises AlreadyGenerated, writing
    nothing, when any selected province already has an assessment in one of `years`.
    """
    rows = read_rows(NATIONAL_LIST)
    if provinces:
        wanted = set(provinces)
        rows = [row for row in rows if row["Mã TP"].strip().zfill(2) in wanted]
    with transaction.atomic():
        units_import(rows=rows)
        catalogue_load()
    province_objs = list(Province.objects.filter(code__in=provinces) if provinces else Province.objects.all())
    if Assessment.objects.filter(commune__province__in=province_objs, year__in=list(years)).exists():
        raise AlreadyGenerated(
            "These provinces already have assessments for these years: nothing was generated. "
            "Use an empty database (or other --provinces / --years)."
        )
    counts: dict[str, int] = defaultdict(int)
    counts["provinces"] = len(province_objs)
    now = timezone.now()
    rng = random.Random(seed)
    criteria_by_year, indicators_by_year = {}, {}
    for year in years:
        criteria_set = commune_set_for(year)
        criteria_by_year[year] = list(Criterion.objects.filter(criteria_set=criteria_set).order_by("number"))
        indicators_by_year[year] = list(Indicator.objects.filter(criterion__criteria_set=criteria_set)
                                        .select_related("criterion").order_by("criterion__number", "position"))
    thresholds = thresholds_by_indicator({i.pk for group in indicators_by_year.values() for i in group})
    last_year = years[-1]
    for province in province_objs:
        with transaction.atomic():
            communes = list(Commune.objects.filter(province=province).select_related("district")
                            .order_by("code"))
            counts["districts"] += len({c.district_id for c in communes})
            counts["communes"] += len(communes)
            assessed = [c for c in communes if c.in_programme]
            _province_generate(rng, province, assessed, years, last_year, criteria_by_year, indicators_by_year,
                               thresholds, now, counts)
        log(f"{province.code} {province.name}: {len(assessed)} communes assessed")
    with transaction.atomic():
        _ocop_generate(rng, province_objs, products, now, counts)
    log(f"OCOP: {counts['products']} products")
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: until autovacuum gets to the new millions of rows, some
        # pages' queries would be planned as if the tables were empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log("Statistics refreshed (ANALYZE).")
    return dict(counts)


def _province_generate(rng, province, communes, years, last_year, criteria_by_year, indicators_by_year,
                       thresholds, now, counts) -> None:
    assessment_rows, result_rows, summary_rows, review_rows, recognition_rows = [], [], [], [], []
    # Each commune has a "strength" that grows each year: how likely an indicator is met.
    strength = {c.pk: rng.uniform(0.80, 0.995) for c in communes}
    recognised: set[int] = set()
    threshold_cache: dict[tuple, Decimal | None] = {}
    for year in years:
        indicators = indicators_by_year[year]
        indicator_criterion = {i.pk: i.criterion_id for i in indicators}
        year_rows = []
        for commune in communes:
            p = min(1.0, strength[commune.pk] + 0.01 * (year - years[0]))
            if commune.pk in recognised or rng.random() < 0.08:
                p = 1.0  # recognised communes keep every indicator; some others get there
            for indicator in indicators:
                key = (indicator.pk, province.region, commune.uses_mountain_thresholds, year)
                if key not in threshold_cache:
                    threshold_cache[key] = threshold_pick(thresholds[indicator.pk], region=province.region,
                                                          mountain=commune.uses_mountain_thresholds, year=year)
                threshold = threshold_cache[key]
                wanted = rng.random() < p
                value = _value(rng, indicator, threshold, wanted)
                met = met_compute(indicator, value=value, met=wanted, threshold=threshold)
                year_rows.append((commune.pk, indicator.pk, met))
                assessment_rows.append((commune.pk, indicator.pk, year, value, met, "", "", None, now, 1))
        results, summaries = results_compute(
            criteria=criteria_by_year[year], indicator_criterion=indicator_criterion,
            commune_ids=[c.pk for c in communes], year=year, rows=year_rows)
        result_rows += [(r.commune_id, r.criterion_id, r.year, r.met, r.indicators_met, r.indicators_total)
                        for r in results]
        summary_rows += [(s.commune_id, s.year, s.criteria_met, s.criteria_total, s.level, now) for s in summaries]
        reached = {s.commune_id for s in summaries if s.level == Level.NTM}
        for commune in communes:
            # Past years are approved; the last one is somewhere along the workflow.
            if year < last_year:
                state = Review.State.APPROVED
            else:
                state = rng.choice([Review.State.DRAFT, Review.State.SUBMITTED, Review.State.VERIFIED,
                                    Review.State.APPROVED, Review.State.RETURNED])
            review_rows.append((commune.pk, year, state, "", None, now))
            # A decision recognises an approved year that reaches NTM, once per commune.
            if state == Review.State.APPROVED and commune.pk in reached and commune.pk not in recognised:
                recognised.add(commune.pk)
                day = datetime.date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
                recognition_rows.append((
                    commune.pk, None, Level.NTM, Recognition.Kind.RECOGNISED,
                    f"{rng.randint(100, 4999)}/QĐ-UBND", day, Recognition.Issuer.PROVINCE, year, "", False, "",
                    None, now, now,
                ))
    counts["assessments"] += bulk_insert(Assessment, [
        "commune_id", "indicator_id", "year", "value", "met", "note", "evidence", "updated_by_id", "updated_at",
        "version"], assessment_rows)
    counts["criterion_results"] += bulk_insert(CriterionResult, [
        "commune_id", "criterion_id", "year", "met", "indicators_met", "indicators_total"], result_rows)
    counts["commune_year_results"] += bulk_insert(CommuneYearResult, [
        "commune_id", "year", "criteria_met", "criteria_total", "level", "updated_at"], summary_rows)
    counts["reviews"] += bulk_insert(Review, ["commune_id", "year", "state", "reason", "updated_by_id", "updated_at"],
                                     review_rows)
    counts["recognitions"] += bulk_insert(Recognition, [
        "commune_id", "district_id", "level", "kind", "decision_number", "decision_date", "issuer", "standard_year",
        "outstanding_field", "verified", "note", "created_by_id", "created_at", "updated_at"], recognition_rows)


PRODUCT_WORDS = {
    Group.FOOD: ["Gạo", "Mật ong", "Chè", "Nước mắm", "Bưởi", "Cam", "Kẹo cu đơ", "Miến", "Nhút"],
    Group.DRINKS: ["Rượu", "Nước ép", "Trà thảo mộc"],
    Group.HERBAL: ["Tinh dầu", "Cao dược liệu", "Trà túi lọc"],
    Group.HANDICRAFTS: ["Mây tre đan", "Chiếu cói", "Vải lụa"],
    Group.ORNAMENTAL: ["Hoa", "Cây cảnh"],
    Group.TOURISM: ["Du lịch cộng đồng"],
}


def _ocop_generate(rng, province_objs, total: int, now, counts) -> None:
    """`total` products across the communes of `province_objs`, each with a producer, one or two
    evaluations and a certificate when the latest evaluation reaches 3★."""
    communes = list(Commune.objects.filter(province__in=province_objs, excluded=False)
                    .select_related("district", "province").order_by("code"))
    if not communes or not total:
        return
    today = timezone.localdate()
    picks = [rng.choice(communes) for _ in range(total)]
    producer_rows, producer_keys = [], {}
    product_plan = []
    for n, commune in enumerate(picks):
        group = rng.choice(list(PRODUCT_WORDS))
        word = rng.choice(PRODUCT_WORDS[group])
        name = f"{word} {commune.name} {n + 1}"
        producer_name = f"HTX {word} {commune.name} {n % 7 + 1}"
        key = (commune.pk, producer_name)
        if key not in producer_keys:
            producer_keys[key] = len(producer_rows)
            producer_rows.append(Producer(name=producer_name, kind=Producer.Kind.COOPERATIVE, commune=commune,
                                          phone=f"09{rng.randint(10000000, 99999999)}"))
        product_plan.append((commune, group, rng.choice(SUBGROUPS[group]), name, key))
    producers = Producer.objects.bulk_create(producer_rows, batch_size=5000)
    if any(p.pk is None for p in producers):
        by_key = {(p.commune_id, p.name): p for p in Producer.objects.filter(commune__in=communes)}
        producers = [by_key[(p.commune_id, p.name)] for p in producer_rows]
    product_objs = []
    for commune, group, subgroup, name, key in product_plan:
        producer = producers[producer_keys[key]]
        product = Product(name=name, producer=producer, group=group, subgroup=subgroup, commune=commune)
        product.search_text = fold(f"{name} {producer.name}")[:450]
        product_objs.append(product)
    product_objs = Product.objects.bulk_create(product_objs, batch_size=5000)
    if any(p.pk is None for p in product_objs):
        by_name = {(p.commune_id, p.name): p for p in Product.objects.filter(commune__in=communes)}
        product_objs = [by_name[(p.commune_id, p.name)] for p in product_objs]
    evaluations, certificate_plan = [], []
    for product, (commune, *_rest) in zip(product_objs, product_plan, strict=True):
        year = rng.randint(2019, today.year - 1)
        stars = rng.choices([2, 3, 4, 5], weights=[10, 65, 23, 2])[0]
        council = {2: Council.DISTRICT, 3: Council.DISTRICT, 4: Council.PROVINCE, 5: Council.CENTRAL}[stars]
        a, b, c = _scores(rng, stars)
        evaluation = Evaluation(product=product, year=year, round=1, council=council, score_a=a, score_b=b,
                                score_c=c)
        evaluation.compute()
        assert star_band(evaluation.total) == stars
        evaluations.append(evaluation)
        if stars >= 3:
            certificate_plan.append((product, commune, evaluation, stars,
                                     datetime.date(year, rng.randint(6, 12), rng.randint(1, 28))))
    evaluations = Evaluation.objects.bulk_create(evaluations, batch_size=5000)
    if any(e.pk is None for e in evaluations):
        by_product = {e.product_id: e for e in Evaluation.objects.filter(product__in=product_objs)}
        certificate_plan = [(p, c, by_product[p.pk], s, d) for p, c, _e, s, d in certificate_plan]
    certificates = []
    for product, commune, evaluation, stars, day in certificate_plan:
        decided = datetime.date(day.year, 12, 15)  # the year's decision (below)
        issuer = Certificate.issuer_for(stars, decided)
        issuer_code = {Certificate.Issuer.DISTRICT: commune.district.code,
                       Certificate.Issuer.PROVINCE: commune.province.code}.get(issuer, "")
        # One decision per issuer and year certifies all its products of that year.
        number = f"{day.year % 100}{int(issuer_code or 0):03d}/QĐ-UBND"
        certificates.append(Certificate(
            product=product, evaluation=evaluation, stars=stars, issuer=issuer, issuer_code=issuer_code,
            decision_number=number, decision_date=decided, valid_until=valid_until_for(decided)))
    Certificate.objects.bulk_create(certificates, batch_size=5000)
    # Each product has at most one certificate here: it is the current one.
    ids = [p.pk for p in product_objs]
    Product.objects.filter(pk__gte=min(ids), pk__lte=max(ids)).update(current_certificate=Subquery(
        Certificate.objects.filter(product=OuterRef("pk")).order_by("-decision_date", "-id").values("pk")[:1]))
    counts["producers"] += len(producers)
    counts["products"] += len(product_objs)
    counts["evaluations"] += len(evaluations)
    counts["certificates"] += len(certificates)
