"""From 6 July 2025 (1489/QĐ-TTg) the province certifies 3★ products; before, the district did."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ocop.models import Certificate
from tests.factories import make_certificate, make_product


@pytest.fixture
def product(db):
    return make_product()


def test_a_province_issued_3_star_certificate_after_6_july_2025_is_accepted(product):
    certificate = make_certificate(product, stars=3, issuer=Certificate.Issuer.PROVINCE,
                                   decision_date=datetime.date(2025, 7, 6))
    certificate.full_clean()
    assert certificate.issuer_code == product.commune.province.code


def test_a_province_issued_3_star_certificate_before_6_july_2025_is_refused(product):
    certificate = Certificate(product=product, stars=3, issuer=Certificate.Issuer.PROVINCE,
                              decision_number="1/QĐ-UBND", decision_date=datetime.date(2025, 7, 5))
    with pytest.raises(ValidationError) as error:
        certificate.full_clean()
    assert "issuer" in error.value.message_dict
    certificate.compute()
    with pytest.raises(IntegrityError), transaction.atomic():
        certificate.save()


def test_the_issuer_follows_the_decision_date():
    assert Certificate.issuer_for(3, datetime.date(2024, 1, 1)) == Certificate.Issuer.DISTRICT
    assert Certificate.issuer_for(3, datetime.date(2025, 7, 6)) == Certificate.Issuer.PROVINCE
    assert Certificate.issuer_for(4, datetime.date(2025, 7, 6)) == Certificate.Issuer.PROVINCE
