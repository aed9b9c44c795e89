"""CPU time and queries of the pages the load benchmark hits, through Django's test client.

    .venv/bin/python bench/load/pages.py [--database bench_load] [--repeat 5]
                                           [--only "matrix page"] [--profile "matrix page"]

Runs in this process against the load benchmark's PostgreSQL database (bench/load/prepare.py),
with the settings `nap1540 serve` runs with (DEBUG off), logged in as each role the
locustfile uses. Prints, per page and role, the median CPU milliseconds, wall milliseconds and
queries of `--repeat` requests after one warm-up request. `--profile NAME` also prints the
cProfile of that page's requests (sorted by own time, then cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.run import server_env  # noqa: E402

# (role, page name, path) as bench/load/locustfile.py requests them; {plan} is a plan's id.
PAGES = [
    ("expert", "matrix index", "/matrix/"),
    ("coordinator", "matrix page", "/matrix/KAZ/"),
    ("viewer", "matrix page", "/matrix/UZB/"),
    ("expert", "regional page", "/matrix/regions/UN-ASIA-PACIFIC/"),
    ("coordinator", "regional page", "/matrix/regions/UN-AFRICAN/"),
    ("coordinator", "plan page", "/plans/{plan}/"),
    ("viewer", "plan page", "/plans/{plan}/"),
    ("expert", "gaps page", "/assistance/gaps/"),
    ("provider", "gaps page", "/assistance/gaps/"),
    ("coordinator", "calendar", "/events/calendar/"),
    ("expert", "request list", "/assistance/requests/"),
    ("coordinator", "request list", "/assistance/requests/"),
    ("focal", "my tasks", "/plans/my-tasks/"),
    ("coordinator", "my tasks", "/plans/my-tasks/"),
    ("coordinator", "matrix draft", "/matrix/UZB/v3/"),
    ("coordinator", "matrix field form", "{entry}"),
    ("coordinator", "request form", "/assistance/requests/new/"),
    ("expert", "request form", "/assistance/requests/new/"),
]


def _environment(database: str) -> None:
    """The server's environment (bench/load/run.py), for the test client's host."""
    os.environ.update(server_env(database, ROOT / "var" / "bench-load"))
    os.environ.update(
        ALLOWED_HOSTS="testserver",
        STATIC_MANIFEST="0",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="config.settings",
    )


def _timed(fetch: Callable[[], Any]) -> tuple[float, float, int]:
    from django.db import connection

    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        cpu, wall = time.process_time(), time.perf_counter()
        response = fetch()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code} for {response.request['PATH_INFO']}")
    return 1000 * cpu, 1000 * wall, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=[], help="page names to measure")
    parser.add_argument("--profile", default="", help="a page name to profile")
    parser.add_argument("--lines", type=int, default=35)
    args = parser.parse_args()
    _environment(args.database)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients: dict[str, Client] = {}
    found: dict[str, str] = {}
    print("| page | role | CPU ms | wall ms | queries |")
    print("|---|---|---|---|---|")
    total_cpu = 0.0
    profiler = cProfile.Profile(time.process_time)  # CPU, not the wait for PostgreSQL
    for role, name, path in PAGES:
        if args.only and name not in args.only:
            continue
        if role not in clients:
            clients[role] = Client()
            user = get_user_model().objects.filter(username=role).first()
            if user is None:
                raise SystemExit(f"no user {role}: run bench/load/prepare.py")
            clients[role].force_login(user)
        client = clients[role]
        if "{plan}" in path and "plan" not in found:
            page = client.get("/plans/").content.decode()
            found["plan"] = sorted(re.findall(r'href="/plans/(\d+)/"', page))[0]
        if path == "{entry}":
            page = clients["coordinator"].get("/matrix/UZB/v3/").content.decode()
            path = re.findall(r'href="(/matrix/UZB/v3/entries/\d+/edit/)"', page)[0]
        url = path.format(plan=found.get("plan", "1"))
        client.get(url)  # warm-up: template compilation, translation catalogues
        runs = []
        for _ in range(args.repeat):
            if name == args.profile:
                profiler.enable()
            runs.append(_timed(lambda c=client, u=url: c.get(u)))
            if name == args.profile:
                profiler.disable()
        cpu = statistics.median(r[0] for r in runs)
        total_cpu += cpu
        wall = statistics.median(r[1] for r in runs)
        print(f"| {name} | {role} | {cpu:.0f} | {wall:.0f} | {runs[0][2]} |", flush=True)
    print(f"\nsum of the medians: {total_cpu:.0f} ms CPU")
    if args.profile:
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.lines)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
