"""A reproducible Hà Tĩnh OCOP register, consistent with the published figures.

Published facts it reproduces (the provincial conference of 21/02/2024):
* 337 products certified at the end of 2023 (`stars_by_district(province, year=2023)` sums to 337);
* 128 products newly certified 3★ in 2023 (`newly_certified_count(province, 2023)`), 5 of them
  put forward for 4★: evaluated in the 4★ band by the provincial council in 2023, certificate
  awaited (issued in 2024 in the demo, so `newly_certified_count(province, 2024, min_stars=4)` is 5);
* 6 products exported (Korea, New Zealand, Russia, Japan, Angola).

Everything else — which product, producer, commune, score, decision number and date — is generated
from a fixed seed and is illustrative, not a real decision. Besides the history up to 2024, a few
renewals are dated relative to today, so the expiry page always has certificates about to expire.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ocop.models import (
    Certificate,
    Council,
    Evaluation,
    ExportMarket,
    Group,
    Nomination,
    Producer,
    Product,
    Subgroup,
    add_months,
    fold,
    star_band,
    valid_until_for,
)
from territory.models import Commune, Province

PROVINCE = "42"
SEED = 919

# (name pattern, group, subgroup, districts it comes from — None: anywhere). {place} is a commune name.
CATALOGUE = [
    ("Bưởi Phúc Trạch {place}", Group.FOOD, Subgroup.FRESH, ["444"]),
    ("Cam Vũ Quang {place}", Group.FOOD, Subgroup.FRESH, ["441"]),
    ("Cam Khe Mây {place}", Group.FOOD, Subgroup.FRESH, ["441", "439"]),
    ("Cam bù {place}", Group.FOOD, Subgroup.FRESH, ["439", "444", "443"]),
    ("Nấm sò {place}", Group.FOOD, Subgroup.FRESH, None),
    ("Gạo hữu cơ {place}", Group.FOOD, Subgroup.PRELIMINARY, ["440", "443", "445", "446", "448"]),
    ("Mực khô {place}", Group.FOOD, Subgroup.PRELIMINARY, ["442", "448", "445", "446", "447", "449"]),
    ("Hải sản khô {place}", Group.FOOD, Subgroup.PRELIMINARY, ["442", "448", "445", "446", "447", "449"]),
    ("Cá khô {place}", Group.FOOD, Subgroup.PRELIMINARY, ["442", "448", "446", "447", "449"]),
    ("Kẹo cu đơ {place}", Group.FOOD, Subgroup.PROCESSED, ["436", "437", "443", "440", "445"]),
    ("Kẹo lạc {place}", Group.FOOD, Subgroup.PROCESSED, None),
    ("Bánh đa vừng {place}", Group.FOOD, Subgroup.PROCESSED, ["445", "443", "440", "442"]),
    ("Bánh gai {place}", Group.FOOD, Subgroup.PROCESSED, None),
    ("Giò bê {place}", Group.FOOD, Subgroup.PROCESSED, ["436", "437", "443"]),
    ("Nước mắm {place}", Group.FOOD, Subgroup.CONDIMENTS, ["442", "448", "445", "446", "447", "449"]),
    ("Ruốc {place}", Group.FOOD, Subgroup.CONDIMENTS, ["442", "448", "446", "447"]),
    ("Chè xanh {place}", Group.FOOD, Subgroup.TEA, ["439", "444", "441", "447"]),
    ("Chè búp khô {place}", Group.FOOD, Subgroup.TEA, ["439", "444", "441"]),
    ("Mật ong {place}", Group.FOOD, Subgroup.HONEY, ["439", "441", "444", "447"]),
    ("Mật ong hoa tràm {place}", Group.FOOD, Subgroup.HONEY, ["446", "444", "443"]),
    ("Rượu nhung hươu {place}", Group.DRINKS, Subgroup.ALCOHOLIC, ["439"]),
    ("Rượu gạo men lá {place}", Group.DRINKS, Subgroup.ALCOHOLIC, None),
    ("Nước cam ép {place}", Group.DRINKS, Subgroup.SOFT_DRINKS, ["441", "439"]),
    ("Nhung hươu Hương Sơn {place}", Group.HERBAL, Subgroup.MEDICINES, ["439"]),
    ("Tinh bột nghệ {place}", Group.HERBAL, Subgroup.SUPPLEMENTS, None),
    ("Tinh dầu bưởi {place}", Group.HERBAL, Subgroup.ESSENTIAL_OILS, ["444"]),
    ("Tinh dầu tràm {place}", Group.HERBAL, Subgroup.ESSENTIAL_OILS, ["446", "442", "448"]),
    ("Xà phòng thảo dược {place}", Group.HERBAL, Subgroup.COSMETICS, ["436", "437"]),
    ("Nón lá {place}", Group.HANDICRAFTS, Subgroup.CRAFTS, ["440", "443", "445"]),
    ("Chổi đót {place}", Group.HANDICRAFTS, Subgroup.CRAFTS, ["444", "441", "439"]),
    ("Đồ gỗ mỹ nghệ {place}", Group.HANDICRAFTS, Subgroup.CRAFTS, ["440", "437"]),
    ("Mây tre đan {place}", Group.HANDICRAFTS, Subgroup.CRAFTS, None),
    ("Chiếu cói {place}", Group.HANDICRAFTS, Subgroup.TEXTILES, ["446", "445"]),
    ("Cây cảnh {place}", Group.ORNAMENTAL, Subgroup.PLANTS, ["436", "437", "443"]),
    ("Du lịch cộng đồng {place}", Group.TOURISM, Subgroup.TOURISM, ["442", "439", "446"]),
]
# Products per district unit among the 337 certified at the end of 2023 (the mountain districts
# and the coast carry most of the register).
WEIGHTS = {"436": 22, "437": 12, "439": 38, "440": 28, "441": 26, "442": 30, "443": 30, "444": 34,
           "445": 30, "446": 28, "447": 22, "448": 22, "449": 15}
PEOPLE = ["Nguyễn Văn An", "Trần Thị Hoa", "Lê Văn Hùng", "Phan Thị Lan", "Hoàng Văn Minh", "Đặng Thị Hương",
          "Võ Văn Thắng", "Bùi Thị Nga", "Dương Văn Sơn", "Đinh Thị Mai", "Hồ Văn Tuấn", "Nguyễn Thị Thu"]
KINDS = [Producer.Kind.COOPERATIVE] * 5 + [Producer.Kind.ENTERPRISE] * 2 + [Producer.Kind.COOPERATIVE_GROUP] * 1 + [
    Producer.Kind.HOUSEHOLD] * 3
# The six exported products: (name pattern prefix, market codes).
EXPORTS = [("Nhung hươu", ["KR"]), ("Mật ong", ["NZ", "JP"]), ("Hải sản khô", ["KR", "JP"]),
           ("Nước mắm", ["AO"]), ("Cam", ["RU"]), ("Mực khô", ["JP", "KR"])]


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _scores(rng: random.Random, stars: int) -> tuple[Decimal, Decimal, Decimal]:
    """Part scores A/B/C whose total lands in the band of `stars`."""
    low, high = {2: (30, 49.99), 3: (50, 69.99), 4: (70, 89.99), 5: (90, 97)}[stars]
    total = Decimal(str(round(rng.uniform(low, high), 2)))
    a = min(Decimal("40"), Decimal(str(round(float(total) * 0.4 + rng.uniform(-1.5, 1.5), 2))))
    b = min(Decimal("25"), Decimal(str(round(float(total) * 0.25 + rng.uniform(-1.5, 1.5), 2))))
    c = total - a - b
    if not Decimal(0) <= c <= Decimal(35):
        a, b = total * Decimal("0.4"), total * Decimal("0.25")
        a, b = a.quantize(Decimal("0.01")), b.quantize(Decimal("0.01"))
        c = total - a - b
    assert star_band(a + b + c) == stars
    return a, b, c


class _Builder:
    """Accumulates rows in memory; `flush` writes them with bulk_create."""

    def __init__(self, rng: random.Random, province: Province):
        self.rng, self.province = rng, province
        self.communes: dict[str, list[Commune]] = {}
        for commune in Commune.objects.filter(province=province).select_related("district").order_by("code"):
            if not commune.excluded:
                self.communes.setdefault(commune.district.code, []).append(commune)
        self.names: set[tuple[str, str]] = set()
        self.producers: dict[tuple[str, str], Producer] = {}
        self.products: list[Product] = []
        self.evaluations: dict[int, list[Evaluation]] = {}
        self.certificates: dict[int, list[Certificate]] = {}
        self.decision_seq: dict[str, int] = {}

    def product(self, district: str, *, pattern_prefix: str = "") -> Product:
        rng = self.rng
        options = [c for c in CATALOGUE if (c[3] is None or district in c[3]) and c[0].startswith(pattern_prefix)]
        for _attempt in range(50):
            pattern, group, subgroup, _d = rng.choice(options)
            commune = rng.choice(self.communes[district])
            name = pattern.format(place=commune.name)
            if "Hương Sơn {place}" in pattern or "Phúc Trạch {place}" in pattern or "Vũ Quang {place}" in pattern:
                name = pattern.split(" {place}")[0] + (f" {commune.name}" if rng.random() < 0.5 else "")
            if (commune.code, name) not in self.names:
                break
        else:
            name = f"{name} loại {len(self.products)}"
        self.names.add((commune.code, name))
        producer = self._producer(commune, name.split(" ")[0:2])
        product = Product(name=name, producer=producer, group=group, subgroup=subgroup, commune=commune)
        product.search_text = fold(f"{name} {producer.name}")
        index = len(self.products)
        self.products.append(product)
        self.evaluations[index], self.certificates[index] = [], []
        return index

    def _producer(self, commune: Commune, words: list[str]) -> Producer:
        rng = self.rng
        activity = " ".join(words)
        # A producer may make several products of the same kind (honey and honey wine…).
        existing = [p for (code, n), p in self.producers.items() if code == commune.code and words[0] in n]
        if existing and rng.random() < 0.2:
            return rng.choice(existing)
        for _attempt in range(20):
            kind = rng.choice(KINDS)
            name = {
                Producer.Kind.COOPERATIVE: f"HTX {activity} {commune.name}",
                Producer.Kind.ENTERPRISE: f"Công ty TNHH {activity} {commune.name}",
                Producer.Kind.COOPERATIVE_GROUP: f"Tổ hợp tác {activity.lower()} {commune.name}",
                Producer.Kind.HOUSEHOLD: f"Hộ kinh doanh {rng.choice(PEOPLE)}",
            }[kind]
            if (commune.code, name) not in self.producers:
                break
        producer = Producer(name=name, kind=kind, commune=commune,
                            phone=f"0{rng.choice([912, 913, 983, 977, 941])}{rng.randint(100000, 999999)}")
        self.producers[(commune.code, name)] = producer
        return producer

    def evaluate(self, index: int, year: int, stars: int, council: str) -> Evaluation:
        a, b, c = _scores(self.rng, stars)
        evaluation = Evaluation(year=year, round=1, council=council, score_a=a, score_b=b, score_c=c)
        evaluation.compute()
        self.evaluations[index].append(evaluation)
        return evaluation

    def certify(self, index: int, day: datetime.date, stars: int) -> None:
        council = {3: Council.DISTRICT, 4: Council.PROVINCE, 5: Council.CENTRAL}[stars]
        evaluation = self.evaluate(index, day.year, stars, council)
        commune = self.products[index].commune
        issuer_code = commune.district.code if stars == 3 else self.province.code if stars == 4 else ""
        self.decision_seq[issuer_code] = self.decision_seq.get(issuer_code, self.rng.randint(120, 400)) + self.rng.randint(1, 9)
        suffix = "QĐ-UBND" if stars < 5 else "QĐ-BNN-KTHT"
        self.certificates[index].append(Certificate(
            evaluation=evaluation, stars=stars, issuer=Certificate.issuer_for(stars, day), issuer_code=issuer_code,
            decision_number=f"{self.decision_seq[issuer_code]}/{suffix}", decision_date=day,
            valid_until=valid_until_for(day)))

    def flush(self) -> dict[str, int]:
        producers = list(self.producers.values())
        Producer.objects.bulk_create(producers)
        for product in self.products:
            product.producer_id = product.producer.pk
        Product.objects.bulk_create(self.products)
        evaluations = []
        for index, rows in self.evaluations.items():
            for evaluation in rows:
                evaluation.product = self.products[index]
                evaluations.append(evaluation)
        Evaluation.objects.bulk_create(evaluations)
        certificates = []
        for index, rows in self.certificates.items():
            rows.sort(key=lambda c: c.decision_date)
            for i, certificate in enumerate(rows):
                certificate.product = self.products[index]
                certificate.evaluation_id = certificate.evaluation.pk
                certificate.superseded = i < len(rows) - 1
                certificates.append(certificate)
        Certificate.objects.bulk_create(certificates)
        for index, rows in self.certificates.items():
            self.products[index].current_certificate = rows[-1] if rows else None
        Product.objects.bulk_update(self.products, ["current_certificate"])
        return {"producers": len(producers), "products": len(self.products), "evaluations": len(evaluations),
                "certificates": len(certificates)}


def _spread(total: int, rng: random.Random) -> list[str]:
    """`total` district codes in proportion to WEIGHTS, shuffled."""
    weight_sum = sum(WEIGHTS.values())
    codes = []
    for code, weight in WEIGHTS.items():
        codes += [code] * round(total * weight / weight_sum)
    while len(codes) < total:
        codes.append(rng.choice(list(WEIGHTS)))
    rng.shuffle(codes)
    return codes[:total]


DEMO_MARKETS = {"KR": "Hàn Quốc", "NZ": "New Zealand", "RU": "Nga", "JP": "Nhật Bản", "AO": "Angola"}


@transaction.atomic
def demo_ocop_load(*, today: datetime.date | None = None) -> str:
    """Load the demo OCOP register once (a second run changes nothing); one line of report."""
    province = Province.objects.get(code=PROVINCE)
    if Product.objects.filter(commune__province=province).exists():
        return "OCOP: demo register already loaded."
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    build = _Builder(rng, province)
    d = datetime.date

    # 128 first certified 3★ in 2023, most of them at the year-end council sessions.
    new_2023 = []
    for code in _spread(128, rng):
        index = build.product(code)
        day = _day(rng, d(2023, 9, 1), d(2023, 12, 28)) if rng.random() < 0.7 else _day(rng, d(2023, 3, 1), d(2023, 8, 31))
        build.certify(index, day, 3)
        new_2023.append(index)
    # … 5 of them put forward for 4★: the provincial council scored them in the 4★ band in 2023,
    # the provincial People's Committee certified them in 2024.
    for index in rng.sample(new_2023, 5):
        build.evaluate(index, 2023, 4, Council.PROVINCE)
        build.certify(index, _day(rng, d(2024, 5, 1), d(2024, 10, 31)), 4)

    # 209 certified earlier and still in force at the end of 2023.
    earlier = _spread(209, rng)
    plain_2021 = []
    for n, code in enumerate(earlier):
        exported = EXPORTS[n][0] if n < len(EXPORTS) else ""
        if exported:
            code = {"Nhung hươu": "439", "Mật ong": "441", "Hải sản khô": "448", "Nước mắm": "446",
                    "Cam": "441", "Mực khô": "442"}[exported]
        index = build.product(code, pattern_prefix=exported)
        if exported:
            build.products[index].markets = EXPORTS[n][1]
        if n % 5 == 0:  # first certified 2019–2020 and renewed after a new evaluation
            build.certify(index, _day(rng, d(2019, 3, 1), d(2020, 12, 15)), 3)
            build.certify(index, _day(rng, d(2022, 6, 1), d(2023, 10, 31)), 3)
        elif n % 14 == 1:  # re-rated to 4★ by the province
            build.certify(index, _day(rng, d(2021, 1, 10), d(2021, 12, 20)), 3)
            build.certify(index, _day(rng, d(2022, 3, 1), d(2022, 12, 20)), 4)
        else:
            day = _day(rng, d(2021, 1, 10), d(2022, 12, 28))
            build.certify(index, day, 3)
            if day.year == 2021:
                plain_2021.append(index)

    # 30 certified 2019–2020 and never renewed: lapsed before the end of 2023.
    for code in _spread(30, rng):
        build.certify(build.product(code), _day(rng, d(2019, 3, 1), d(2020, 11, 20)), 3)
    # 15 evaluated but only in the 2★ band: not certified.
    for code in _spread(15, rng):
        build.evaluate(build.product(code), rng.choice([2022, 2023]), 2, Council.DISTRICT)
    # 2024: 52 new 3★ products (the target was ≥50).
    for code in _spread(52, rng):
        build.certify(build.product(code), _day(rng, d(2024, 1, 8), d(2024, 12, 20)), 3)
    # Renewals dated so that they expire around today: the expiry page always has something to show.
    for index in rng.sample(plain_2021, 16):
        offset = rng.randint(-150, 85)
        renewal = add_months(today + datetime.timedelta(days=offset), -36)
        if renewal > build.certificates[index][-1].decision_date:
            build.certify(index, renewal, 3)

    counts = build.flush()
    # The markets come with migration 0002, but a test database flushed between transactional
    # tests no longer has them: make sure the ones the demo names exist.
    for code, name in DEMO_MARKETS.items():
        ExportMarket.objects.get_or_create(code=code, defaults={"name": name})
    markets = {m.code: m for m in ExportMarket.objects.all()}
    Product.export_markets.through.objects.bulk_create([
        Product.export_markets.through(product_id=p.pk, exportmarket_id=markets[code].pk)
        for p in build.products for code in getattr(p, "markets", [])])
    return (f"OCOP: {counts['products']} products of {counts['producers']} producers, "
            f"{counts['evaluations']} evaluations, {counts['certificates']} certificates.")


NOMINATION_SOURCE = ("Báo cáo kết quả năm 2023, Hội nghị tổng kết tỉnh Hà Tĩnh 21/02/2024: "
                     "5 trong 128 sản phẩm 3★ mới được đề nghị nâng hạng 4★")
NOMINATION_NOTE = "Số lượng theo báo cáo; sản phẩm, cơ quan đề nghị và ngày trong dữ liệu demo là minh hoạ."


def demo_nominations_load() -> str:
    """The province's 2023 report: 5 of the 128 new 3★ products put forward for 4★. The demo's five
    (first certified 3★ in 2023, scored in the 4★ band by the provincial council in 2023) get their
    nomination, accepted by the 4★ certificate of 2024. The count is the report's (verified, with
    its source); which products they are is illustrative, and the note says so. Idempotent."""
    province = Province.objects.get(code=PROVINCE)
    if Nomination.objects.filter(product__commune__province=province).exists():
        return "OCOP nominations: already loaded."
    products = (Product.objects.filter(commune__province=province, evaluations__year=2023,
                                       evaluations__council=Council.PROVINCE, evaluations__stars=4,
                                       certificates__stars=3, certificates__decision_date__year=2023)
                .select_related("commune__district").distinct().order_by("id"))
    rows = []
    for product in products:
        certificates = list(product.certificates.order_by("decision_date", "id"))
        first, upgrade = certificates[0], next((c for c in certificates if c.stars == 4), None)
        nominated_on = min(first.decision_date + datetime.timedelta(days=14), datetime.date(2023, 12, 29))
        district = product.commune.district
        rows.append(Nomination(
            product=product, proposed_stars=4, nominated_on=nominated_on,
            nominated_by=f"UBND {district.full_name}" if district else "UBND tỉnh Hà Tĩnh",
            outcome=Nomination.Outcome.ACCEPTED if upgrade else Nomination.Outcome.PENDING,
            outcome_on=upgrade.decision_date if upgrade else None,
            outcome_decision=upgrade.decision_number if upgrade else "",
            source=NOMINATION_SOURCE, verified=True, note=NOMINATION_NOTE))
    Nomination.objects.bulk_create(rows)
    return f"OCOP nominations: {len(rows)} added."
