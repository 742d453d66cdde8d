from ntm_tracker.audit import audit_record, diff
from ntm_tracker.models import AuditEvent
from territory.models import Commune


def test_diff_keeps_only_changed_fields():
    assert diff({"value": 80, "note": "a"}, {"value": 85, "note": "a"}) == {"value": [80, 85]}


def test_audit_record_describes_the_object_and_its_unit(province_user, can_loc_commune):
    event = audit_record(action=AuditEvent.Action.CHANGED, actor=province_user, obj=can_loc_commune,
                         unit_code=can_loc_commune.code, changes={"excluded": [False, True]}, reason="Di dời")
    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("territory.commune", str(can_loc_commune.pk))
    assert event.actor_name == "tinh" and event.unit_code == can_loc_commune.code
    assert AuditEvent.objects.filter(unit_code=can_loc_commune.code).get().changes == {"excluded": [False, True]}
    assert isinstance(can_loc_commune, Commune)
