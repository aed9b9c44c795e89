"""The `nap1540` command: Django's management commands plus `demo`, `serve` and `match`.

`nap1540 load-reference` runs `manage.py load_reference`; dashes and underscores
are interchangeable.
"""

from __future__ import annotations

import argparse
import os
import sys

USAGE = """usage: nap1540 COMMAND [options]

  demo               migrate, load reference and demo data, serve on 127.0.0.1:8000 (SQLite);
                     --reset first deletes everything in the demo database, to start afresh
  serve              run the production server (gunicorn + whitenoise)
  load-reference     load States, groups, organisations and the matrix template
  load-demo          load the demo data (--reset: empty a demo database and load it again)
  match              rank assistance offers for requests from JSON files (no database)
  issue-token USER   issue an API token
  ...                any other Django management command (migrate, createsuperuser, ...)
"""


def _setup(debug: bool | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if debug is not None:
        os.environ.setdefault("DEBUG", "1" if debug else "0")
    import django

    django.setup()


def _demo_environment(addr: str) -> None:
    """The demo runs as production does (DEBUG off: the site's own error pages, no URL list),
    over plain HTTP on this machine, with static files served from the apps, in demo mode
    (the login page lists the demo logins)."""
    from pathlib import Path

    defaults = {
        "DEBUG": "0",
        "ALLOWED_HOSTS": ",".join(dict.fromkeys([addr, "127.0.0.1", "localhost"])),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "NAP1540_DEMO": "1",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    if not os.environ.get("SECRET_KEY"):
        import secrets

        # A per-checkout key in var/, never committed (as development uses).
        var = Path(
            os.environ.get("NAP1540_VAR_DIR", Path(__file__).resolve().parent.parent / "var")
        )
        var.mkdir(parents=True, exist_ok=True)
        path = var / "dev-secret-key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
        os.environ["SECRET_KEY"] = path.read_text().strip()


def _demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nap1540 demo")
    parser.add_argument("--addr", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set up the data and stop")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete everything in the demo database and load the demo afresh",
    )
    args = parser.parse_args(argv)
    _demo_environment(args.addr)
    _setup()
    from django.core.management import call_command

    from nap1540.core.demo import DEMO_PASSWORD

    call_command("migrate", interactive=False, verbosity=0)
    from nap1540.web.demo import demo_is_loaded, load_demo, reset_demo

    if args.reset and demo_is_loaded():
        try:
            ctx = reset_demo()
        except RuntimeError as exc:  # ResetRefused: not a demo database
            print(exc, file=sys.stderr)
            return 1
        print("The demo database was emptied and loaded afresh.")
    else:
        if args.reset:
            print("Nothing to reset: there is no demo data yet.")
        call_command("load_reference", verbosity=0)
        ctx = load_demo()
    print(f"\nnap1540 demo: http://{args.addr}:{args.port}/")
    print(f"Demo logins (password: {DEMO_PASSWORD}):")
    for username, user in ctx.users.items():
        print(f"  {username:<12} {user.get_full_name()}")
    print("Content about Uzbekistan and Kazakhstan is illustrative demo data.\n", flush=True)
    if args.no_serve:
        return 0
    call_command("runserver", f"{args.addr}:{args.port}", use_reloader=False)
    return 0


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS has no sched_getaffinity
        return os.cpu_count() or 1


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


# Threads per worker when WEB_THREADS is unset. The pages spend part of each request waiting on
# PostgreSQL; a few threads let a worker's core serve another request meanwhile without the
# memory of another process (docs/decisions/044-serving-and-worker-model.md has the figures).
DEFAULT_THREADS = 4
SHM = "/dev/shm"  # noqa: S108 - gunicorn only keeps its workers' heartbeat files there


def default_workers(cores: int) -> int:
    """One worker per core, plus one so that a core is never idle while a worker restarts."""
    return cores + 1


def gunicorn_argv(argv: list[str], *, cores: int | None = None) -> list[str]:
    """The gunicorn command line for `nap1540 serve ARGV` (options, then WEB_* variables)."""
    parser = argparse.ArgumentParser(prog="nap1540 serve")
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    # String defaults go through `type` too, so a bad WEB_WORKERS fails like a bad --workers.
    parser.add_argument("--workers", type=_positive, default=os.environ.get("WEB_WORKERS") or None)
    parser.add_argument(
        "--threads",
        type=_positive,
        default=os.environ.get("WEB_THREADS") or str(DEFAULT_THREADS),
        help="threads per worker; more than 1 selects gunicorn's gthread worker",
    )
    args = parser.parse_args(argv)
    workers = args.workers or default_workers(cores or _cores())
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        args.bind,
        "--workers",
        str(workers),
        # A slow page is answered, a stuck worker is replaced; keep-alive lets a browser reuse
        # its connection for the page's next requests (a gthread worker holds it meanwhile).
        "--timeout",
        "60",
        "--graceful-timeout",
        "30",
        "--keep-alive",
        "5",
        # A worker's memory only grows to its high-water mark (a gthread worker's four threads
        # each building a 193-State page); replace each after some requests, not all at once.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--access-logfile",
        "-",
    ]
    if os.path.isdir(SHM):
        # The workers' heartbeat files in memory, not on a disk that may stall under load.
        command += ["--worker-tmp-dir", SHM]
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    return command


STATIC_STAMP = ".nap1540-collected"


def _static_sources_stamp() -> str:
    """A digest of every static source file's name, size and time, and of the storage used."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """Run collectstatic unless STATIC_ROOT already holds these sources; True if it ran."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    stamp = Path(settings.STATIC_ROOT) / STATIC_STAMP
    sources = _static_sources_stamp()
    if stamp.is_file() and stamp.read_text() == sources:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(sources)
    return True


def _serve(argv: list[str]) -> int:
    command = gunicorn_argv(argv)
    _setup()
    collect_static()
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return _demo(rest)
    if command == "serve":
        return _serve(rest)
    if command == "match":
        from nap1540.assistance.matching.cli import main as match_main

        return match_main(rest)
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nap1540", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
