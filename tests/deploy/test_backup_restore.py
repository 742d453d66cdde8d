"""deploy/backup.sh and deploy/restore.sh on the test database: the restore drill of
docs/deployment.md, run for real (PostgreSQL's pg_dump and pg_restore)."""

import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent
from tests.factories import make_recognition, make_target, make_user
from tests.processes import database_url

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL only"),
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore") or not shutil.which("psql"),
                       reason="PostgreSQL's client tools (pg_dump, pg_restore, psql) are not installed"),
]

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup.sh"
RESTORE = ROOT / "deploy" / "restore.sh"
DUMP_NAME = re.compile(r"^ntm-(?P<db>[\w.-]+)-\d{8}T\d{6}Z\.dump$")
KEY_TABLES = ["communes_commune", "ntm_tracker_user", "communes_indicator", "communes_recognition",
              "ntm_tracker_target", "ntm_tracker_auditevent", "django_migrations"]


def run(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def counts(url: str) -> dict[str, int]:
    """Rows of every table of the public schema, and every sequence's position."""
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        result = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
        for (sequence,) in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'").fetchall():
            result[f"{sequence} (sequence)"] = conn.execute(f'SELECT last_value FROM "{sequence}"').fetchone()[0]
    return result


@pytest.fixture
def data(transactional_db, catalogue, can_loc_commune, province_user):
    """Committed rows in the key tables (pg_dump reads from its own connection)."""
    make_recognition(can_loc_commune)
    make_target(province_user.province, year=2025, value=15)
    make_user(username="lanhdao2", province=province_user.province)
    audit_record(action=AuditEvent.Action.LOGIN, actor=province_user)


@pytest.fixture
def empty_database(transactional_db):
    """A new database on the same server, dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(directory, **env) -> subprocess.CompletedProcess:
    return run(BACKUP, env={"DATABASE_URL": database_url(), "BACKUP_DIR": str(directory), **env})


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(data, empty_database, tmp_path):
    made = backup(tmp_path)
    assert made.returncode == 0, made.stderr
    (dump,) = tmp_path.iterdir()
    assert DUMP_NAME.match(dump.name) and DUMP_NAME.match(dump.name)["db"] == connection.settings_dict["NAME"]
    assert dump.stat().st_mode & 0o077 == 0  # password hashes inside: the owner's only

    restored = run(RESTORE, dump, empty_database)
    assert restored.returncode == 0, restored.stderr

    original, copy = counts(database_url()), counts(empty_database)
    assert copy == original
    assert all(original[table] > 0 for table in KEY_TABLES), {t: original[t] for t in KEY_TABLES}


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(data, empty_database, tmp_path):
    assert backup(tmp_path).returncode == 0
    (dump,) = tmp_path.iterdir()
    assert run(RESTORE, dump, empty_database).returncode == 0
    # Something happens in the restored copy after the restore ...
    with psycopg.connect(empty_database.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("DELETE FROM ntm_tracker_target")

    refused = run(RESTORE, dump, empty_database)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert counts(empty_database)["ntm_tracker_target"] == 0  # ... and nothing was touched

    forced = run(RESTORE, "--force", dump, empty_database)
    assert forced.returncode == 0, forced.stderr
    assert counts(empty_database) == counts(database_url())


def test_restore_refuses_what_is_not_a_backup(empty_database, tmp_path):
    junk = tmp_path / "ntm-x-20260101T000000Z.dump"
    junk.write_bytes(b"not a dump")
    result = run(RESTORE, junk, empty_database)
    assert result.returncode == 2 and "not a pg_dump custom-format backup" in result.stderr
    assert counts(empty_database) == {}


def test_backups_older_than_the_retention_are_removed(data, tmp_path):
    name = connection.settings_dict["NAME"]
    day = 24 * 60 * 60
    old = tmp_path / f"ntm-{name}-20200101T000000Z.dump"
    recent = tmp_path / f"ntm-{name}-20200102T000000Z.dump"
    other_database = tmp_path / "ntm-another-20200101T000000Z.dump"
    for path, age in ((old, 8 * day), (recent, 6 * day), (other_database, 30 * day)):
        path.write_bytes(b"x")
        os.utime(path, (time.time() - age, time.time() - age))

    made = backup(tmp_path, BACKUP_KEEP_DAYS="7")
    assert made.returncode == 0, made.stderr
    assert "removed 1 backup(s) older than 7 days" in made.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert old.name not in names and recent.name in names and other_database.name in names
    assert len(names) == 3


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": ""}, "no database"),
    ({"DATABASE_URL": "sqlite:///var/ntm.sqlite3"}, "not a PostgreSQL URL"),
    ({"BACKUP_KEEP_DAYS": "0"}, "BACKUP_KEEP_DAYS must be"),
])
def test_backup_explains_a_bad_configuration(transactional_db, tmp_path, env, message):
    result = backup(tmp_path, **env)
    assert result.returncode == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []
