"""The heavy pages at 10 and at 193 States, through the full Django stack (issue 13, item 4).

    .venv/bin/python bench/pages/bench_pages.py [--sizes 10,193] [--runs 30] [--fresh]
                                                [--database-url postgres://postgres@127.0.0.1/x]

For each size, builds (once) a database with the reference data and `nap1540 synth --states N`
(3 matrix versions, 1 plan x 60 tasks x 3 reviews, 10 requests of 1-3 items and 2 events per
State, 500 offers): SQLite files `var/bench-pages-N.sqlite3` by default, or PostgreSQL
databases `<name>_N` next to the one `--database-url` names (created if missing). Each size
runs in its own process. Then it requests every page as the role that uses it, after one
warm-up request, and prints the median, the 95th percentile and the SQL queries of each page
at each size, with the growth of the median from the smallest size to the largest.

Targets (issue 13): the regional pages, the matrix index and the calendar <= 100 ms at 193
States; the gaps page <= 150 ms; the State page and the note with constant query counts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import count_queries  # noqa: E402

GROUP = "BENCH-UN"  # every benchmark State: the UN membership at 193 States
TARGETS = {
    "UN-wide region page": 100.0,
    "UN-wide matrix region page": 100.0,
    "Matrix index": 100.0,
    "Calendar (expert)": 100.0,
    "Gaps (expert)": 150.0,
    "Plan page (coordinator)": 150.0,
}


def sized_url(url: str, size: int) -> str:
    """The PostgreSQL database of one size: the URL's database name with `_<size>`."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def ensure_postgres(url: str, fresh: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build(states: int) -> str:
    """Reference data and the synthetic records; skipped when the database already has them."""
    from django.core.management import call_command

    from nap1540.plans.models import Plan

    call_command("migrate", interactive=False, verbosity=0)
    if Plan.objects.filter(is_demo=True).exists():
        return "already built"
    call_command("load_reference", verbosity=0)
    started = time.perf_counter()
    call_command("synth", "--states", str(states), verbosity=0)
    return f"built in {time.perf_counter() - started:.0f} s"


def measure(fn: Any, runs: int) -> tuple[float, float]:
    fn()  # warm caches (templates, URL resolver, database pages)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def child(states: int, runs: int, database_url: str) -> dict[str, Any]:
    setup(database_url)
    built = build(states)

    from django.db import connection
    from django.test import Client

    from nap1540.accounts.models import Membership, User
    from nap1540.assistance.models import Offer, Request, RequestItem
    from nap1540.events.models import Event
    from nap1540.plans.models import Plan
    from nap1540.plans.synth import members
    from nap1540.registry.models import Group

    chosen = members(states)
    group, _ = Group.objects.get_or_create(
        code=GROUP, defaults={"name": "All benchmark States", "kind": Group.Kind.OTHER}
    )
    group.members.set(chosen)
    state = chosen[len(chosen) // 2]
    expert, _ = User.objects.get_or_create(username="bench-expert")
    Membership.objects.get_or_create(user=expert, role=Membership.Role.EXPERT)
    coordinator, _ = User.objects.get_or_create(username="bench-coordinator")
    Membership.objects.get_or_create(
        user=coordinator, role=Membership.Role.COORDINATOR, state=state
    )
    plan = Plan.objects.get(state=state, is_demo=True)
    event = Event.objects.filter(state=state, is_demo=True).order_by("starts_on").first()
    assert event is not None
    as_expert, as_coordinator = Client(), Client()
    as_expert.force_login(expert)
    as_coordinator.force_login(coordinator)
    pages = [
        ("UN-wide region page", as_expert, f"/regions/{GROUP}/"),
        ("UN-wide matrix region page", as_expert, f"/matrix/regions/{GROUP}/"),
        ("Matrix index", as_expert, "/matrix/"),
        ("Calendar (expert)", as_expert, "/events/calendar/"),
        ("State page (expert)", as_expert, f"/states/{state.iso3}/"),
        ("Information note (expert)", as_expert, f"/events/{event.slug}/note/en/"),
        ("Plan page (coordinator)", as_coordinator, f"/plans/{plan.pk}/"),
        ("Gaps (expert)", as_expert, "/assistance/gaps/"),
    ]
    rows = []
    for label, client, url in pages:

        def get(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        queries = count_queries(get)
        median, p95 = measure(get, runs)
        size = len(client.get(url).content)
        rows.append(
            {"page": label, "url": url, "median": median, "p95": p95, "queries": queries,
             "kb": size / 1024}
        )  # fmt: skip
    return {
        "states": states,
        "built": built,
        "vendor": f"{connection.vendor} {connection.Database.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"{connection.vendor} {connection.pg_version}",  # type: ignore[attr-defined]
        "data": (
            f"{Plan.objects.count()} plans, {Request.objects.count()} requests, "
            f"{RequestItem.objects.count()} request items, {Offer.objects.count()} offers, "
            f"{Event.objects.count()} events"
        ),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,193", help="numbers of States, comma-separated")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="", help="PostgreSQL; SQLite files by default")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url = (
            sized_url(args.database_url, args.child)
            if args.database_url
            else f"sqlite:///{ROOT / 'var' / f'bench-pages-{args.child}.sqlite3'}"
        )
        print(json.dumps(child(args.child, args.runs, url)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    for size in sizes:
        if args.database_url:
            ensure_postgres(sized_url(args.database_url, size), args.fresh)
        else:
            db = ROOT / "var" / f"bench-pages-{size}.sqlite3"
            db.parent.mkdir(parents=True, exist_ok=True)
            if args.fresh and db.exists():
                db.unlink()
        command = [sys.executable, __file__, "--child", str(size), "--runs", str(args.runs)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
        result = json.loads(out.strip().splitlines()[-1])
        print(f"{size} States ({result['built']}): {result['vendor']}; {result['data']}")
        results.append(result)
    print(f"\nPython {sys.version.split()[0]}, {args.runs} runs per page after one warm-up.\n")
    head = " | ".join(f"{r['states']} States: median / p95 / queries" for r in results)
    print(f"| Page | {head} | Growth | Target |")
    print("|---|" + "---|" * len(results) + "---|---|")
    for i, row in enumerate(results[0]["rows"]):
        cells = []
        for r in results:
            x = r["rows"][i]
            cells.append(f"{x['median']:.1f} ms / {x['p95']:.1f} ms / {x['queries']}")
        growth = results[-1]["rows"][i]["median"] / max(row["median"], 0.001)
        target = TARGETS.get(row["page"])
        last = results[-1]["rows"][i]["median"]
        verdict = (
            "" if target is None else f"<= {target:.0f} ms {'OK' if last <= target else 'OVER'}"
        )
        print(f"| {row['page']} | {' | '.join(cells)} | {growth:.1f}x | {verdict} |")


if __name__ == "__main__":
    main()
