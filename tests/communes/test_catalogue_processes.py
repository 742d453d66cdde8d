"""Two app processes on PostgreSQL: a threshold changed in one (a bulk update in a shell, or the
loader) is used by the other's next save — the revision is renewed by the database, not by signals."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from communes.catalogue import catalogue_forget, catalogue_for_year
from communes.models import Indicator
from communes.services.catalogue import catalogue_load
from ntm_tracker.models import User
from tests.factories import make_commune, make_user
from tests.processes import database_url

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes need a shared database server")


class Worker:
    def __init__(self):
        env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "true"}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.communes.catalogue_worker"], cwd=ROOT, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert "ready" in json.loads(self.process.stdout.readline())

    def __call__(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(transactional_db):
    started = [Worker(), Worker()]
    yield started
    for worker in started:
        worker.close()
    catalogue_forget()


@pytest.fixture
def setting(transactional_db):
    catalogue_load()
    commune = make_commune()
    catalogue = catalogue_for_year(YEAR)
    indicator = next(i for i in catalogue.indicators.values()
                     if i.comparison == Indicator.Comparison.AT_LEAST and i.kind == Indicator.Kind.PERCENT
                     and catalogue.thresholds[i.pk])
    threshold = catalogue.threshold(indicator.pk, region=commune.district.province.region, mountain=False, year=YEAR)
    user = make_user(User.Role.ADMIN, is_superuser=True)
    return {"commune": commune.pk, "indicator": indicator.pk, "year": YEAR, "user": user.pk, "threshold": threshold}


def test_a_bulk_update_in_one_process_is_used_by_the_next_save_in_another(workers, setting):
    saver, shell = workers
    save = {k: setting[k] for k in ("commune", "indicator", "year", "user")} | {"value": str(setting["threshold"])}
    assert saver(op="save", **save) == {"met": True}  # the saver now holds the catalogue

    assert shell(op="update", indicator=setting["indicator"], delta="1")["updated"] >= 1

    assert saver(op="save", **save) == {"met": False}


def test_a_threshold_loaded_from_a_file_in_one_process_is_used_by_the_next_save_in_another(workers, setting, tmp_path):
    from communes.models import CriteriaSet
    from communes.services.catalogue import COMMUNE_SET
    from communes.services.criteria_loading import criteria_file, criteria_rows
    from communes.services.criteria_reading import COLUMNS

    saver, loader = workers
    save = {k: setting[k] for k in ("commune", "indicator", "year", "user")} | {"value": str(setting["threshold"])}
    assert saver(op="save", **save) == {"met": True}
    code = Indicator.objects.get(pk=setting["indicator"]).code
    rows = criteria_rows(CriteriaSet.objects.get(code=COMMUNE_SET))
    for row in rows:
        if row[COLUMNS.index("record")] == "threshold" and row[COLUMNS.index("indicator_code")] == code:
            row[COLUMNS.index("value")] = str(setting["threshold"] + 1)
    path = tmp_path / "catalogue.csv"
    path.write_bytes(criteria_file(rows, xlsx=False))

    assert loader(op="load", path=str(path), user=setting["user"])["changes"] >= 1

    assert saver(op="save", **save) == {"met": False}
