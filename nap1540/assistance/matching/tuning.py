"""Fitting the engine's criterion weights on judged request items (NumPy, no Django).

A judgement names the offers that fit one request item (an expert confirmed them, or the bench
labels them as acceptable) and those an expert declined. The engine scores every offer on each
criterion once (`MatchingEngine.features`); the fit then only re-weights those rows, so trying a
set of weights costs a few array operations per item, not a ranking.

The fit is a coordinate search: each weight in turn takes the value on a grid that most improves
the objective, pass after pass, until no weight moves. The objective is the mean reciprocal
rank of the first offer that fits, minus a third for every declined offer left in the top three.
Ties keep the current value, so a weight moves only for a real gain. Measure a fit on items it
was not fitted on: `evaluate` on a held-out part (bench/matching/evaluate.py --tune does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from .engine import Features, MatchingEngine
from .models import WEIGHTED, Criterion, RequestItem, Weights

GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(13))  # 0 to 0.6
DECLINED_COST = 1 / 3


@dataclass(frozen=True)
class Judgement:
    """What experts said about the offers for one request item."""

    request: RequestItem
    accepted: frozenset[str]
    declined: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Scored:
    """A judgement with the engine's unweighted criterion scores for every offer."""

    features: Features
    accepted: npt.NDArray[np.bool_]
    declined: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Quality:
    """How well a set of weights ranks judged items."""

    items: int
    hit1: float
    hit3: float
    mrr: float
    declined_in_top3: float  # declined offers in the top three, per item

    @property
    def objective(self) -> float:
        return self.mrr - DECLINED_COST * self.declined_in_top3


def prepare(
    engine: MatchingEngine, judgements: Iterable[Judgement], *, today: date | None = None
) -> list[Scored]:
    """Score each judged item once; judgements on offers no longer indexed are ignored."""
    out = []
    for judgement in judgements:
        features = engine.features(judgement.request, today=today)
        ids = np.array(features.offer_ids, dtype=object)
        accepted = np.isin(ids, list(judgement.accepted))
        declined = np.isin(ids, list(judgement.declined))
        if accepted.any() or declined.any():
            out.append(Scored(features, accepted, declined))
    return out


def ranking(scored: Scored, weights: Weights) -> npt.NDArray[np.intp]:
    """The eligible offers best first, exactly as `MatchingEngine.rank_offers` orders them."""
    parts = scored.features.parts
    n = len(scored.features.offer_ids)
    total = np.zeros(n)
    for criterion, values in parts.items():
        total += weights.of(criterion) * values
    total /= sum(weights.of(c) for c in parts) or 1.0
    candidates = np.flatnonzero(scored.features.eligible)
    order: npt.NDArray[np.intp] = candidates[np.argsort(-total[candidates], kind="stable")]
    return order


def evaluate(items: Sequence[Scored], weights: Weights) -> Quality:
    """hit@1, hit@3, MRR of the accepted offers and declined offers in the top three."""
    hit1 = hit3 = rr = declined = 0.0
    for scored in items:
        order = ranking(scored, weights)
        good = scored.accepted[order]
        first = int(np.argmax(good)) if good.any() else None
        hit1 += first == 0
        hit3 += first is not None and first < 3
        rr += 0.0 if first is None else 1.0 / (first + 1)
        declined += float(scored.declined[order[:3]].sum())
    n = max(len(items), 1)
    return Quality(len(items), hit1 / n, hit3 / n, rr / n, declined / n)


def fit(
    items: Sequence[Scored],
    start: Weights | None = None,
    *,
    grid: Sequence[float] = GRID,
    passes: int = 6,
) -> Weights:
    """Weights that rank the judged items better (coordinate search from `start`)."""
    weights = start or Weights()
    present: set[Criterion] = set()
    for scored in items:
        present.update(scored.features.parts)
    tunable = [c for c in WEIGHTED if c in present]
    best = evaluate(items, weights).objective
    for _ in range(passes):
        moved = False
        for criterion in tunable:
            for value in grid:
                if value == weights.of(criterion):
                    continue
                trial = replace(weights, **{criterion: value})
                if not any(trial.of(c) for c in tunable):
                    continue
                score = evaluate(items, trial).objective
                if score > best + 1e-9:
                    weights, best, moved = trial, score, True
        if not moved:
            break
    return weights
