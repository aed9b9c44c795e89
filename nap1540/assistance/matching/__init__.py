"""Assistance matching engine: pure Python (no Django), plain data in and out.

Typical use (the Django app builds the engine once per process and keeps it updated):

    resolver = RegionResolver(states_json, groups_json)
    engine = MatchingEngine(resolver, semantic=False)
    engine.add_offers(offer_dicts)            # or Offer objects; add_offer/remove_offer later
    proposals = engine.rank_offers(RequestItem(id="r1", requester="UZB", text="..."), top=5)
    for p in proposals:
        p.offer_id, p.score, p.explanation, [r.to_dict() for r in p.reasons]
"""

from .classify import Classification, Hit, classify
from .engine import IndexedOffer, MatchingEngine
from .models import Offer, Proposal, Reason, RequestItem, Weights, offers_from_dicts
from .regions import Area, Coverage, RegionResolver
from .semantic import Embedder, SemanticStatus, load_embedder
from .vocab import ASSISTANCE_TYPES, LANGUAGES, SUBJECTS, TERMS, Term

__all__ = [
    "ASSISTANCE_TYPES",
    "LANGUAGES",
    "SUBJECTS",
    "TERMS",
    "Area",
    "Classification",
    "Coverage",
    "Embedder",
    "Hit",
    "IndexedOffer",
    "MatchingEngine",
    "Offer",
    "Proposal",
    "Reason",
    "RegionResolver",
    "RequestItem",
    "SemanticStatus",
    "Term",
    "Weights",
    "classify",
    "load_embedder",
    "offers_from_dicts",
]
