"""The plain-SQL helpers of ntm_tracker/db.py against the ORM calls they stand for: the same rows."""

import threading
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from communes.models import Assessment, CommuneYearResult, Criterion, CriterionResult, Level
from territory.models import Commune
from ntm_tracker.db import row_lock, rows_convert, rows_insert, rows_lock, upsert, upsert_suffix

RESULT_KEYS = {"unique_fields": ["commune", "criterion", "year"], "update_fields": ["met", "indicators_met", "indicators_total"]}
SUMMARY_KEYS = {"unique_fields": ["commune", "year"], "update_fields": ["criteria_met", "criteria_total", "level", "updated_at"]}


def _rows(model):
    return sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields if not f.primary_key]))


def _written(write, communes, criteria):
    """The table after writing every commune × criterion: a first write, then an update of each row."""
    CriterionResult.objects.all().delete()
    for first in (True, False):
        write(CriterionResult, [
            CriterionResult(commune_id=commune.pk, criterion=criterion, year=2024,
                            met=None if first else criterion.number % 2 == 0,
                            indicators_met=0 if first else criterion.number % 4, indicators_total=4)
            for commune in communes for criterion in criteria], RESULT_KEYS)
    return _rows(CriterionResult)


def test_upsert_writes_the_rows_bulk_create_writes(can_loc, catalogue):
    communes = list(can_loc.communes.order_by("code"))
    criteria = list(Criterion.objects.filter(criteria_set__code="commune-ntm-2021-2025"))
    ours = _written(lambda model, objs, keys: upsert(objs, **keys), communes, criteria)
    django = _written(lambda model, objs, keys: model.objects.bulk_create(objs, update_conflicts=True, **keys),
                      communes, criteria)
    assert ours == django and len(ours) == len(communes) * 19


def test_upsert_fills_auto_now_and_updates_only_the_fields_named(can_loc):
    commune = can_loc.communes.first()
    upsert([CommuneYearResult(commune_id=commune.pk, year=2024, criteria_met=3, criteria_total=19)], **SUMMARY_KEYS)
    first = CommuneYearResult.objects.get(commune=commune, year=2024)
    assert first.updated_at is not None and first.level == ""
    upsert([CommuneYearResult(commune_id=commune.pk, year=2024, criteria_met=19, criteria_total=19, level=Level.NTM)],
           unique_fields=["commune", "year"], update_fields=["criteria_met"])
    second = CommuneYearResult.objects.get(commune=commune, year=2024)
    assert (second.pk, second.criteria_met, second.level, second.updated_at) == (first.pk, 19, "", first.updated_at)


def test_upsert_of_nothing_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        upsert([], **SUMMARY_KEYS)


def test_rows_convert_gives_the_values_values_list_gives(can_loc_commune, ntm_indicator, province_user):
    Assessment.objects.create(commune=can_loc_commune, indicator=ntm_indicator, year=2024, value=Decimal("87.25"),
                              met=True, note="ghi chú", updated_by=province_user, version=3)
    attnames = [field.attname for field in Assessment._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(f.column) for f in Assessment._meta.concrete_fields)}"
                       f" FROM {Assessment._meta.db_table}")
        converted = rows_convert(Assessment, attnames, cursor.fetchall())
    assert converted == [list(row) for row in Assessment.objects.values_list(*attnames)]
    row = dict(zip(attnames, converted[0]))
    assert isinstance(row["value"], Decimal) and row["met"] is True and isinstance(row["updated_at"], datetime)


def test_row_lock_sends_nothing_without_row_locks(can_loc_commune, django_assert_num_queries):
    if connection.features.has_select_for_update:
        pytest.skip("the database has row locks")
    with django_assert_num_queries(0):
        row_lock(Commune, can_loc_commune.pk)


def test_rows_insert_with_the_upsert_suffix_writes_what_bulk_create_writes(can_loc, catalogue):
    communes = list(can_loc.communes.order_by("code"))
    criteria = list(Criterion.objects.filter(criteria_set__code="commune-ntm-2021-2025"))
    columns = ["commune_id", "criterion_id", "year", "met", "indicators_met", "indicators_total"]

    def write(model, objs, keys):
        rows_insert(model._meta.db_table, columns, [[getattr(obj, column) for column in columns] for obj in objs],
                    upsert_suffix(model, **keys))

    ours = _written(write, communes, criteria)
    django = _written(lambda model, objs, keys: model.objects.bulk_create(objs, update_conflicts=True, **keys),
                      communes, criteria)
    assert ours == django and len(ours) == len(communes) * 19


def test_rows_insert_of_nothing_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        rows_insert(CommuneYearResult._meta.db_table, ["commune_id", "year"], [])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", [
    pytest.param(lambda commune, other: row_lock(Commune, commune.pk), id="row_lock"),
    pytest.param(lambda commune, other: rows_lock(Commune, [other.pk, commune.pk]), id="rows_lock"),
])
def test_a_row_lock_holds_the_row_until_the_transaction_ends(lock):
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks")
    from tests.factories import make_commune, make_district, make_province

    district = make_district(make_province())
    commune, other = make_commune(district), make_commune(district)
    outcome = []

    def other_client():  # its own connection (Django's are per thread)
        try:
            with transaction.atomic():
                outcome.append(Commune.objects.select_for_update(nowait=True).filter(pk=commune.pk).exists())
        except DatabaseError:
            outcome.append("locked")
        finally:
            connection.close()

    with transaction.atomic():
        lock(commune, other)
        thread = threading.Thread(target=other_client)
        thread.start()
        thread.join(timeout=30)
    thread = threading.Thread(target=other_client)
    thread.start()
    thread.join(timeout=30)
    assert outcome == ["locked", True]
