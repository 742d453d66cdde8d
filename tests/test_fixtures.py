"""The shared fixtures' copies: what a later test writes back is what the loaders wrote."""

from django.db import transaction

from communes.models import Recognition
from territory.models import Commune, District
from tests import conftest


def _dump() -> dict[str, list[tuple]]:
    """Every unit and recognition of the province, each key to another row as that row's code."""
    return {
        "districts": sorted(District.objects.values_list(
            "code", "name", "kind", "province__code", "valid_from", "valid_to", "current_from"), key=repr),
        "communes": sorted(Commune.objects.values_list(
            "code", "name", "kind", "district__code", "province__code", "valid_from", "valid_to", "current_from",
            "uses_mountain_thresholds", "excluded", "excluded_reason"), key=repr),
        "recognitions": sorted(Recognition.objects.values_list(
            "commune__code", "district__code", "level", "kind", "decision_number", "decision_date", "issuer",
            "standard_year", "outstanding_field", "verified", "note", "created_by"), key=repr),
    }


def test_the_whole_province_written_back_is_the_one_the_loaders_write(ha_tinh, territory, catalogue):
    """`ha_tinh` has run (by the loaders or from the copy); undo it, load it with the loaders, then
    write the copy back: both give the same rows."""
    assert conftest._province_rows, "the process keeps a copy once the province has been completed"
    complete = _dump()
    assert len(complete["communes"]) == 216 and len(complete["recognitions"]) > 300
    Recognition.objects.all().delete()
    Commune.objects.exclude(code__in=conftest.TINY_HA_TINH).delete()
    District.objects.exclude(code__in={"443", "442"}).delete()
    with transaction.atomic():
        conftest.province_complete()
        loaded = _dump()
        transaction.set_rollback(True)
    conftest._rows_restore(conftest._province_rows)
    assert loaded == complete == _dump()
