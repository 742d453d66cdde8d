"""A reproducible Hà Tĩnh NTM history 2011–2024, consistent with the published figures.

Published facts it reproduces (../shared/domain/README.md, copied into the project's docs):
* start of 2024: 181/181 xã NTM (Kỳ Lợi excluded: relocated for the Vũng Áng economic zone),
  60 advanced, 15 model; in 2023: +4 NTM, +10 advanced, +8 model;
* the named batches 189/QĐ-UBND (17/01/2024) and 1763/QĐ-UBND (17/7/2024);
* the 16 merged communes acknowledged as NTM by 3368/QĐ-UBND (20/12/2023);
* the district units' recognitions with their decision numbers where they are known.

Everything else (which commune reached which level in which year, the numbers of the other
decisions) is generated from a fixed seed and marked unverified, so nobody mistakes it for a
published fact. Counts are cumulative: an advanced commune is also NTM, a model one also advanced.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction

from communes.models import Level, ModelSite, ModelSiteTotal, Recognition
from ntm_tracker.db import insert
from territory.models import Commune, District, Province

PROVINCE = "42"
SEED = 2024
KY_LOI = "18796"
DEMO_NOTE = "Dữ liệu minh hoạ (demo), không phải quyết định thật"

# District units: (GSO code, level, decision number, date, standard year, verified)
DISTRICTS = [
    ("442", Level.NTM, "1709/QĐ-TTg", datetime.date(2018, 12, 10), 2018, True),  # Nghi Xuân, first
    ("443", Level.NTM, "1405/QĐ-TTg", datetime.date(2019, 10, 17), 2019, True),  # Can Lộc
    ("440", Level.NTM, "994/QĐ-TTg", datetime.date(2020, 7, 10), 2020, True),  # Đức Thọ
    ("439", Level.NTM, "525/QĐ-TTg", datetime.date(2022, 4, 27), 2020, True),  # Hương Sơn
    ("436", Level.COMPLETED, "", None, 2019, False),  # TP Hà Tĩnh
    ("437", Level.COMPLETED, "", None, 2020, False),  # TX Hồng Lĩnh
    ("446", Level.NTM, "", None, 2021, False),  # Cẩm Xuyên
    ("445", Level.NTM, "", None, 2021, False),  # Thạch Hà
    ("441", Level.NTM, "", None, 2022, False),  # Vũ Quang
    ("448", Level.NTM, "149/QĐ-TTg", datetime.date(2024, 2, 6), 2023, True),  # Lộc Hà
    ("447", Level.NTM, "840/QĐ-TTg", datetime.date(2024, 8, 15), 2023, True),  # Kỳ Anh district
    ("449", Level.COMPLETED, "1016/QĐ-TTg", None, 2024, True),  # TX Kỳ Anh (date not known)
]
HUONG_KHE = "444"  # aims for NTM in 2024: not recognised in the demo

# Named commune batches (GSO codes from the 2023 list).
DECISION_189 = ("189/QĐ-UBND", datetime.date(2024, 1, 17), 2023)
DECISION_1763 = ("1763/QĐ-UBND", datetime.date(2024, 7, 17), 2024)
DECISION_3368 = ("3368/QĐ-UBND", datetime.date(2023, 12, 20))
NAMED = {
    # code: [(level, decision, outstanding field)]
    "18502": [(Level.NTM, DECISION_189, "")],  # Hà Linh
    "18499": [(Level.NTM, DECISION_189, "")],  # Điền Mỹ
    "18724": [(Level.ADVANCED, DECISION_189, "")],  # Cẩm Quan
    "18802": [(Level.ADVANCED, DECISION_189, "")],  # Kỳ Hải
    "18694": [(Level.MODEL, DECISION_189, "")],  # Cẩm Thành
    "18643": [(Level.MODEL, DECISION_189, "")],  # Thạch Đài
    "18583": [(Level.MODEL, DECISION_189, "")],  # Thạch Châu
    "18103": [(Level.ADVANCED, DECISION_1763, "")],  # Đồng Môn
    "18592": [(Level.ADVANCED, DECISION_1763, "")],  # Thạch Liên
    "18367": [(Level.ADVANCED, DECISION_1763, "")],  # Xuân Hải
    "18376": [(Level.ADVANCED, DECISION_1763, "")],  # Xuân Yên
    "18379": [(Level.ADVANCED, DECISION_1763, "")],  # Xuân Mỹ
    "18670": [(Level.MODEL, DECISION_1763, "sản xuất")],  # Mai Phụ, production
    "18364": [(Level.MODEL, DECISION_1763, "văn hóa")],  # Xuân Phổ, culture
}
# Published yearly totals the generated history must meet (cumulative at the end of the year).
TOTAL_2022 = {Level.NTM: 177, Level.ADVANCED: 50, Level.MODEL: 7}
NEW_2023 = {Level.NTM: 4, Level.ADVANCED: 10, Level.MODEL: 8}
ACKNOWLEDGED_AFTER_MERGER = 16
URBAN_PENDING_2024 = 6  # wards and townships not yet civilised urban at the start of 2024
URBAN_NEW_2024 = 3
OUTSTANDING_FIELDS = ["sản xuất", "giáo dục", "văn hóa", "du lịch", "chuyển đổi số", "môi trường"]


def _generated_decisions(rng: random.Random):
    """Plausible but invented decision numbers: one per (level, year, half-year) batch."""
    cache = {}

    def decision(level: str, year: int, half: int) -> tuple[str, datetime.date]:
        key = (level, year, half)
        if key not in cache:
            # Decisions for a year's standard are issued in its second half or early the next year.
            date = datetime.date(year, 12, rng.randint(5, 28)) if half else datetime.date(year, rng.randint(7, 10), rng.randint(1, 28))
            cache[key] = (f"{rng.randint(1000, 4800)}/QĐ-UBND", date)
        return cache[key]

    return decision


@transaction.atomic
def demo_history_load() -> int:
    """Create the Hà Tĩnh recognitions unless the province already has some; return how many."""
    communes = list(Commune.objects.filter(province__code=PROVINCE).select_related("district"))
    if not communes:
        raise ValueError("Load the Hà Tĩnh units first (import_units --province 42).")
    if Recognition.objects.filter(commune__province__code=PROVINCE).exists():
        return 0
    rng = random.Random(SEED)
    decision = _generated_decisions(rng)
    by_code = {c.code: c for c in communes}
    ky_loi = by_code[KY_LOI]
    if not ky_loi.excluded:
        ky_loi.excluded = True
        ky_loi.excluded_reason = "Di dời để xây dựng Khu kinh tế Vũng Áng"
        ky_loi.save(update_fields=["excluded", "excluded_reason"])

    rural = [c for c in communes if c.kind == Commune.Kind.COMMUNE and c.code != KY_LOI]
    district_year = {code: year for code, _, _, _, year, _ in DISTRICTS}
    recs: list[Recognition] = []

    def add(commune, level, year, number, date, *, kind=Recognition.Kind.RECOGNISED, verified=False, field=""):
        recs.append(Recognition(
            commune=commune, level=level, kind=kind, decision_number=number, decision_date=date,
            issuer=Recognition.Issuer.PROVINCE, standard_year=year, outstanding_field=field,
            verified=verified, note="" if verified else DEMO_NOTE,
        ))

    # --- NTM: every rural commune, in a year no later than its district's recognition.
    named_ntm = [c for c in rural if any(lvl == Level.NTM for lvl, _, _ in NAMED.get(c.code, []))]
    pool = [c for c in rural if c not in named_ntm]
    rng.shuffle(pool)
    # Two more Hương Khê communes complete the 2023 batch of four.
    extra_2023 = [c for c in pool if c.district.code == HUONG_KHE][: NEW_2023[Level.NTM] - len(named_ntm)]
    earlier = [c for c in pool if c not in extra_2023]
    acknowledged = [c for c in earlier if c.code not in NAMED][:ACKNOWLEDGED_AFTER_MERGER]
    model_codes = {code for code, steps in NAMED.items() if steps[0][0] == Level.MODEL}
    ntm_year: dict[int, int] = {}
    for commune in earlier:
        latest = min(district_year.get(commune.district.code, 2022), 2022)
        if commune.code in model_codes:
            latest = min(latest, 2020)  # model later, so advanced by 2022, so NTM well before
        year = rng.randint(max(2011, latest - 7), latest)
        ntm_year[commune.id] = year
        if commune in acknowledged:
            # A merged commune keeps the year its former communes reached the standard.
            number, date = DECISION_3368
            add(commune, Level.NTM, min(year, 2020), number, date, kind=Recognition.Kind.ACKNOWLEDGED, verified=True)
            ntm_year[commune.id] = min(year, 2020)
        else:
            add(commune, Level.NTM, year, *decision(Level.NTM, year, rng.randint(0, 1)))
    for commune in named_ntm:
        number, date, year = NAMED[commune.code][0][1]
        add(commune, Level.NTM, year, number, date, verified=True)
        ntm_year[commune.id] = year
    for commune in extra_2023:
        add(commune, Level.NTM, 2023, *decision(Level.NTM, 2023, 1))
        ntm_year[commune.id] = 2023

    # --- Advanced and model: named communes first, the rest drawn to meet the published totals.
    advanced_year: dict[int, int] = {}
    model_communes = [c for c in rural if c.code in model_codes]
    named_advanced = [c for c in rural if any(lvl == Level.ADVANCED for lvl, _, _ in NAMED.get(c.code, []))]
    candidates = [c for c in earlier if c.code not in NAMED and ntm_year[c.id] <= 2020]
    rng.shuffle(candidates)
    # Communes named as model in 2023/2024 must have been advanced earlier (by 2022).
    advanced_before_2023 = model_communes + candidates[: TOTAL_2022[Level.ADVANCED] - len(model_communes)]
    candidates = candidates[len(advanced_before_2023) - len(model_communes):]
    for commune in advanced_before_2023:
        year = rng.randint(max(2019, ntm_year[commune.id] + 1), 2022)
        advanced_year[commune.id] = year
        add(commune, Level.ADVANCED, year, *decision(Level.ADVANCED, year, rng.randint(0, 1)))
    new_advanced_2023 = [c for c in named_advanced if NAMED[c.code][0][1] is DECISION_189]
    extra_advanced = candidates[: NEW_2023[Level.ADVANCED] - len(new_advanced_2023)]
    for commune in named_advanced:
        number, date, year = NAMED[commune.code][0][1]
        add(commune, Level.ADVANCED, year, number, date, verified=True)
        advanced_year[commune.id] = year
    for commune in extra_advanced:
        add(commune, Level.ADVANCED, 2023, *decision(Level.ADVANCED, 2023, 1))
        advanced_year[commune.id] = 2023

    named_model_2023 = [c for c in model_communes if NAMED[c.code][0][1] is DECISION_189]
    plain_advanced = [c for c in advanced_before_2023 if c not in model_communes]
    model_before_2023 = [c for c in plain_advanced if advanced_year[c.id] <= 2021][: TOTAL_2022[Level.MODEL]]
    extra_model_2023 = [c for c in plain_advanced if c not in model_before_2023][
        : NEW_2023[Level.MODEL] - len(named_model_2023)]
    for commune in model_before_2023:
        year = rng.randint(advanced_year[commune.id] + 1, 2022)
        add(commune, Level.MODEL, year, *decision(Level.MODEL, year, 1), field=rng.choice(OUTSTANDING_FIELDS))
    for commune in extra_model_2023:
        add(commune, Level.MODEL, 2023, *decision(Level.MODEL, 2023, 1), field=rng.choice(OUTSTANDING_FIELDS))
    for commune in model_communes:
        number, date, year = NAMED[commune.code][0][1]
        add(commune, Level.MODEL, year, number, date, verified=True, field=NAMED[commune.code][0][2])

    # --- Wards and townships: civilised urban (đô thị văn minh); all generated, unverified.
    urban = [c for c in communes if c.kind != Commune.Kind.COMMUNE]
    rng.shuffle(urban)
    for index, commune in enumerate(urban):
        if index < len(urban) - URBAN_PENDING_2024:
            year = rng.randint(2019, 2023)
        elif index < len(urban) - URBAN_PENDING_2024 + URBAN_NEW_2024:
            year = 2024
        else:
            continue  # still working towards it
        add(commune, Level.CIVILISED_URBAN, year, *decision(Level.CIVILISED_URBAN, year, 1))

    # --- District units.
    districts = {d.code: d for d in District.objects.filter(province__code=PROVINCE)}
    for code, level, number, date, year, verified in DISTRICTS:
        recs.append(Recognition(
            district=districts[code], level=level, decision_number=number, decision_date=date,
            issuer=Recognition.Issuer.PRIME_MINISTER, standard_year=year, verified=verified,
            note="" if verified else "Số và ngày quyết định chưa được xác minh",
        ))
    Recognition.objects.bulk_create(recs)
    return len(recs)


def demo_history_check() -> dict[str, dict[int, int]]:
    """Newly recognised communes per level and standard year (kind "recognised"), for the tests."""
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for level, year in Recognition.objects.filter(
        commune__province__code=PROVINCE, kind=Recognition.Kind.RECOGNISED,
    ).values_list("level", "standard_year"):
        counts[level][year] += 1
    return counts


# --- Indicator-level assessments 2021–2024, consistent with the recognitions ----------------

ASSESSMENT_YEARS = range(2021, 2025)
DEMO_DISTRICT = "443"  # Can Lộc: the demo district and commune users work there


def _demo_value(rng: random.Random, indicator, threshold, met: bool):
    from decimal import Decimal

    from communes.models import Indicator

    if not indicator.is_numeric or threshold is None:
        return None
    t = float(threshold)
    cap = 100.0 if indicator.kind == Indicator.Kind.PERCENT else None
    if indicator.comparison == Indicator.Comparison.AT_MOST:
        value = t * rng.uniform(0.3, 0.95) if met else t * rng.uniform(1.1, 1.8)
    elif met:
        value = t + (cap - t) * rng.uniform(0.1, 0.9) if cap is not None and t < cap else t if cap else t * rng.uniform(1.02, 1.35)
    else:
        value = t * rng.uniform(0.6, 0.97)
    if cap is not None:
        value = min(value, cap)
    return Decimal(f"{value:.2f}")


SLIP_SHARE = 0.12  # of a recognised commune's other years: one criterion fallen below the standard
ADVANCED_SET, MODEL_SET = "commune-advanced-2021-2025", "commune-model-2021-2025"


@transaction.atomic
def demo_assessments_load(*, districts: list[str] | None = None) -> str:
    """Indicator values of every Hà Tĩnh commune in the programme for 2021–2024; one line of report.

    A commune recognised NTM for year Y meets every criterion in Y and in the standard year of each
    of its later decisions; in its other years from Y on, about one in eight has let one criterion
    slip (the values differ between communes, not every one is 19/19 every year) — except in the
    demo district (Can Lộc), whose communes keep the standard so that the demo users' own edits
    read plainly (one value changed: 18/19); before Y it
    misses one to four criteria (fewer as Y approaches). A commune at NTM is also assessed against
    the advanced set (318/QĐ-TTg, Annex II), and an advanced one against the model set (319/QĐ-TTg),
    consistently with the decisions: every criterion of the level from its standard year on (but a
    slipped NTM criterion), fewer missing as the year of the decision approaches, one to nine for a
    commune never recognised. Review states: 2021–2023 approved; 2024 a mix, so that the demo
    district and province users find work in their review queue. Does nothing when the province
    already has assessments. `districts` limits the load (tests).
    """
    from communes.models import Assessment, CriteriaSet, Indicator, Review
    from communes.catalogue import commune_set_for
    from communes.rules import met_compute, threshold_pick
    from communes.services.assessments import results_refresh, thresholds_by_indicator

    communes = Commune.objects.filter(province__code=PROVINCE, kind=Commune.Kind.COMMUNE,
                                      excluded=False).select_related("district", "province").order_by("code")
    if districts:
        communes = communes.filter(district__code__in=districts)
    communes = list(communes)
    if Assessment.objects.filter(commune__in=communes).exists():
        return "Assessments: already loaded."
    rng = random.Random(SEED + 1)
    variety = random.Random(SEED + 2)  # slips and next levels: the draws of `rng` stay those of before
    first_year: dict[tuple[int, str], int] = {}  # (commune id, level): its first standard year
    standard_years: dict[int, set[int]] = defaultdict(set)
    for commune_id, level, year in Recognition.objects.filter(commune__in=communes).exclude(
            kind=Recognition.Kind.REVOKED).values_list("commune_id", "level", "standard_year"):
        first_year[(commune_id, level)] = min(year, first_year.get((commune_id, level), year))
        standard_years[commune_id].add(year)
    ntm_year = {commune_id: year for (commune_id, level), year in first_year.items() if level == Level.NTM}
    indicators = list(Indicator.objects.filter(criterion__criteria_set=commune_set_for(2021))
                      .select_related("criterion").order_by("criterion__number", "position"))
    by_criterion: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        by_criterion[indicator.criterion.number].append(indicator)
    next_sets = {level: {i.criterion.number: i for i in Indicator.objects.filter(criterion__criteria_set__code=code)
                         .select_related("criterion")}
                 for level, code in ((Level.ADVANCED, ADVANCED_SET), (Level.MODEL, MODEL_SET))
                 if CriteriaSet.objects.filter(code=code).exists()}
    thresholds = thresholds_by_indicator(i.pk for i in indicators)
    rows, reviews, counts = [], [], defaultdict(int)
    for commune in communes:
        for year in ASSESSMENT_YEARS:
            reached = commune.id in ntm_year and ntm_year[commune.id] <= year
            missed_criteria, slipped = set(), set()
            if not reached:
                years_to_go = (ntm_year.get(commune.id, 2026)) - year
                missed_criteria = set(rng.sample(sorted(by_criterion), min(4, max(1, years_to_go))))
            elif (year not in standard_years[commune.id] and commune.district.code != DEMO_DISTRICT
                  and variety.random() < SLIP_SHARE):
                slipped = {variety.choice(sorted(by_criterion))}
            for number, group in by_criterion.items():
                failing = rng.choice(group) if number in missed_criteria else None
                slip = variety.choice(group) if number in slipped else None
                for indicator in group:
                    met = indicator is not failing
                    threshold = threshold_pick(thresholds[indicator.pk], region=commune.province.region,
                                               mountain=commune.uses_mountain_thresholds, year=year)
                    value = _demo_value(rng, indicator, threshold, met)
                    if indicator is slip:  # drawn apart, so the rest of the history stays as it was
                        met, value = False, _demo_value(variety, indicator, threshold, False)
                    rows.append(Assessment(
                        commune=commune, indicator=indicator, year=year, value=value,
                        met=met_compute(indicator, value=value, met=met, threshold=threshold), version=1,
                    ))
                    counts[Level.NTM] += 1
            if reached:
                rows.extend(_next_levels(variety, commune, year, next_sets, first_year, slipped, counts))
            if year < 2024:
                state = Review.State.APPROVED
            elif commune.district.code == DEMO_DISTRICT:
                state = rng.choice([Review.State.SUBMITTED, Review.State.SUBMITTED, Review.State.VERIFIED,
                                    Review.State.DRAFT])
            else:
                state = rng.choice([Review.State.APPROVED, Review.State.VERIFIED, Review.State.VERIFIED,
                                    Review.State.SUBMITTED, Review.State.DRAFT])
            reviews.append(Review(commune=commune, year=year, state=state))
    first_can_loc = next((c.pk for c in communes if c.district.code == DEMO_DISTRICT), None)
    for review in reviews:
        # The demo commune user ("xa") has its 2024 assessment still in draft, ready to edit and submit.
        if review.commune_id == first_can_loc and review.year == 2024:
            review.state = Review.State.DRAFT
    insert(rows)
    Review.objects.bulk_create(reviews, batch_size=2000, ignore_conflicts=True)
    results_refresh(communes=communes, years=list(ASSESSMENT_YEARS))
    return (f"Assessments: {len(rows)} indicator values ({counts[Level.NTM]} NTM, {counts[Level.ADVANCED]} advanced, "
            f"{counts[Level.MODEL]} model) for {len(communes)} communes, {len(reviews)} reviews.")


def _next_levels(rng: random.Random, commune, year: int, next_sets: dict, first_year: dict, slipped: set[int],
                 counts: dict) -> list:
    """The advanced-set values of a commune at NTM in `year`, and the model-set values of an
    advanced one, consistent with its decisions (yes/no indicators: `met`, no value)."""
    from communes.models import Assessment

    rows = []
    below = True  # the level below the one assessed is reached
    for level in (Level.ADVANCED, Level.MODEL):
        indicators = next_sets.get(level)
        if not indicators or not below:
            break
        reached_in = first_year.get((commune.id, level))
        numbers = sorted(indicators)
        if reached_in is not None and reached_in <= year:
            missing = set(slipped) & set(numbers) if level == Level.ADVANCED else set()
        else:
            pool = numbers if level == Level.ADVANCED else numbers[1:]  # model 1: "is advanced", met here
            wanted = (min(len(pool) - 1, 2 * (reached_in - year) - 1) if reached_in is not None
                      else rng.randint(1, min(9, len(pool))))
            missing = set(rng.sample(pool, max(1, wanted))) | (set(slipped) & set(pool) if level == Level.ADVANCED else set())
        for number in numbers:
            rows.append(Assessment(commune=commune, indicator=indicators[number], year=year, value=None,
                                   met=number not in missing, version=1))
            counts[level] += 1
        below = reached_in is not None and reached_in <= year
    return rows


# --- 2026: today's communes under the 2026–2030 set, illustrative -----------------------------

YEAR_2026 = 2026
SHARE_2026 = 3  # every third of today's communes (by code), the first one included


@transaction.atomic
def demo_2026_load() -> str:
    """2026 values under the 2026–2030 set (51/2025/QĐ-TTg) for every third commune of today's map
    (after the 1 July 2025 reform), the first one — the demo's post-reform commune user — included.
    Each commune's review of 2026 is marked illustrative, and its page says so: these are examples
    to try the 2026 pages with, not reported figures. The threshold is the commune group's (group 2
    without an assignment). Does nothing before the reform is in place or when already loaded."""
    from communes.catalogue import catalogue_for_year
    from communes.groups import groups_for
    from communes.models import Assessment, Review
    from communes.rules import met_compute, threshold_pick
    from communes.services.assessments import results_refresh, thresholds_by_indicator

    today = list(Commune.objects.filter(province__code=PROVINCE, district__isnull=True, valid_to__isnull=True,
                                        kind=Commune.Kind.COMMUNE, excluded=False)
                 .select_related("province").order_by("code"))
    catalogue = catalogue_for_year(YEAR_2026)
    if not today or catalogue is None:
        return "2026 (illustrative): no commune of today's map or no 2026 set."
    chosen = today[::SHARE_2026]
    if Assessment.objects.filter(commune__in=chosen, year=YEAR_2026).exists():
        return "2026 (illustrative): already loaded."
    rng = random.Random(SEED + 2026)
    indicators = sorted(catalogue.indicators.values(), key=lambda i: (i.position, i.pk))
    thresholds = thresholds_by_indicator(i.pk for i in indicators)
    groups = groups_for([c.pk for c in chosen], [YEAR_2026])
    rows, reviews = [], []
    for index, commune in enumerate(chosen):
        group = groups[(commune.pk, YEAR_2026)]
        for indicator in indicators:
            threshold = threshold_pick(thresholds[indicator.pk], region=commune.province.region,
                                       mountain=commune.uses_mountain_thresholds, year=YEAR_2026, group=group)
            met = rng.random() < 0.7
            value = _demo_value(rng, indicator, threshold, met) if indicator.is_numeric else None
            rows.append(Assessment(commune=commune, indicator=indicator, year=YEAR_2026, value=value,
                                   met=met_compute(indicator, value=value, met=met, threshold=threshold),
                                   commune_group=group if any(t.commune_group for t in thresholds[indicator.pk]) else 0,
                                   version=1, note="Dữ liệu minh hoạ (demo)"))
        state = Review.State.DRAFT if index == 0 else rng.choice([Review.State.DRAFT, Review.State.SUBMITTED])
        reviews.append(Review(commune=commune, year=YEAR_2026, state=state, illustrative=True))
    insert(rows)
    Review.objects.bulk_create(reviews, ignore_conflicts=True)
    results_refresh(communes=chosen, years=[YEAR_2026])
    return f"2026 (illustrative): {len(rows)} indicator values for {len(chosen)} of today's {len(today)} communes."
    return f"Assessments: {len(rows)} indicator values for {len(communes)} communes, {len(reviews)} reviews."


# Hà Tĩnh's supplementary "criterion 20": the published province totals (the official figures) and a
# few per-commune rows that only illustrate the pages (unverified, and their source says so).
MODEL_SITE_TOTALS_SOURCE = ("Báo cáo của tỉnh Hà Tĩnh về phong trào xây dựng khu dân cư NTM kiểu mẫu, "
                            "vườn mẫu (giữa năm 2025)")
MODEL_SITE_TOTALS = [("village", 103), ("garden", 1753)]
ILLUSTRATIVE_SOURCE = "Minh hoạ (dữ liệu demo, không phải số liệu chính thức)"


def demo_model_sites_load() -> str:
    """The 2025 published totals (103 model villages, 1,753 model gardens, as of 30/06/2025) and six
    illustrative records in three communes of Can Lộc. Idempotent."""
    province = Province.objects.get(code="42")
    as_of = datetime.date(2025, 6, 30)
    added = 0
    for kind, count in MODEL_SITE_TOTALS:
        _total, created = ModelSiteTotal.objects.get_or_create(
            province=province, kind=kind, as_of=as_of,
            defaults={"count": count, "source": MODEL_SITE_TOTALS_SOURCE, "verified": True})
        added += created
    if not ModelSite.objects.filter(commune__province=province).exists():
        communes = list(Commune.objects.filter(province=province, district__code="443", kind=Commune.Kind.COMMUNE)
                        .order_by("code")[:3])
        rows = []
        for n, commune in enumerate(communes):
            rows.append(ModelSite(kind="village", commune=commune, name=f"Thôn {n + 1}",
                                  recognised_on=datetime.date(2023, 11, 10 + n), source=ILLUSTRATIVE_SOURCE))
            rows.append(ModelSite(kind="garden", commune=commune, name=f"Hộ ông Nguyễn Văn {'ABC'[n]}",
                                  recognised_on=datetime.date(2024, 9, 5 + n), source=ILLUSTRATIVE_SOURCE))
        ModelSite.objects.bulk_create(rows)
        added += len(rows)
    return f"Model villages and gardens: {added} rows added."
