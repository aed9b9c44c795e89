"""Synthetic assistance for benchmarks: offers, requests with their items, steps and matches.

Everything is flagged `is_demo` (shown with a "Demo data" badge) and written with bulk
inserts; the shape matches what the workflow produces: each request sits at one step of the
Committee's procedure with the dates and `Transition` rows of every step it passed, a draft
is private, a posted summary only with consent, and matched requests have a confirmed
proposal turned into a `Match`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from nap1540.assistance import classifications, vocabulary
from nap1540.assistance.models import (
    Channel,
    Match,
    Offer,
    Proposal,
    Request,
    RequestItem,
    Transition,
)
from nap1540.core.visibility import Visibility
from nap1540.registry.models import Organisation, State

S = Request.Status
E = Transition.Event
OFFER_PREFIX = "synth-offer-"
# The procedure in order: the status, the date field it sets, the transition it records.
STEPS: tuple[tuple[str, str, str], ...] = (
    (S.RECEIVED, "received_on", E.SUBMITTED),
    (S.AUTHENTICATED, "authenticated_on", E.AUTHENTICATED),
    (S.ACKNOWLEDGED, "acknowledged_on", E.ACKNOWLEDGED),
    (S.DISTRIBUTED, "distributed_on", E.DISTRIBUTED),
    (S.SUMMARY_POSTED, "summary_posted_on", E.SUMMARY_POSTED),
    (S.MATCHED, "matched_on", E.MATCHED),
    (S.IN_DELIVERY, "delivery_started_on", E.DELIVERY_STARTED),
    (S.COMPLETED, "completed_on", E.COMPLETED),
)
# How far requests get: most wait after distribution, as on the Committee's pages.
REACH = (
    (S.DRAFT, 0.08),
    (S.RECEIVED, 0.08),
    (S.ACKNOWLEDGED, 0.12),
    (S.DISTRIBUTED, 0.32),
    (S.SUMMARY_POSTED, 0.24),
    (S.MATCHED, 0.06),
    (S.IN_DELIVERY, 0.04),
    (S.COMPLETED, 0.03),
    (S.CLOSED, 0.03),
)
TYPES = tuple(vocabulary.ASSISTANCE_TYPES)
SUBJECTS = tuple(vocabulary.SUBJECTS)
LANGUAGES = ("en", "en", "en", "fr", "es", "ru", "ar", "zh")
WEAPONS = tuple(vocabulary.WEAPON_CATEGORIES)
REGIONS = ("Global", "Africa", "Asia-Pacific", "Latin America and the Caribbean", "Europe")


@dataclass
class AssistanceReport:
    offers: int = 0
    requests: int = 0
    items: int = 0
    matches: int = 0
    skipped: int = 0


def _need(rng: random.Random) -> dict[str, list[str]]:
    subjects = rng.sample(SUBJECTS, rng.randint(1, 3))
    return {
        "subjects": subjects,
        "assistance_types": rng.sample(TYPES, rng.randint(1, 2)),
        "weapon_categories": rng.sample(WEAPONS, rng.randint(0, 2)),
        "section_codes": rng.sample(vocabulary.SECTIONS, rng.randint(1, 2)),
        "languages": [rng.choice(LANGUAGES)],
    }


def _text(need: dict[str, list[str]]) -> str:
    kinds = " and ".join(t.replace("_", " ") for t in need["assistance_types"])
    about = ", ".join(s.replace("_", " ") for s in need["subjects"])
    return f"Assistance with {kinds} on {about}, for the agencies concerned."


def offers(*, count: int, seed: int = 1540, replace: bool = False) -> int:
    """`count` public offers (code `synth-offer-N`) from provider organisations and States."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    if replace:
        # An offer matched with a request the replace keeps stays (a match protects it).
        Offer.objects.filter(
            code__startswith=OFFER_PREFIX, is_demo=True, matches__isnull=True
        ).delete()
    have = set(Offer.objects.filter(code__startswith=OFFER_PREFIX).values_list("code", flat=True))
    providers = list(Organisation.objects.filter(is_provider=True).values_list("pk", flat=True))
    providers = providers or list(Organisation.objects.values_list("pk", flat=True))
    donors = list(
        State.objects.filter(un_status=State.UNStatus.MEMBER)
        .order_by("name")
        .values_list("pk", flat=True)[:40]
    )
    rows = []
    for n in range(1, count + 1):
        need = _need(rng)
        code = f"{OFFER_PREFIX}{n}"
        by_state = not providers or (donors and rng.random() < 0.3)
        if code in have:
            continue
        rows.append(
            Offer(
                code=code,
                provider_state_id=rng.choice(donors) if by_state else None,
                provider_organisation_id=None if by_state else rng.choice(providers),
                title=f"Programme {n}: {_text(need)[16:70]}",
                description=_text(need),
                assistance_types=need["assistance_types"],
                subjects=need["subjects"],
                regions=[rng.choice(REGIONS)],
                languages=sorted({"en", *need["languages"]}),
                active_from=date(2020, 1, 1),
                active_to=None if rng.random() < 0.8 else date(2030, 12, 31),
                is_demo=True,
            )
        )
    return len(Offer.objects.bulk_create(rows, batch_size=1000))


def _reach(rng: random.Random) -> str:
    roll = rng.random()
    for status, share in REACH:
        roll -= share
        if roll < 0:
            return status
    return S.DISTRIBUTED


