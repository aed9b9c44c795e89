"""Evaluate the matching engine on the labelled request items in requests.json.

    .venv/bin/python bench/matching/evaluate.py [--per-style] [--misses] [--no-semantic]
                                                [--language fr] [--split held-out]
                                                [--weights FILE] [--tune [--write FILE]]

Prints hit@1, hit@3 and MRR for: the engine on its lexical path, the engine with sentence
embeddings (skipped when the `semantic` extra is not installed), BM25 alone over the same offer
text, and a TF-IDF cosine baseline (hand-written, scikit-learn's default weighting: raw tf,
smoothed idf, l2 norm; no eligibility rules). A hit is an offer in the item's `acceptable` list.
Then the same figures for each engine run by the language the request is written in (and, for
the languages added later, by split: `dev` items were seen while writing the vocabulary,
`held-out` items were written after it was frozen, and `fresh` items (f01-f40) were written
blind, without looking at the engine, after the held-out items had been studied to improve it).

Every engine run is also reported by split. `--tune` fits the weights (matching.tuning) on the
`original` and `dev` items only and reports the default and the fitted weights on each split:
the held-out and fresh lines are the real gain (fresh is the one nobody has studied).
`--weights FILE` runs the engine with weights from a JSON file (as written by
`--tune --write FILE` or `manage.py fit_matching_weights`).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nap1540.assistance.matching import (  # noqa: E402
    MatchingEngine,
    Offer,
    RegionResolver,
    RequestItem,
    Weights,
    tuning,
)
from nap1540.assistance.matching.bm25 import IncrementalBM25  # noqa: E402
from nap1540.assistance.matching.text import tokens  # noqa: E402

HERE = Path(__file__).resolve().parent
OFFERS = ROOT / "nap1540/assistance/data/offers.json"
REGISTRY = ROOT / "nap1540/registry/data"

Ranker = Callable[[RequestItem], list[str]]

_BASELINE_STOPWORDS = """
    a an and are as at be by for from has have in into is it its of on or that the their this
    to was were will with which who
