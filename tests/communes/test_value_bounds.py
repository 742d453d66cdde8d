"""Issue 13, item 1 (defensive side): an assessment value the column cannot hold is refused by the
database, and one stored before (SQLite let an import store 1e13) is cleared by the migration, so
the commune's pages work again."""

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from communes.catalogue import catalogue_forget
from communes.models import Assessment, Indicator
from tests.factories import make_commune, make_user


def _insert(commune, indicator, value) -> None:
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (commune_id, indicator_id, year, value, met, note, evidence, updated_at,"
                       " version) VALUES (%s, %s, 2024, %s, %s, '', '', CURRENT_TIMESTAMP, 1)",
                       [commune.pk, indicator.pk, value, True])


def test_the_database_refuses_a_value_beyond_the_column(ha_tinh):
    commune = ha_tinh.districts.first().communes.first()
    indicator = Indicator.objects.filter(kind=Indicator.Kind.PERCENT).first()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():  # a check on SQLite, numeric overflow on PostgreSQL
        _insert(commune, indicator, 10_000_000_000_000)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL never stored such a value")
def test_the_migration_clears_a_stored_value_that_broke_the_commune_pages(transactional_db, client):
    from communes.services.catalogue import catalogue_load

    catalogue_load()
    catalogue_forget()
    commune = make_commune()
    indicator = Indicator.objects.filter(kind=Indicator.Kind.PERCENT, criterion__criteria_set__code="commune-ntm-2021-2025").first()
    executor = MigrationExecutor(connection)
    executor.migrate([("communes", "0012_commune_groups")])
    _insert(commune, indicator, 10_000_000_000_000)  # what an unchecked import stored
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = Assessment.objects.get(commune=commune, indicator=indicator)  # readable again
    assert stored.value is None and stored.met is None and stored.version == 2
    client.force_login(make_user("admin", username="quantri-x", is_superuser=True, is_staff=True))
    assert client.get(reverse("commune_detail", args=[commune.code]) + "?year=2024").status_code == 200
