"""Experts' decisions on proposals as training signal for the matching engine's weights.

A confirmed proposal says the offer fits the item; a proposal declined because of its subject,
kind of help, region, language or period says it does not. A decline because the provider
cannot provide it now, or for another reason, says nothing about the fit and is left out, as
are the demo's requests. The fit itself is `matching.tuning` (pure, no Django).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from nap1540.assistance.matching import RequestItem as EngineItem
from nap1540.assistance.matching import Weights
from nap1540.assistance.matching.tuning import Judgement
from nap1540.assistance.matching_adapter import engine_item
from nap1540.assistance.models import Offer, Proposal

R = Proposal.DeclineReason
# Declines that say the offer does not fit the need (the others are not about the ranking).
ABOUT_THE_FIT = frozenset({R.SUBJECT, R.KIND, R.REGION, R.LANGUAGE, R.PERIOD})


def judgements_from_decisions() -> list[Judgement]:
    """One judgement per request item on which an expert confirmed or declined a proposal."""
    rows = (
        Proposal.objects.exclude(status=Proposal.Status.PROPOSED)
        .filter(item__request__is_demo=False)
        .select_related("item__request")
        .order_by("item_id", "id")
    )
    accepted: dict[int, set[str]] = defaultdict(set)
    declined: dict[int, set[str]] = defaultdict(set)
    items: dict[int, Any] = {}
    days: dict[int, date] = {}
    for proposal in rows:
        if proposal.status == Proposal.Status.CONFIRMED:
            accepted[proposal.item_id].add(str(proposal.offer_id))
        elif proposal.decline_reason in ABOUT_THE_FIT:
            declined[proposal.item_id].add(str(proposal.offer_id))
        else:
            continue
        items[proposal.item_id] = proposal.item
        if proposal.decided_at is not None:
            # Judged on the day of the decision: offers open then, not today.
            days[proposal.item_id] = proposal.decided_at.date()
    return [
        Judgement(
            replace(engine_item(item), date=days.get(pk)),
            frozenset(accepted.get(pk, ())),
            frozenset(declined.get(pk, ())),
        )
        for pk, item in items.items()
    ]


def judgements_from_bench(
    path: Path, *, splits: Iterable[str]
) -> tuple[list[Judgement], list[str]]:
    """Labelled bench items of the given splits, their offers named by this site's offer ids.

    The bench names offers by code (offers.json); an item whose acceptable offers are not
    loaded here is left out and its id returned."""
    wanted = set(splits)
    by_code = {code: str(pk) for pk, code in Offer.objects.values_list("pk", "code") if code}
    out: list[Judgement] = []
    skipped: list[str] = []
    for data in json.loads(path.read_text(encoding="utf-8"))["requests"]:
        if str(data.get("split") or "original") not in wanted:
            continue
        accepted = frozenset(by_code[c] for c in data["acceptable"] if c in by_code)
        if not accepted:
            skipped.append(str(data["id"]))
            continue
        out.append(Judgement(EngineItem.from_dict(data), accepted))
    return out, skipped


def read_weights(path: Path) -> Weights:
    """Weights from a JSON file such as `fit-matching-weights --write` saves."""
    data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return Weights.from_dict(data)
