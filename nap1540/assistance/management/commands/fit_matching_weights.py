"""`nap1540 fit-matching-weights`: fit the engine's weights on experts' decisions.

    nap1540 fit-matching-weights                   # on the confirmed and declined proposals
    nap1540 fit-matching-weights --with-bench      # plus the bench's original and dev items
    nap1540 fit-matching-weights --write weights.json   # then MATCHING_WEIGHTS_FILE=weights.json

It prints the quality before and after on what it was fitted on, and on the bench's held-out
items (never fitted on) when their offers are loaded: that line is the real gain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nap1540.assistance.matching import tuning as fitting
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.tuning import judgements_from_bench, judgements_from_decisions

BENCH = Path(settings.BASE_DIR) / "bench/matching/requests.json"


class Command(BaseCommand):
    help = "Fit the matching engine's criterion weights on experts' confirmations and declines."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--with-bench", action="store_true", help="also fit on the bench's original+dev items"
        )
        parser.add_argument("--bench", default=str(BENCH), help="the bench's requests.json")
        parser.add_argument("--write", help="save the fitted weights to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        engine = offer_index.engine()
        judged = judgements_from_decisions()
        self.stdout.write(f"decisions: {len(judged)} request items judged by experts")
        bench = Path(options["bench"])
        held_out: list[fitting.Judgement] = []
        if bench.exists():
            held_out, _skipped = judgements_from_bench(bench, splits=["held-out"])
            if options["with_bench"]:
                dev, skipped = judgements_from_bench(bench, splits=["original", "dev"])
                judged += dev
                self.stdout.write(
                    f"bench: {len(dev)} original+dev items ({len(skipped)} without their offers)"
                )
        train = fitting.prepare(engine, judged)
        if not train:
            raise CommandError(
                "Nothing to fit on: no confirmed or declined proposal (declined for its "
                "subject, kind of help, region, language or period). Try --with-bench."
            )
        start = engine.weights
        fitted = fitting.fit(train, start)
        self.stdout.write(f"start  {json.dumps(start.to_dict())}")
        self.stdout.write(f"fitted {json.dumps(fitted.to_dict())}")
        rows = [("fitted on", train), ("bench held-out", fitting.prepare(engine, held_out))]
        for name, items in rows:
            if not items:
                continue
            for label, weights in (("start", start), ("fitted", fitted)):
                q = fitting.evaluate(items, weights)
                self.stdout.write(
                    f"{name:<15} {q.items:>4} items {label:<6} hit@1 {q.hit1:.3f} "
                    f"hit@3 {q.hit3:.3f} MRR {q.mrr:.3f} declined in top 3 "
                    f"{q.declined_in_top3:.2f}"
                )
        if options["write"]:
            path = Path(options["write"])
            path.write_text(json.dumps(fitted.to_dict(), indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"written to {path}; set MATCHING_WEIGHTS_FILE={path} to use them")
