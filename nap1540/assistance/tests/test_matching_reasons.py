"""The engine's reasons are structured (a code and plain values) and quote only domain terms."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from nap1540.assistance.matching import MatchingEngine, Proposal, RegionResolver, RequestItem
from nap1540.assistance.matching.models import REASON_CODES
from nap1540.assistance.matching.stopwords import STOPWORDS
from nap1540.assistance.matching.vocab import TERMS

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "nap1540/registry/data"
BENCH = json.loads((ROOT / "bench/matching/requests.json").read_text(encoding="utf-8"))["requests"]
OFFERS = json.loads((ROOT / "nap1540/assistance/data/offers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bench_proposals() -> list[tuple[RequestItem, list[Proposal]]]:
    resolver = RegionResolver.from_files(REGISTRY / "states.json", REGISTRY / "groups.json")
    engine = MatchingEngine(resolver)
    engine.add_offers(OFFERS["offers"])
    items = [RequestItem.from_dict(data) for data in BENCH]
    found = []
    for item in items:
        ranked = engine.rank_offers(item, top=5, today=date(2025, 6, 1))
        # The pairs an expert might add by hand are explained too, exclusions included.
        assessed = [engine.assess(item, o["id"]) for o in OFFERS["offers"][:12]]
        found.append((item, [*ranked, *assessed]))
    return found


def test_no_reason_over_the_bench_quotes_a_stop_word_or_a_number(
    bench_proposals: list[tuple[RequestItem, list[Proposal]]],
) -> None:
    quoted_somewhere = 0
    for item, proposals in bench_proposals:
        for proposal in proposals:
            for reason in (*proposal.reasons, *proposal.exclusions):
                for term in [*reason.params.get("terms", ())]:
                    quoted_somewhere += 1
                    assert not re.search(r"\d", term), (item.id, term)
                    assert term.lower() not in STOPWORDS, (item.id, term)
                    # Each quoted term is words of the request itself, not a stem.
                    assert term.lower() in item.text.lower(), (item.id, term)
                if reason.code == "text_terms":
                    assert set(reason.params["slugs"]) <= set(TERMS), (item.id, reason)
                    assert not re.search(r"'\d+'", reason.text), (item.id, reason.text)
    assert quoted_somewhere > 500  # the bench does quote terms: the check above ran


def test_every_reason_has_a_known_code_with_exactly_its_parameters(
    bench_proposals: list[tuple[RequestItem, list[Proposal]]],
) -> None:
    seen = set()
    for _item, proposals in bench_proposals:
        for proposal in proposals:
            for reason in (*proposal.reasons, *proposal.exclusions):
                assert reason.code in REASON_CODES, reason
                assert set(reason.params) == set(REASON_CODES[reason.code]), reason
                json.dumps(reason.to_dict())  # plain data, storable as JSON
                seen.add(reason.code)
    assert {"type_offered", "subject_covered", "region_serves", "text_terms"} <= seen


def test_the_shared_words_of_a_request_with_a_year_and_stop_words_are_its_domain_terms() -> None:
    engine = MatchingEngine()
    engine.add_offer(
        {
            "id": "o",
            "provider": "WCO",
            "title": "Customs training on dual-use goods",
            "description": "Use of the 2018 control lists by customs officers for export control.",
        }
    )
    item = RequestItem(
        id="r", requester="UZB", text="Use of the 2018 lists: customs training on export control."
    )
    (proposal,) = engine.rank_offers(item, top=1)

    (shared,) = [r for r in proposal.reasons if r.criterion == "text"]
    assert shared.code == "text_terms"
    assert set(shared.params["terms"]) <= {"customs", "training", "export control"}
    assert "export control" in shared.params["terms"]
    assert "'use'" not in shared.text and "2018" not in shared.text and "'the'" not in shared.text
