"""Target moved from ntm_tracker to dashboards: a database migrated from before the move keeps
every row, and the content type and the targets' audit events follow the model."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dashboards.models import Target
from ntm_tracker.models import AuditEvent
from tests.factories import make_district, make_province

BEFORE = [("ntm_tracker", "0004_user_language"), ("dashboards", None)]
# The models as they were before the move (the Target of ntm_tracker), with the content types.
BEFORE_STATE = [("ntm_tracker", "0004_user_language"), ("contenttypes", "0002_remove_content_type_name")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_target():
    province = make_province(code="42", name="Hà Tĩnh")
    district = make_district(province, code="443", name="Can Lộc")
    leaves = _leaves()
    try:
        old_apps = _migrate(BEFORE).loader.project_state(BEFORE_STATE).apps
        OldTarget = old_apps.get_model("ntm_tracker", "Target")
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        OldContentType.objects.filter(app_label="dashboards").delete()
        OldContentType.objects.get_or_create(app_label="ntm_tracker", model="target")
        rows = [
            OldTarget.objects.create(year=2024, province_id=province.pk, metric="communes_ntm_share",
                                     value=Decimal("98.5"), baseline=Decimal("97"), note="Nghị quyết"),
            OldTarget.objects.create(year=2024, province_id=province.pk, district_id=district.pk,
                                     metric="new_ntm_communes", value=Decimal("3"), version=4),
        ]
        old_ids = sorted(t.pk for t in rows)
        AuditEvent.objects.create(action=AuditEvent.Action.CREATED, object_type="ntm_tracker.target",
                                  object_id=str(rows[0].pk), object_repr="2024 · Hà Tĩnh")
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    kept = list(Target.objects.order_by("pk"))
    assert [t.pk for t in kept] == old_ids
    assert (kept[0].metric, kept[0].value, kept[0].baseline, kept[0].note) == (
        "communes_ntm_share", Decimal("98.50"), Decimal("97.00"), "Nghị quyết")
    assert (kept[1].district_id, kept[1].version) == (district.pk, 4)
    assert ContentType.objects.get_for_model(Target).app_label == "dashboards"
    assert not ContentType.objects.filter(app_label="ntm_tracker", model="target").exists()
    assert AuditEvent.objects.get(object_id=str(old_ids[0])).object_type == "dashboards.target"
    # A new target goes on after the old ones (the table's sequence was not reset).
    assert Target.objects.create(year=2025, province=province, metric="communes_ntm_share", value=100).pk > old_ids[-1]


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_reversed_without_losing_a_row():
    province = make_province(code="42", name="Hà Tĩnh")
    target = Target.objects.create(year=2024, province=province, metric="communes_ntm_share", value=99)
    AuditEvent.objects.create(action=AuditEvent.Action.CREATED, object_type="dashboards.target",
                              object_id=str(target.pk))
    leaves = _leaves()
    try:
        old_apps = _migrate(BEFORE).loader.project_state(BEFORE_STATE).apps
        assert list(old_apps.get_model("ntm_tracker", "Target").objects.values_list("pk", "value")) == [
            (target.pk, Decimal("99.00"))]
        assert AuditEvent.objects.get(object_id=str(target.pk)).object_type == "ntm_tracker.target"
    finally:
        _migrate(leaves)
    assert Target.objects.get().pk == target.pk
