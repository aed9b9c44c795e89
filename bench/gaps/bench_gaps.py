"""The expert's gaps page on synthetic data (issue 13, item 4), SQLite or PostgreSQL.

    .venv/bin/python bench/gaps/bench_gaps.py [--states 193] [--requests 10] [--offers 500]
        [--runs 30] [--db var/bench-gaps-193.sqlite3] [--database-url postgres://...] [--fresh]

Builds (once) a database with the reference data and `nap1540 synth` assistance only (N UN
Member States x R requests of 1-3 items, and the offers), then `nap1540 reclassify`, since the
generator writes with bulk inserts that store no classification. Prints the median, min and max
of repeated runs (after one warm-up) through the full Django stack as a Committee expert, with
the SQL queries and the HTML size:

- `GET /assistance/gaps/` (target <= 150 ms median at 193 States, 2,000 requests, 500 offers);
- the second page of unmatched requests as htmx asks for it (the list's section alone);

and, for comparison, demand and supply counted from the stored terms (`supply_and_demand`)
against counting them as the page did before: every visible item loaded and classified again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import count_queries, report, setup, timed  # noqa: E402


def build(states: int, requests: int, offers: int) -> None:
    from django.core.management import call_command

    from nap1540.assistance.models import Request
    from nap1540.registry.models import State

    call_command("migrate", interactive=False, verbosity=0)
    if not State.objects.exists():
        call_command("load_reference", verbosity=0)
    if not Request.objects.exists():
        started = time.perf_counter()
        call_command(
            "synth",
            states=states,
            versions=0,
            tasks=0,
            requests=requests,
            offers=offers,
            events=0,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed at exit
        )
        print(f"synth: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("reclassify", stdout=sys.stdout)
    print(f"reclassify: {time.perf_counter() - started:.1f} s")


def old_counts(user: Any) -> Counter[Any]:
    """Demand as the page counted it before the terms were stored (the classifier per item)."""
    from nap1540.assistance.matching import classify
    from nap1540.assistance.models import Request, RequestItem
    from nap1540.registry.models import Group

    regions = list(
        Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP).prefetch_related("members")
    )
    members = {g.pk: {s.iso3 for s in g.members.all()} for g in regions}
    demand: Counter[Any] = Counter()
    items = (
        RequestItem.objects.filter(request__in=Request.objects.visible_to(user).values("pk"))
        .exclude(request__status__in=("draft", "closed"))
        .select_related("request", "request__state", "request__group")
        .prefetch_related("request__group__members")
    )
    for item in items:
        subjects = set(item.subjects) | set(classify(item.text).subjects)
        request = item.request
        iso3s = (
            {request.state.iso3}
            if request.state
            else {s.iso3 for s in request.group.members.all()}
            if request.group
            else set()
        )
        for g in regions:
            if iso3s & members[g.pk]:
                for subject in subjects:
                    demand[(subject, g.pk)] += 1
    return demand


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--requests", type=int, default=10, help="requests per State")
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--fresh", action="store_true", help="rebuild the SQLite database")
    args = parser.parse_args()
    db = args.db or ROOT / "var" / f"bench-gaps-{args.states}.sqlite3"
    db.parent.mkdir(exist_ok=True)
    if args.database_url:
        # The harness points Django at a SQLite file; the same settings, another database.
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
        os.environ.setdefault("STATIC_MANIFEST", "0")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
    else:
        setup(db, args.fresh)
    build(args.states, args.requests, args.offers)

    from django.db import connection
    from django.test import Client

    from nap1540.accounts.models import Membership, User
    from nap1540.assistance import stats
    from nap1540.assistance.models import Offer, Request, RequestItem

    expert, _ = User.objects.get_or_create(username="bench-gaps-expert")
    Membership.objects.get_or_create(user=expert, role="expert")
    client = Client()
    client.force_login(expert)
    print(
        f"{connection.vendor}: {Request.objects.count()} requests, "
        f"{RequestItem.objects.count()} items, {Offer.objects.count()} offers"
    )

    def page() -> Any:
        response = client.get("/assistance/gaps/")
        assert response.status_code == 200
        return response

    def fragment() -> Any:
        response = client.get(
            "/assistance/gaps/?page=2",
            headers={"HX-Request": "true", "HX-Target": "gaps-unmatched"},
        )
        assert response.status_code == 200
        return response

    size = len(page().content) / 1024
    report(
        f"GET /assistance/gaps/ ({size:.0f} KB)", timed(page, args.runs), 150, count_queries(page)
    )
    report(
        f"  page 2 of the unmatched list, htmx ({len(fragment().content) / 1024:.0f} KB)",
        timed(fragment, args.runs),
        None,
        count_queries(fragment),
    )

    def stored() -> Any:
        return stats.supply_and_demand(expert)

    def before() -> Any:
        return old_counts(expert)

    report(
        "  supply_and_demand from stored terms",
        timed(stored, args.runs),
        None,
        count_queries(stored),
    )
    report("  demand classified per item (before)", timed(before, max(3, args.runs // 10)), None)


if __name__ == "__main__":
    main()
