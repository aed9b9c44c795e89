"""Fitting the engine's weights on judged items: the fit ranks exactly as the engine does."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from nap1540.assistance.matching import MatchingEngine, RegionResolver, RequestItem, Weights
from nap1540.assistance.matching.tuning import Judgement, evaluate, fit, prepare, ranking

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "nap1540/registry/data"
BENCH = json.loads((ROOT / "bench/matching/requests.json").read_text(encoding="utf-8"))["requests"]
OFFERS = json.loads((ROOT / "nap1540/assistance/data/offers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine() -> MatchingEngine:
    resolver = RegionResolver.from_files(REGISTRY / "states.json", REGISTRY / "groups.json")
    found = MatchingEngine(resolver)
    found.add_offers(OFFERS["offers"])
    return found


def judgements(split: str | None = None) -> list[Judgement]:
    return [
        Judgement(RequestItem.from_dict(d), frozenset(d["acceptable"]))
        for d in BENCH
        if split is None or (d.get("split") or "original") == split
    ]


def test_the_fit_ranks_every_bench_item_exactly_as_the_engine_does(engine: MatchingEngine) -> None:
    tried = Weights(assistance_type=0.3, subject=0.2, region=0.0, text=0.5)
    other = MatchingEngine(engine.resolver, weights=tried)
    other.add_offers(OFFERS["offers"])
    for judgement, scored in zip(judgements(), prepare(engine, judgements()), strict=True):
        for weights, ranker in ((Weights(), engine), (tried, other)):
            expected = [p.offer_id for p in ranker.rank_offers(judgement.request, top=60)]
            got = [scored.features.offer_ids[i] for i in ranking(scored, weights)]
            assert got == expected, judgement.request.id


def test_hit_rates_of_the_default_weights_are_those_of_the_engine(engine: MatchingEngine) -> None:
    items = judgements()
    quality = evaluate(prepare(engine, items), Weights())
    hits = 0
    for judgement in items:
        top = [p.offer_id for p in engine.rank_offers(judgement.request, top=3)]
        hits += any(o in judgement.accepted for o in top)
    assert quality.items == len(items) == len(BENCH)
    assert quality.hit3 == pytest.approx(hits / len(items))


def test_fitting_on_the_dev_items_never_makes_them_worse_and_keeps_weights_valid(
    engine: MatchingEngine,
) -> None:
    train = prepare(engine, judgements("dev") + judgements("original"))
    fitted = fit(train)
    assert evaluate(train, fitted).objective >= evaluate(train, Weights()).objective
    assert all(value >= 0 for value in fitted.to_dict().values())
    assert Weights.from_dict(fitted.to_dict()) == fitted


def test_a_declined_offer_teaches_the_fit_to_rank_it_lower() -> None:
    engine = MatchingEngine()
    engine.add_offers(
        [
            {"id": "words", "provider": "A", "title": "Customs officers in ports and airports",
             "description": "Customs officers, ports, airports, customs officers again.",
             "assistance_types": ["equipment"], "subjects": ["biological"]},
            {"id": "training", "provider": "B", "title": "Course", "description": "",
             "assistance_types": ["training"], "subjects": ["biological"]},
        ]
    )  # fmt: skip
    item = RequestItem(
        id="r", requester="UZB", text="Training for customs officers in ports and airports.",
        assistance_types=("training",), date=date(2025, 1, 1),
    )  # fmt: skip
    start = Weights(assistance_type=0.05, text=0.6)
    assert engine.rank_offers(replace(item), top=1)[0].offer_id == "words"
    scored = prepare(engine, [Judgement(item, frozenset({"training"}), frozenset({"words"}))])
    before = evaluate(scored, start)
    fitted = fit(scored, start)
    after = evaluate(scored, fitted)
    assert before.hit1 == 0.0 and after.hit1 == 1.0
    assert fitted.assistance_type / fitted.text > start.assistance_type / start.text


def test_weights_from_json_refuse_an_unknown_criterion_or_a_negative_value() -> None:
    with pytest.raises(ValueError, match="unknown criterion 'colour'"):
        Weights.from_dict({"colour": 1.0})
    with pytest.raises(ValueError, match="negative"):
        Weights.from_dict({"text": -0.1})
