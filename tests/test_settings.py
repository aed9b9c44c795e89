"""Settings read from the environment fail loudly and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-0123456789abcdefgh",
    "ALLOWED_HOSTS": "nap1540.example.org",
}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Start from a clean slate: drop what the test session set (nap1540.pytest_env).
    ours = {
        "SECRET_KEY",
        "DEBUG",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "STATIC_MANIFEST",
        "NAP1540_DEMO",
    }
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ours and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings", NAP1540_VAR_DIR=str(ROOT / "var"))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_refuses_values_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG", False)
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("COUNT", "five")
    with pytest.raises(ImproperlyConfigured, match="COUNT='five' is not an integer"):
        env_int("COUNT", 1)


def test_database_url_for_postgresql_and_a_clear_error_for_others():
    db = database_from_url("postgres://nap:s%40cret@db.internal:5433/nap1540")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "nap1540",
        "nap",
        "s@cret",
        "db.internal",
        "5433",
    )
    with pytest.raises(ImproperlyConfigured, match="scheme 'mysql' is not supported"):
        database_from_url("mysql://x@y/z")


def test_secret_key_is_required_when_debug_is_off():
    result = _run("import django; django.setup()", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_deploy_check_passes_with_documented_production_settings():
    result = _run(
        "from django.core.management import execute_from_command_line as e;"
        "e(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2_first():
    from config import settings as configured

    assert configured.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_demo_mode_is_off_in_production():
    result = _run(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.NAP1540_DEMO)",
        PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
