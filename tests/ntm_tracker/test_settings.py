import os
import subprocess
import sys

from django.conf import settings


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


def test_bad_boolean_fails_loudly():
    result = run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_default_database_is_a_sqlite_file_under_var():
    result = run_settings({"DEBUG": "true"})
    assert result.returncode == 0 and result.stdout.strip() == "django.db.backends.sqlite3"


def test_interface_defaults_to_vietnamese_in_ho_chi_minh_time():
    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
