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
def test_the_move_keeps_every_target_back_and_forth():
    """Back to before the move (today's target and its audit event go to ntm_tracker), rows added
    there as the old app wrote them, then forward again: every row keeps its key and values, the
    content type and the audit events follow the model. One round trip: each costs seconds."""
    province = make_province(code="42", name="Hà Tĩnh")
    district = make_district(province, code="443", name="Can Lộc")
    today = Target.objects.create(year=2024, province=province, metric="new_model_communes", value=99)
    AuditEvent.objects.create(action=AuditEvent.Action.CREATED, object_type="dashboards.target",
                              object_id=str(today.pk))
    leaves = _leaves()
    try:
        old_apps = _migrate(BEFORE).loader.project_state(BEFORE_STATE).apps
        OldTarget = old_apps.get_model("ntm_tracker", "Target")
        # The reverse migration kept today's row and pointed its audit event at the old model.
        assert list(OldTarget.objects.values_list("pk", "value")) == [(today.pk, Decimal("99.00"))]
        assert AuditEvent.objects.get(object_id=str(today.pk)).object_type == "ntm_tracker.target"
        OldContentType = old_apps.get_model("contenttypes", "ContentType")
        OldContentType.objects.filter(app_label="dashboards").delete()
        OldContentType.objects.get_or_create(app_label="ntm_tracker", model="target")
        rows = [
            OldTarget.objects.create(year=2024, province_id=province.pk, metric="communes_ntm_share",
                                     value=Decimal("98.5"), baseline=Decimal("97"), note="Nghị quyết"),
            OldTarget.objects.create(year=2024, province_id=province.pk, district_id=district.pk,
                                     metric="new_ntm_communes", value=Decimal("3"), version=4),
        ]
        old_ids = sorted([today.pk] + [t.pk for t in rows])
        AuditEvent.objects.create(action=AuditEvent.Action.CREATED, object_type="ntm_tracker.target",
                                  object_id=str(rows[0].pk), object_repr="2024 · Hà Tĩnh")
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    kept = {t.pk: t for t in Target.objects.all()}
    assert sorted(kept) == old_ids
    first, second = kept[rows[0].pk], kept[rows[1].pk]
    assert (first.metric, first.value, first.baseline, first.note) == (
        "communes_ntm_share", Decimal("98.50"), Decimal("97.00"), "Nghị quyết")
    assert (second.district_id, second.version) == (district.pk, 4)
    assert kept[today.pk].value == Decimal("99.00")
    assert ContentType.objects.get_for_model(Target).app_label == "dashboards"
    assert not ContentType.objects.filter(app_label="ntm_tracker", model="target").exists()
    assert {e.object_type for e in AuditEvent.objects.filter(object_id__in=[str(today.pk), str(rows[0].pk)])} == {
        "dashboards.target"}
    # A new target goes on after the old ones (the table's sequence was not reset).
    assert Target.objects.create(year=2025, province=province, metric="communes_ntm_share", value=100).pk > old_ids[-1]
