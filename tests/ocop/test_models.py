import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ocop.models import (
    NOTICE_DAYS,
    Certificate,
    CertificateStatus,
    Evaluation,
    add_months,
    certificate_status,
    certificate_status_q,
    fold,
    star_band,
    valid_until_for,
)
from tests.factories import make_certificate, make_evaluation, make_product


@pytest.mark.parametrize("total, stars", [
    ("0", 1), ("29.99", 1), ("30", 2), ("49.99", 2), ("50", 3), ("69.99", 3), ("70", 4), ("89.99", 4),
    ("90", 5), ("100", 5),
])
def test_star_band_at_every_boundary(total, stars):
    assert star_band(Decimal(total)) == stars


@pytest.mark.parametrize("a, b, c, stars", [
    ("20", "12.5", "17.49", 2),  # 49.99
    ("20", "12.5", "17.5", 3),   # 50
    ("30", "20", "19.99", 3),    # 69.99
    ("30", "20", "20", 4),       # 70
    ("40", "25", "24.99", 4),    # 89.99
    ("40", "25", "25", 5),       # 90
])
def test_saved_evaluation_derives_total_and_band(db, a, b, c, stars):
    evaluation = make_evaluation(make_product(), score_a=Decimal(a), score_b=Decimal(b), score_c=Decimal(c))
    evaluation.refresh_from_db()
    assert evaluation.total == Decimal(a) + Decimal(b) + Decimal(c)
    assert evaluation.stars == stars


@pytest.mark.parametrize("decision, until", [
    (datetime.date(2024, 5, 31), datetime.date(2027, 5, 31)),
    (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
    (datetime.date(2023, 12, 31), datetime.date(2026, 12, 31)),
    (datetime.date(2021, 2, 28), datetime.date(2024, 2, 28)),
    (datetime.date(2023, 1, 15), datetime.date(2026, 1, 15)),
])
def test_certificate_is_valid_36_months(decision, until):
    assert valid_until_for(decision) == until


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)
    assert add_months(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 11, 30), 14) == datetime.date(2026, 1, 30)


def test_fold_drops_diacritics_including_d_with_stroke():
    assert fold("Kẹo cu đơ ĐỨC Thọ") == "keo cu do duc tho"
    assert fold("  Bưởi   Phúc Trạch ") == "buoi phuc trach"


@pytest.mark.parametrize("days_left, revoked, superseded, status", [
    (NOTICE_DAYS + 1, False, False, CertificateStatus.VALID),
    (NOTICE_DAYS, False, False, CertificateStatus.EXPIRING),
    (0, False, False, CertificateStatus.EXPIRING),
    (-1, False, False, CertificateStatus.EXPIRED),
    (400, False, True, CertificateStatus.SUPERSEDED),
    (400, True, True, CertificateStatus.REVOKED),
])
def test_status_in_python_and_in_sql_agree(db, days_left, revoked, superseded, status):
    today = datetime.date(2025, 3, 1)
    certificate = make_certificate(make_product(), decision_date=datetime.date(2023, 1, 1))
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=today + datetime.timedelta(days=days_left), revoked=revoked, superseded=superseded,
        revoked_on=today if revoked else None)
    certificate.refresh_from_db()
    assert certificate.status_on(today) == status
    for other in CertificateStatus:
        matches = Certificate.objects.filter(certificate_status_q(other, today), pk=certificate.pk).exists()
        assert matches == (other == status), other
    assert certificate_status(valid_until=certificate.valid_until, superseded=superseded, revoked=revoked, on=today) == status


def test_database_refuses_a_score_out_of_range(db):
    product = make_product()
    evaluation = Evaluation(product=product, year=2023, council="district", score_a=Decimal("41"),
                            score_b=Decimal("10"), score_c=Decimal("10"))
    with pytest.raises(IntegrityError), transaction.atomic():
        evaluation.save()


def test_database_refuses_a_two_star_certificate_and_a_wrong_issuer(db):
    product = make_product()
    for stars, issuer in ((2, "district"), (4, "district")):
        certificate = Certificate(product=product, stars=stars, issuer=issuer, decision_number=f"{stars}/QĐ",
                                  decision_date=datetime.date(2023, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            certificate.save()


def test_model_validation_explains_each_invalid_certificate_in_vietnamese(db):
    product = make_product()
    make_certificate(product, decision_number="12/QĐ-UBND")
    certificate = Certificate(product=product, stars=2, issuer="district", decision_number="1/QĐ",
                              decision_date=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError) as info:
        certificate.full_clean()
    errors = info.value.message_dict
    assert "3★ đến 5★" in errors["stars"][0]
    assert "tương lai" in errors["decision_date"][0]
    wrong_issuer = Certificate(product=product, stars=4, issuer="district", decision_number="13/QĐ-UBND",
                               decision_date=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError) as info:
        wrong_issuer.full_clean()
    assert "UBND tỉnh" in info.value.message_dict["issuer"][0]
    existing = product.certificates.get(decision_number="12/QĐ-UBND")
    twice = Certificate(product=product, stars=3, issuer="district", decision_number="12/QĐ-UBND",
                        decision_date=existing.decision_date)
    with pytest.raises(ValidationError) as info:
        twice.full_clean()
    assert "12/QĐ-UBND" in info.value.message_dict["decision_number"][0]
    other_date = Certificate(product=make_product(commune=product.commune), stars=3, issuer="district",
                             decision_number="12/QĐ-UBND", decision_date=existing.decision_date - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        other_date.full_clean()
    assert existing.decision_date.strftime("%d/%m/%Y") in info.value.message_dict["decision_number"][0]


def test_one_decision_certifies_several_products_of_the_same_issuer(db):
    first = make_product()
    existing = make_certificate(first, decision_number="12/QĐ-UBND")
    batch_mate = Certificate(product=make_product(commune=first.commune), stars=3, issuer="district",
                             decision_number="12/QĐ-UBND", decision_date=existing.decision_date)
    batch_mate.full_clean()  # no error: the same decision lists both products
    batch_mate.save()
    assert Certificate.objects.filter(decision_number="12/QĐ-UBND").count() == 2


def test_same_decision_number_is_allowed_for_another_issuer(db):
    first = make_product()
    make_certificate(first, decision_number="12/QĐ-UBND")
    other = make_product()  # a commune of another (test) district
    certificate = Certificate(product=other, stars=3, issuer="district", decision_number="12/QĐ-UBND",
                              decision_date=datetime.date(2023, 1, 1))
    certificate.full_clean()


def test_a_newer_certificate_supersedes_the_older_one(db):
    product = make_product()
    old = make_certificate(product, decision_date=datetime.date(2022, 1, 10))
    new = make_certificate(product, stars=4, decision_date=datetime.date(2024, 3, 1))
    old.refresh_from_db()
    product.refresh_from_db()
    assert old.superseded and old.status_on(datetime.date(2024, 3, 2)) == CertificateStatus.SUPERSEDED
    assert product.current_certificate == new
