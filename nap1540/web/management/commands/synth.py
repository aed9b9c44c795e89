"""nap1540 synth: synthetic matrices, plans, assistance and events for benchmarks.

The defaults are the scenario of issue 13: 193 States, 3 approved matrix versions, one plan
of 60 tasks with 3 reviews, 10 requests (1 to 3 items each) and 2 events per State, and 500
offers. It lives here, in the top app, because it drives every domain app's generator.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nap1540.assistance import synth as assistance_synth
from nap1540.events import synth as events_synth
from nap1540.matrix import synth as matrix_synth
from nap1540.plans import synth as plans_synth


class Command(BaseCommand):
    help = (
        "Fill synthetic data (flagged as demo data) for the first N UN Member States: approved "
        "matrices, a national action plan with reviews, assistance requests with their items, "
        "offers and events. States that already have a record of a kind are skipped for that "
        "kind unless --replace (which deletes only demo records first). A count of 0 skips "
        "that kind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--states", type=int, default=193)
        parser.add_argument("--versions", type=int, default=3, help="matrix versions per State")
        parser.add_argument("--tasks", type=int, default=60, help="tasks of each State's plan")
        parser.add_argument("--reviews", type=int, default=3, help="reviews of each plan")
        parser.add_argument("--requests", type=int, default=10, help="requests per State")
        parser.add_argument("--items", type=int, default=3, help="most items per request")
        parser.add_argument("--offers", type=int, default=500)
        parser.add_argument("--events", type=int, default=2, help="events per State")
        parser.add_argument("--seed", type=int, default=1540)
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        start = time.perf_counter()
        seed, replace = o["seed"], o["replace"]
        if o["versions"]:
            m = matrix_synth.generate(
                states=o["states"], versions=o["versions"], seed=seed, replace=replace
            )
            self.stdout.write(
                f"{m.states} States, {m.matrices} matrices, {m.entries} entries "
                f"({m.skipped} States skipped)"
            )
        if o["tasks"]:
            p = plans_synth.generate(
                states=o["states"],
                tasks=o["tasks"],
                reviews=o["reviews"],
                seed=seed,
                replace=replace,
            )
            self.stdout.write(
                f"{p.plans} plans, {p.tasks} tasks, {p.reviews} reviews, {p.updates} task "
                f"updates ({p.skipped} States skipped)"
            )
        chosen = plans_synth.members(o["states"])
        if o["requests"] or o["offers"]:
            a = assistance_synth.generate(
                states=chosen if o["requests"] else [],
                requests=o["requests"],
                items=o["items"],
                offer_count=o["offers"],
                seed=seed,
                replace=replace,
            )
            self.stdout.write(
                f"{a.requests} requests, {a.items} request items, {a.matches} matches, "
                f"{a.offers} offers ({a.skipped} States skipped)"
            )
        if o["events"]:
            e = events_synth.generate(
                states=chosen, per_state=o["events"], seed=seed, replace=replace
            )
            self.stdout.write(
                f"{e.events} events, {e.participants} participants ({e.skipped} States skipped)"
            )
        self.stdout.write(f"Done in {time.perf_counter() - start:.1f} s")
