import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.models import Funding, Source, Sponsorship


def amount(**overrides) -> Funding:
    values = {"year": 2023, "source": Source.CREDIT, "amount": Decimal("100"), "source_document": "Báo cáo"}
    values.update(overrides)
    return Funding(**values)


def test_exactly_one_unit_is_a_database_rule(territory, can_loc, can_loc_commune):
    amount(province=territory).save()
    amount(commune=can_loc_commune).save()
    for units in ({}, {"province": territory, "district": can_loc}, {"district": can_loc, "commune": can_loc_commune}):
        with pytest.raises(IntegrityError), transaction.atomic():
            amount(**units).save()


def test_amount_and_years_are_bounded_in_the_database(territory):
    for values in ({"amount": Decimal("-1")}, {"year": 1999}, {"period_start": 2023}, {"period_start": 2025}):
        with pytest.raises(IntegrityError), transaction.atomic():
            amount(province=territory, **values).save()
    amount(province=territory, year=2025, period_start=2021, amount=Decimal("56300000")).save()


def test_clean_says_what_is_wrong_in_the_users_words(territory, can_loc):
    with pytest.raises(ValidationError) as error:
        amount().full_clean()
    assert str(error.value.messages) == "['Chọn đúng một đơn vị: tỉnh, huyện hoặc xã.']"
    can_loc.valid_to = datetime.date(2025, 6, 30)
    with pytest.raises(ValidationError) as error:
        amount(district=can_loc, year=2026).full_clean()
    assert error.value.message_dict["year"] == ["Huyện Can Lộc không tồn tại trong năm 2026."]
    amount(district=can_loc, year=2025).full_clean()
    with pytest.raises(ValidationError) as error:
        amount(province=territory, amount=Decimal("1e12")).full_clean()
    assert "amount" in error.value.message_dict


def test_sponsorship_dates_run_forward(can_loc_commune):
    values = {"commune": can_loc_commune, "sponsor": "Ngân hàng Nông nghiệp Hà Tĩnh", "date_from": datetime.date(2023, 1, 1)}
    Sponsorship.objects.create(**values, date_to=datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError):
        Sponsorship(**values, date_to=datetime.date(2022, 1, 1)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(**values, date_to=datetime.date(2022, 1, 1))
