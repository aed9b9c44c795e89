"""`nap1540 serve`: the gunicorn command it runs, and collectstatic only when something changed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from nap1540 import cli


def _option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


@pytest.fixture(autouse=True)
def _no_serve_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BIND", "WEB_WORKERS", "WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_a_worker_per_core_plus_one_with_threads() -> None:
    command = cli.gunicorn_argv([], cores=2)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "config.wsgi"]
    assert _option(command, "--bind") == "127.0.0.1:8000"
    assert _option(command, "--workers") == "3"
    assert _option(command, "--worker-class") == "gthread"
    assert _option(command, "--threads") == str(cli.DEFAULT_THREADS)
    assert _option(command, "--keep-alive") == "5"
    assert _option(command, "--max-requests") == "2000"
    assert _option(cli.gunicorn_argv([], cores=8), "--workers") == "9"


def test_default_worker_count_follows_the_cores_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert _option(cli.gunicorn_argv([]), "--workers") == "5"


def test_environment_sets_bind_workers_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIND", "0.0.0.0:9000")
    monkeypatch.setenv("WEB_WORKERS", "4")
    monkeypatch.setenv("WEB_THREADS", "8")
    command = cli.gunicorn_argv([], cores=2)
    assert _option(command, "--bind") == "0.0.0.0:9000"
    assert _option(command, "--workers") == "4"
    assert _option(command, "--threads") == "8"


def test_options_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_WORKERS", "4")
    monkeypatch.setenv("WEB_THREADS", "8")
    command = cli.gunicorn_argv(["--workers", "2", "--threads", "3"], cores=2)
    assert _option(command, "--workers") == "2"
    assert _option(command, "--threads") == "3"


def test_one_thread_keeps_gunicorns_sync_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_THREADS", "1")
    command = cli.gunicorn_argv(["--workers", "5"], cores=2)
    assert "--worker-class" not in command
    assert "--threads" not in command
    assert _option(command, "--workers") == "5"


@pytest.mark.parametrize(
    ("name", "value"), [("WEB_WORKERS", "many"), ("WEB_THREADS", "0"), ("WEB_WORKERS", "-1")]
)
def test_bad_worker_settings_stop_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        cli.gunicorn_argv([], cores=2)
    assert exited.value.code == 2
    option = "--workers" if name == "WEB_WORKERS" else "--threads"
    assert f"argument {option}: invalid _positive value: '{value}'" in capsys.readouterr().err


@pytest.fixture
def static_dirs(tmp_path: Path) -> Any:
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: black; }")
    root = tmp_path / "collected"
    with override_settings(STATICFILES_DIRS=[source], STATIC_ROOT=root):
        yield source, root


def test_collectstatic_runs_once_until_a_static_source_changes(static_dirs: Any) -> None:
    source, root = static_dirs
    assert cli.collect_static() is True
    assert (root / "site.css").read_text() == "body { color: black; }"

    assert cli.collect_static() is False  # a restart with nothing changed

    (source / "site.css").write_text("body { color: navy; }")
    later = time.time() + 60  # an edit may keep the size; its time changes
    os.utime(source / "site.css", (later, later))
    assert cli.collect_static() is True
    assert (root / "site.css").read_text() == "body { color: navy; }"

    (source / "print.css").write_text("nav { display: none; }")
    assert cli.collect_static() is True
    assert (root / "print.css").exists()


def test_collectstatic_runs_again_when_the_collected_files_are_gone(static_dirs: Any) -> None:
    _, root = static_dirs
    assert cli.collect_static() is True
    (root / cli.STATIC_STAMP).unlink()
    (root / "site.css").unlink()
    assert cli.collect_static() is True
    assert (root / "site.css").exists()


def test_serve_collects_static_files_then_becomes_gunicorn(
    static_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, root = static_dirs
    execs: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(cli, "_setup", lambda debug=None: None)  # pytest-django set Django up
    monkeypatch.setattr(os, "execv", lambda path, args: execs.append((path, args)))
    monkeypatch.setenv("WEB_THREADS", "2")

    cli.main(["serve", "--bind", "127.0.0.1:8123", "--workers", "2"])

    assert (root / "site.css").exists()
    [(path, command)] = execs
    assert path == sys.executable
    assert command == cli.gunicorn_argv(["--bind", "127.0.0.1:8123", "--workers", "2"])
    assert _option(command, "--threads") == "2"


def test_wsgi_application_loads_the_views_and_freezes_them_for_the_collector() -> None:
    code = (
        "import gc, sys; import config.wsgi; "
        "print(gc.get_freeze_count() > 50000, 'nap1540.matrix.views' in sys.modules)"
    )
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.split() == ["True", "True"], done.stderr