"""
_BASELINE_STOP = frozenset(_BASELINE_STOPWORDS.split())


LANGUAGE_ORDER = ("en", "fr", "es", "ar", "zh", "ru")
SPLITS = ("original", "dev", "held-out", "fresh")
TUNING_SPLITS = ("original", "dev")  # what --tune may fit on; never the held-out or fresh items


def language_of(data: dict[str, Any]) -> str:
    """The language an item is written in (the first 59 items predate the field)."""
    return str(data.get("language") or ("ru" if data.get("style") == "russian" else "en"))


def split_of(data: dict[str, Any]) -> str:
    """`dev`, `held-out`, `fresh`, or `original` for the first 59 items (English and Russian)."""
    return str(data.get("split") or "original")


def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    offers = json.loads(OFFERS.read_text(encoding="utf-8"))["offers"]
    data = json.loads((HERE / "requests.json").read_text(encoding="utf-8"))["requests"]
    return offers, data


def tfidf_ranker(offers: Sequence[dict[str, Any]]) -> Ranker:
    def words(text: str) -> list[str]:
        return [w for w in re.findall(r"\w\w+", text.lower()) if w not in _BASELINE_STOP]

    docs = [Counter(words(f"{o['title']}. {o['description']}")) for o in offers]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}

    def vector(counts: Counter[str]) -> dict[str, float]:
        v = {t: c * idf[t] for t, c in counts.items() if t in idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    vectors = [vector(d) for d in docs]

    def rank(item: RequestItem) -> list[str]:
        q = vector(Counter(words(item.text)))
        sims = [sum(w * v.get(t, 0.0) for t, w in q.items()) for v in vectors]
        order = sorted(range(n), key=lambda i: -sims[i])
        return [offers[i]["id"] for i in order]

    return rank


def bm25_ranker(offers: Sequence[dict[str, Any]]) -> Ranker:
    index = IncrementalBM25()
    for o in offers:
        index.add(tokens(f"{o['title']}. {o['description']}"))

    def rank(item: RequestItem) -> list[str]:
        scores = index.scores(dict.fromkeys(tokens(item.text)))
        order = sorted(range(len(offers)), key=lambda i: -scores[i])
        return [offers[i]["id"] for i in order]

    return rank


def engine_ranker(engine: MatchingEngine) -> Ranker:
    def rank(item: RequestItem) -> list[str]:
        return [p.offer_id for p in engine.rank_offers(item, top=len(engine))]

    return rank


def metrics(
    ranker: Ranker, items: Sequence[RequestItem], labels: dict[str, set[str]]
) -> tuple[float, float, float, dict[str, list[str]]]:
    hit1 = hit3 = rr = 0.0
    rankings: dict[str, list[str]] = {}
    for item in items:
        ranked = ranker(item)
        rankings[item.id] = ranked
        good = labels[item.id]
        hit1 += bool(ranked[:1] and ranked[0] in good)
        hit3 += any(o in good for o in ranked[:3])
        rr += next((1.0 / (i + 1) for i, o in enumerate(ranked) if o in good), 0.0)
    n = len(items)
    return hit1 / n, hit3 / n, rr / n, rankings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-style", action="store_true", help="hit@3 by request style")
    parser.add_argument("--misses", action="store_true", help="print items with no hit in top 3")
    parser.add_argument("--no-semantic", action="store_true", help="skip the embedding run")
    parser.add_argument("--language", choices=LANGUAGE_ORDER, help="only items in this language")
    parser.add_argument("--split", choices=SPLITS, help="only this split")
    parser.add_argument("--weights", type=Path, help="engine weights from this JSON file")
    parser.add_argument(
        "--tune", action="store_true", help="fit the weights on original+dev, report both"
    )
    parser.add_argument("--write", type=Path, help="with --tune: save the fitted weights here")
    args = parser.parse_args(argv)
    weights = (
        Weights.from_dict(json.loads(args.weights.read_text(encoding="utf-8")))
        if args.weights
        else Weights()
    )

    offers, data = load()
    if args.language:
        data = [d for d in data if language_of(d) == args.language]
    if args.split:
        data = [d for d in data if split_of(d) == args.split]
    items = [RequestItem.from_dict(d) for d in data]
    labels = {d["id"]: set(d["acceptable"]) for d in data}
    styles = {d["id"]: d.get("style", "") for d in data}
    groups: dict[tuple[str, str], list[RequestItem]] = defaultdict(list)
    for d, item in zip(data, items, strict=True):
        groups[(language_of(d), "all")].append(item)
        groups[(language_of(d), split_of(d))].append(item)
    for lang, split in list(groups):  # a language with one split needs no split rows
        if split != "all" and len(groups[(lang, split)]) == len(groups[(lang, "all")]):
            del groups[(lang, split)]
    resolver = RegionResolver.from_files(REGISTRY / "states.json", REGISTRY / "groups.json")
    print(f"{len(items)} labelled request items, {len(offers)} seeded offers")
    print(f"{'method':<34} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")

    runs: list[tuple[str, Ranker]] = []
    lexical = MatchingEngine(resolver, weights=weights)
    lexical.add_offers(Offer.from_dict(o) for o in offers)
    runs.append(("engine, lexical (BM25 + facets)", engine_ranker(lexical)))
    engines: list[tuple[str, MatchingEngine]] = [("lexical", lexical)]
    if not args.no_semantic:
        started = time.perf_counter()
        semantic = MatchingEngine(resolver, semantic=True, weights=weights)
        if semantic.embedder is None:
            print(f"{'engine, with embeddings':<34} skipped: {semantic.semantic_status.note}")
        else:
            semantic.add_offers(Offer.from_dict(o) for o in offers)
            load_s = time.perf_counter() - started
            runs.append((f"engine, with embeddings (load {load_s:.1f}s)", engine_ranker(semantic)))
            engines.append(("embeddings", semantic))
    runs.append(("BM25 alone (same tokens)", bm25_ranker(offers)))
    runs.append(("baseline: TF-IDF cosine", tfidf_ranker(offers)))

    all_rankings: dict[str, dict[str, list[str]]] = {}
    for name, ranker in runs:
        h1, h3, mrr, rankings = metrics(ranker, items, labels)
        all_rankings[name] = rankings
        print(f"{name:<34} {h1:>6.3f} {h3:>6.3f} {mrr:>6.3f}")
        if args.per_style:
            by_style: dict[str, list[bool]] = defaultdict(list)
            for item in items:
                by_style[styles[item.id]].append(
                    any(o in labels[item.id] for o in rankings[item.id][:3])
                )
            summary = ", ".join(f"{s} {sum(v)}/{len(v)}" for s, v in sorted(by_style.items()))
            print(f"    hit@3 by style: {summary}")
        if args.misses:
            for item in items:
                if not any(o in labels[item.id] for o in rankings[item.id][:3]):
                    print(f"    miss {item.id}: {item.text[:70]!r} -> {rankings[item.id][:3]}")
    splits_of = {d["id"]: split_of(d) for d in data}
    for name, _ranker in runs[: len(runs) - 2]:  # the engine runs, not the ablation/baseline
        print(f"\n{name}, by split")
        print(f"{'split':<10} {'items':>5} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
        for split in SPLITS:
            group = [item for item in items if splits_of[item.id] == split]
            if group:
                ranked = all_rankings[name]
                h1, h3, mrr, _ = metrics(lambda item, r=ranked: r[item.id], group, labels)
                print(f"{split:<10} {len(group):>5} {h1:>6.3f} {h3:>6.3f} {mrr:>6.3f}")
    for name, _ranker in runs[: len(runs) - 2]:
        print(f"\n{name}, by language of the request")
        print(f"{'language':<10} {'split':<9} {'items':>5} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
        ranked = all_rankings[name]
        order = {code: i for i, code in enumerate(LANGUAGE_ORDER)}
        splits = {"all": 0, "original": 1, "dev": 2, "held-out": 3, "fresh": 4}
        for (lang, split), group in sorted(
            groups.items(), key=lambda kv: (order.get(kv[0][0], 99), splits[kv[0][1]])
        ):
            h1, h3, mrr, _ = metrics(lambda item, r=ranked: r[item.id], group, labels)
            print(f"{lang:<10} {split:<9} {len(group):>5} {h1:>6.3f} {h3:>6.3f} {mrr:>6.3f}")
    if args.tune:
        tune(engines, items, labels, splits_of, weights, args.write)
    print(f"(request dates as labelled; today is {date.today().isoformat()})")
    return 0


def tune(
    engines: Sequence[tuple[str, MatchingEngine]],
    items: Sequence[RequestItem],
    labels: dict[str, set[str]],
    splits_of: dict[str, str],
    start: Weights,
    write: Path | None,
) -> None:
    """Fit the weights on the tuning splits; report default and fitted weights on each split."""
    for name, engine in engines:
        judged = {
            item.id: tuning.prepare(engine, [tuning.Judgement(item, frozenset(labels[item.id]))])[0]
            for item in items
        }
        train = [judged[i.id] for i in items if splits_of[i.id] in TUNING_SPLITS]
        if not train:
            print(f"\n{name}: no original or dev item to tune on")
            continue
        started = time.perf_counter()
        fitted = tuning.fit(train, start)
        took = time.perf_counter() - started
        print(f"\nweights fitted on {len(train)} original+dev items ({name}, {took:.1f}s)")
        print(f"  start  {json.dumps(start.to_dict())}")
        print(f"  fitted {json.dumps(fitted.to_dict())}")
        print(f"{'split':<10} {'items':>5} {'weights':<8} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}")
        for split in (*SPLITS, "all"):
            group = [judged[i.id] for i in items if split in ("all", splits_of[i.id])]
            if not group:
                continue
            for label, w in (("start", start), ("fitted", fitted)):
                q = tuning.evaluate(group, w)
                print(
                    f"{split:<10} {q.items:>5} {label:<8} {q.hit1:>6.3f} {q.hit3:>6.3f} "
                    f"{q.mrr:>6.3f}"
                )
        if write is not None:
            path = write if len(engines) == 1 else write.with_stem(f"{write.stem}-{name}")
            path.write_text(json.dumps(fitted.to_dict(), indent=2) + "\n", encoding="utf-8")
            print(f"  written to {path}")


if __name__ == "__main__":
    raise SystemExit(main())
