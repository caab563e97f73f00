"""Settings helpers read environment variables and fail loudly on bad values."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lbc_site.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[1]


def test_booleans_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_a_bad_boolean_or_integer_is_refused(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG", False)
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be an integer"):
        env_int("COUNT", 1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def run_settings(env: dict, shown: str = "settings.DATABASES['default']['ENGINE']") -> subprocess.CompletedProcess:
    """Django set up in a fresh process with only `env`, printing `shown` (an expression of `settings`)."""
    code = f"import django; django.setup(); from django.conf import settings; print({shown})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lbc_site.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_database_url_selects_postgresql_and_sqlite_is_the_default():
    assert run_settings({}).stdout.strip() == "django.db.backends.sqlite3"
    postgres = run_settings({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"})
    assert postgres.stdout.strip() == "lbc_site.postgresql"  # Django's, with a health check without a round trip


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "0",
            "SECRET_KEY": "a-test-only-secret-that-is-long-and-random-enough-0123456789-abcdefghij",
            "ALLOWED_HOSTS": "example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
