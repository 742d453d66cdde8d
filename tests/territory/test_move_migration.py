"""The territory models moved from `communes` to `territory` without touching a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("communes", "0013_assessment_value_fits"), ("ntm_tracker", "0006_pending_imports"),
          ("ocop", "0004_names_without_markup"), ("dashboards", "0001_target_moved"), ("territory", "0001_initial")]
AFTER = [("communes", "0014_territory_moved"), ("ntm_tracker", "0007_territory_app"), ("ocop", "0005_territory_app"),
         ("dashboards", "0002_territory_app"), ("territory", "0004_commune_province_required")]


@pytest.mark.django_db(transaction=True)
def test_a_database_of_before_the_move_keeps_every_row_and_key():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _before_and_after_the_move()
    finally:  # the next tests of this worker's database expect today's schema
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)


def _before_and_after_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    province = old.get_model("communes", "Province").objects.create(code="42", name="Hà Tĩnh", region="north_central")
    district = old.get_model("communes", "District").objects.create(code="436", name="Can Lộc", kind="huyen",
                                                                       province=province)
    commune = old.get_model("communes", "Commune").objects.create(code="18400", name="Thiên Lộc", kind="xa",
                                                                     district=district)
    old.get_model("ntm_tracker", "User").objects.create(username="xa", role="commune", commune=commune)
    old.get_model("ntm_tracker", "AuditEvent").objects.create(action="update", object_type="communes.commune",
                                                             object_id=str(commune.pk))
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="communes", model="commune")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("territory", "Commune").objects.select_related("district__province").get(pk=commune.pk)
    assert (moved.code, moved.name, moved.district.code, moved.district.province.code) == ("18400", "Thiên Lộc", "436", "42")
    assert moved.province_id == province.pk  # filled from its district
    assert new.get_model("ntm_tracker", "User").objects.get(username="xa").commune_id == commune.pk
    assert new.get_model("ntm_tracker", "AuditEvent").objects.get().object_type == "territory.commune"
    assert ContentType.objects.filter(app_label="territory", model="commune").exists()
    assert not ContentType.objects.filter(app_label="communes", model="commune").exists()