@transaction.atomic
def generate(
    *,
    states: list[State],
    requests: int = 10,
    items: int = 3,
    offer_count: int = 500,
    seed: int = 1540,
    replace: bool = False,
) -> AssistanceReport:
    """`requests` requests of 1 to `items` items per State, and `offer_count` offers."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    report = AssistanceReport()
    if replace:
        Request.objects.filter(state__in=states, is_demo=True).delete()
    report.offers = offers(count=offer_count, seed=seed, replace=replace)
    taken = set(
        Request.objects.filter(state__in=states).values_list("state_id", flat=True).distinct()
    )
    todo = [s for s in states if s.pk not in taken]
    report.skipped = len(states) - len(todo)
    offer_ids = list(Offer.objects.filter(is_withdrawn=False).values_list("pk", flat=True))
    rows: list[tuple[Request, str]] = []
    for state in todo:
        for n in range(1, requests + 1):
            reach = _reach(rng)
            day = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 4 * 365))
            at = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
            request = Request(
                state=state,
                title=f"Request {n} of {state.name}",
                date=day,
                channel=rng.choice(Channel.values),
                contact_name=f"Focal point of {state.name}",
                status=reach,
                visibility=Visibility.PRIVATE if reach == S.DRAFT else Visibility.COMMITTEE,
                consent_to_publish=reach != S.DRAFT and rng.random() < 0.6,
                is_demo=True,
                created_at=at,
                updated_at=at,
            )
            rows.append((request, reach))
    transitions: list[Transition] = []
    for request, reach in rows:
        if reach == S.SUMMARY_POSTED:
            request.consent_to_publish = True
        _walk(request, reach, rng)
    made = Request.objects.bulk_create([r for r, _ in rows], batch_size=1000)
    report.requests = len(made)
    item_rows: list[RequestItem] = []
    for request in made:
        for number in range(1, rng.randint(1, max(1, items)) + 1):
            need = _need(rng)
            item_rows.append(RequestItem(request=request, number=number, text=_text(need), **need))
        transitions += _transitions(request)
    made_items = RequestItem.objects.bulk_create(item_rows, batch_size=1000)
    report.items = len(made_items)
    Transition.objects.bulk_create(transitions, batch_size=2000)
    report.matches = _matches(made_items, offer_ids, rng)
    # Stored as the services store them, so the gaps page counts the new needs at once.
    classifications.reclassify()
    return report


def _walk(request: Request, reach: str, rng: random.Random) -> None:
    """Set the dates of every step up to `reach` (a closed request stopped somewhere first)."""
    if reach == S.DRAFT:
        return
    stop = rng.choice([S.RECEIVED, S.ACKNOWLEDGED, S.DISTRIBUTED]) if reach == S.CLOSED else reach
    day = request.date
    for status, field, _event in STEPS:
        if status == S.SUMMARY_POSTED and not request.consent_to_publish:
            continue
        day += timedelta(days=rng.randint(2, 20))
        setattr(request, field, day)
        if status == S.RECEIVED:
            request.follow_up_due = request.date + timedelta(days=365)
        if status == S.ACKNOWLEDGED:
            request.distribution_deadline = day + timedelta(days=7)
        if status == S.DISTRIBUTED and request.consent_to_publish:
            request.posting_deadline = day + timedelta(days=7)
        if status == stop:
            break
    if reach == S.CLOSED:
        request.closed_on = day + timedelta(days=rng.randint(5, 60))
    if request.summary_posted_on is not None:
        request.public_summary = f"{request.title}: assistance with implementing resolution 1540."


def _transitions(request: Request) -> list[Transition]:
    rows = [
        Transition(
            request=request,
            event=E.CREATED,
            to_status=S.DRAFT,
            at=datetime.combine(request.date, datetime.min.time(), tzinfo=UTC),
        )
    ]
    before: str = S.DRAFT
    for status, field, event in STEPS:
        day = getattr(request, field)
        if day is None:
            continue
        rows.append(
            Transition(
                request=request,
                event=event,
                from_status=before,
                to_status=status,
                at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            )
        )
        before = status
    if request.closed_on is not None:
        rows.append(
            Transition(
                request=request,
                event=E.CLOSED,
                from_status=before,
                to_status=S.CLOSED,
                note="Met elsewhere.",
                at=datetime.combine(request.closed_on, datetime.min.time(), tzinfo=UTC),
            )
        )
    return rows


def _matches(items: list[RequestItem], offer_ids: list[int], rng: random.Random) -> int:
    """A confirmed proposal and its match for the first item of every matched request."""
    matched = {S.MATCHED, S.IN_DELIVERY, S.COMPLETED}
    chosen = [i for i in items if i.number == 1 and i.request.status in matched]
    if not offer_ids or not chosen:
        return 0
    proposals = Proposal.objects.bulk_create(
        (
            Proposal(
                item=item,
                offer_id=rng.choice(offer_ids),
                rank=1,
                score=round(rng.uniform(0.5, 0.95), 3),
                reasons=[
                    {
                        "criterion": "subject",
                        "code": "subject_covered",
                        "params": {"subjects": item.subjects[:2], "inferred": False},
                        "points": 0.5,
                    }
                ],
                status=Proposal.Status.CONFIRMED,
                decided_at=datetime.combine(
                    item.request.matched_on or item.request.date,
                    datetime.min.time(),
                    tzinfo=UTC,
                ),
            )
            for item in chosen
        ),
        batch_size=1000,
    )
    status: dict[str, str] = {
        S.MATCHED: Match.Status.CONFIRMED,
        S.IN_DELIVERY: Match.Status.IN_DELIVERY,
        S.COMPLETED: Match.Status.DELIVERED,
    }
    Match.objects.bulk_create(
        (
            Match(
                item=p.item,
                offer_id=p.offer_id,
                proposal=p,
                status=status[p.item.request.status],
                confirmed_on=p.item.request.matched_on or p.item.request.date,
                delivery_started_on=p.item.request.delivery_started_on,
                delivered_on=p.item.request.completed_on,
                is_demo=True,
            )
            for p in proposals
        ),
        batch_size=1000,
    )
    return len(proposals)
