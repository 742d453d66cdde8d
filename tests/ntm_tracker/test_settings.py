import datetime
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from ntm_tracker.audit import audit_record
from ntm_tracker.models import AuditEvent

NO_SECRET_KEY = "ImproperlyConfigured: SECRET_KEY is required when DEBUG is off."


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; django.setup(); print(settings.DATABASES['default']['ENGINE'])"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "ntm_tracker.settings", **env},
        capture_output=True, text=True, cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr


def run_production_without_secret_key(args: list[str], timeout: int = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
           and not k.startswith(("PYTEST", "DJANGO_"))}
    return subprocess.run(args, env={**env, "DEBUG": "false"}, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, timeout=timeout)


def test_manage_py_without_secret_key_in_production_says_so_in_one_line():
    result = run_production_without_secret_key([sys.executable, "manage.py", "check"])
    assert result.returncode == 1
    assert result.stderr.strip() == NO_SECRET_KEY  # one line, no traceback


def test_gunicorn_without_secret_key_in_production_says_so_in_one_line_and_stops(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = run_production_without_secret_key([
        str(gunicorn), "--bind", f"unix:{tmp_path / 'app.sock'}", "--control-socket", str(tmp_path / "ctl.sock"),
        "--workers", "1", "ntm_tracker.wsgi"], timeout=120)
    assert result.returncode == 3, result.stderr  # the master stops: "Worker failed to boot"
    assert NO_SECRET_KEY in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_bad_boolean_fails_loudly():
    result = run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_default_database_is_a_sqlite_file_under_var():
    result = run_settings({"DEBUG": "true"})
    assert result.returncode == 0 and result.stdout.strip() == "django.db.backends.sqlite3"


def test_pages_are_in_vietnamese_unless_the_browser_asks_for_english(client, db):
    login = reverse("login")
    for asked in ["", "fr-FR,fr", "vi"]:
        html = client.get(login, HTTP_ACCEPT_LANGUAGE=asked).content.decode()
        assert '<html lang="vi">' in html and "Đăng nhập" in html
    assert '<html lang="en">' in client.get(login, HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()


def test_times_are_shown_in_ho_chi_minh_time(client, admin_user):
    event = audit_record(action=AuditEvent.Action.LOGIN, actor=admin_user)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC))
    client.force_login(admin_user)
    html = client.get(reverse("audit_list")).content.decode()
    assert "02/03/2024 06:30:00" in html  # UTC+7
