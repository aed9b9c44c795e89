"""Assistance demo: the seeded offers; Uzbekistan's requests from its plan tasks; a CARICOM one.

The requests sit at different steps of the procedure (in delivery with feedback, acknowledged
inside its objection window, a draft), so every page has something to show. Two more give the
demo provider (OSCE) its work, dated from the day the demo loads: a request distributed to it
with its offer proposed and not yet decided, and a match it delivered that still awaits both
sides' feedback. Running it twice changes nothing: requests are found by title.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nap1540.accounts.models import User
from nap1540.assistance import workflow
from nap1540.assistance.fromplans import chain_in_request
from nap1540.assistance.models import Offer, Proposal, Request, RequestItem, Transition
from nap1540.assistance.services.distribution import choose_providers
from nap1540.assistance.services.matches import give_feedback, mark_delivered, start_delivery
from nap1540.assistance.services.offers import load_offers
from nap1540.assistance.services.proposals import (
    confirm_proposal,
    decline_proposal,
    propose_offer,
    refresh_proposals,
)
from nap1540.assistance.services.requests import add_item, create_request, item_from_task
from nap1540.assistance.workdays import add_working_days
from nap1540.registry.models import Group, Organisation, State

E = Transition.Event

# Used when the plans demo did not run: the needs Uzbekistan's 2017 information note lists.
FALLBACK_ITEMS = [
    (
        "Legislative drafting support to align the law on export control with the EU dual-use "
        "control list, for the Ministry of Foreign Trade, by the end of 2018.",
        ["OP3(d)"],
        ["C", "B"],
        ["legislative_drafting"],
        ["export_control", "legislation"],
    ),
    (
        "Training of 30 customs officers of the State Customs Committee in identifying "
        "dual-use chemicals and biological agents at border crossing points, in Russian, in 2018.",
        ["OP3(c)"],
        ["C", "B"],
        ["training"],
        ["border_control"],
    ),
    (
        "Expert advice to the Ministry of Health on biosafety and biosecurity of laboratories "
        "handling dangerous pathogens, within 12 months.",
        ["OP3(a)"],
        ["B"],
        ["expert_advice"],
        ["biosafety_biosecurity"],
    ),
    ("Capacity building.", [], [], [], []),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate(request: Request) -> None:
    """Give the demo history the dates of its steps instead of the day the demo loaded."""
    dated = {
        E.CREATED: request.received_on or request.date,
        E.SUBMITTED: request.received_on,
        E.AUTHENTICATED: request.authenticated_on,
        E.ACKNOWLEDGED: request.acknowledged_on,
        E.DISTRIBUTED: request.distributed_on,
        E.SUMMARY_POSTED: request.summary_posted_on,
        E.CONSENT_CHANGED: request.received_on,
        E.MATCHED: request.matched_on,
        E.DELIVERY_STARTED: request.delivery_started_on,
        E.DELIVERED: request.delivery_started_on,
        E.FEEDBACK: request.delivery_started_on,
    }
    for transition in request.transitions.all():
        day = dated.get(transition.event)
        if day:
            Transition.objects.filter(pk=transition.pk).update(at=_at(day))


def _tasks(ctx: Any, key: str) -> list[Any]:
    plan = ctx.objects.get(key)
    if plan is None:
        return []
    # A task carried over from (or to) one already in a request is the same need: skipped.
    tasks = plan.tasks.filter(assistance_needed=True).select_related("plan").order_by("order", "id")
    return [t for t in tasks if not chain_in_request(t)]


def _add_items(request: Request, tasks: list[Any], fallback: list[Any], by: User | None) -> None:
    if tasks:
        for task in tasks:
            item_from_task(task, by=by, request=request)
        return
    for text, sections, weapons, types, subjects in fallback:
        add_item(
            request,
            by=by,
            text=text,
            section_codes=sections,
            weapon_categories=weapons,
            assistance_types=types,
            subjects=subjects,
        )


def _delivered_request(ctx: Any, uzb: State, expert: Any, coordinator: Any) -> None:
    title = "Demo: assistance for the 2017 national action plan"
    if Request.objects.filter(title=title, is_demo=True).exists():
        return
    start = date(2018, 2, 5)
    request = create_request(
        by=expert,
        state=uzb,
        title=title,
        date=start,
        channel="note_verbale",
        consent_to_publish=True,
        contact_name="Demo contact: 1540 national coordinator",
        contact_email="coordinator.1540@example.org",
        is_demo=True,
        today=start,
    )
    tasks = _tasks(ctx, "plan_2017")
    _add_items(request, tasks[:3], FALLBACK_ITEMS[:3], expert)
    authenticated = start + timedelta(days=2)
    workflow.make_step(request, Request.Status.AUTHENTICATED, by=expert, today=authenticated)
    acknowledged = authenticated + timedelta(days=3)
    workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=expert, today=acknowledged)
    request.refresh_from_db()
    distributed = add_working_days(request.distribution_deadline or acknowledged, 1)
    workflow.distribute(request, automatic=True, today=distributed)
    request.refresh_from_db()
    posted = add_working_days(request.posting_deadline or distributed, 1)
    workflow.post_summary(request, automatic=True, today=posted)
    item = request.items.order_by("number").first()
    if item is not None:
        proposal = item.proposals.filter(status=Proposal.Status.PROPOSED).order_by("rank").first()
        if proposal is not None:
            matched = posted + timedelta(days=40)
            match = confirm_proposal(
                proposal,
                by=expert,
                note="Demo: agreed with the national coordinator.",
                today=matched,
            )
            start_delivery(match, by=expert, today=matched + timedelta(days=30))
            mark_delivered(match, by=expert, today=matched + timedelta(days=120))
            give_feedback(
                match,
                by=coordinator,
                role="requester",
                rating=4,
                activities="Demo: two drafting workshops and a review of the draft law.",
                achievements="Demo: draft amendments submitted to the Cabinet of Ministers.",
                opportunities="Demo: follow-up training for licensing officers.",
            )
        other = request.items.exclude(pk=item.pk).first()
        if other is not None:
            declined = other.proposals.order_by("rank").first()
            if declined is not None:
                decline_proposal(
                    declined,
                    by=expert,
                    reason=Proposal.DeclineReason.LANGUAGE,
                    note="Demo: the provider does not work in Russian.",
                )
    request.refresh_from_db()
    _backdate(request)


def _acknowledged_request(ctx: Any, uzb: State, expert: Any) -> None:
    title = "Demo: biosafety and border control needs (2014 plan carried over)"
    if Request.objects.filter(title=title, is_demo=True).exists():
        return
    today = timezone.localdate()
    received = today - timedelta(days=6)
    request = create_request(
        by=expert,
        state=uzb,
        title=title,
        date=received - timedelta(days=3),
        channel="template",
        consent_to_publish=False,
        is_demo=True,
        today=received,
    )
    tasks = _tasks(ctx, "plan_2014") or _tasks(ctx, "plan_2017")[3:5]
    _add_items(request, tasks[:2], FALLBACK_ITEMS[1:3], expert)
    workflow.make_step(request, Request.Status.AUTHENTICATED, by=expert, today=received)
    workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=expert, today=today)
    _backdate(request)


def _draft_request(ctx: Any, uzb: State, coordinator: Any) -> None:
    title = "Demo draft: equipment and awareness raising"
    if Request.objects.filter(title=title, is_demo=True).exists():
        return
    request = create_request(
        by=coordinator, state=uzb, title=title, is_demo=True, channel="template"
    )
    remaining = [
        t
        for t in _tasks(ctx, "plan_2017")
        if not RequestItem.objects.filter(source_task=t).exists()
    ]
    _add_items(request, remaining[:2], FALLBACK_ITEMS[3:], coordinator)


def _caricom_request(expert: Any) -> None:
    title = "Demo: CARICOM regional 1540 coordinator"
    caricom = Group.objects.filter(code="CARICOM").first()
    if caricom is None or Request.objects.filter(title=title, is_demo=True).exists():
        return
    start = date(2023, 3, 6)
    request = create_request(
        by=expert,
        group=caricom,
        title=title,
        date=start,
        channel="referral",
        consent_to_publish=True,
        is_demo=True,
        today=start,
        public_summary="CARICOM requests support for a regional coordinator to help its member "
        "States implement resolution 1540, including model legislation and export control "
        "training.",
    )
    add_item(
        request,
        by=expert,
        text="Funding for a regional 1540 coordinator to support member States "
        "with national action plans and model legislation, for two years.",
        assistance_types=["financial"],
        subjects=["national_coordination"],
    )
    workflow.make_step(request, Request.Status.AUTHENTICATED, by=expert, today=start)
    acknowledged = start + timedelta(days=1)
    workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=expert, today=acknowledged)
    request.refresh_from_db()
    workflow.distribute(
        request, automatic=True, today=add_working_days(request.distribution_deadline or start, 1)
    )
    request.refresh_from_db()
    workflow.post_summary(
        request, automatic=True, today=add_working_days(request.posting_deadline or start, 1)
    )
    item = request.items.first()
    if item is not None:
        offer_proposal = item.proposals.filter(offer__code="can-caricom-1540-coordinator").first()
        if offer_proposal is not None:
            confirm_proposal(offer_proposal, by=expert, today=start + timedelta(days=60))
    request.refresh_from_db()
    _backdate(request)


def _distributed_to(
    request: Request, provider: Organisation, *, by: Any, received: date
) -> RequestItem:
    """Authenticate, acknowledge and distribute a one-item request to `provider` only."""
    workflow.make_step(request, Request.Status.AUTHENTICATED, by=by, today=received)
    acknowledged = received + timedelta(days=1)
    workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=by, today=acknowledged)
    choose_providers(request, by=by, organisations=[provider])
    request.refresh_from_db()
    distributed = add_working_days(request.distribution_deadline or acknowledged, 1)
    workflow.distribute(request, automatic=True, today=distributed)
    return request.items.get()


def _proposal(item: RequestItem, offer: Offer, *, by: Any) -> Proposal:
    """The engine's proposal of `offer`, or the expert's when the engine did not rank it."""
    if not item.proposals.exists():
        refresh_proposals(item)
    found = item.proposals.filter(offer=offer).first()
    return found or propose_offer(item, offer, by=by)


def _proposed_to_osce(
    uzb: State,
    expert: Any,
    *,
    title: str,
    offer_code: str,
    received: date,
    made_days_before: int,
    item: dict[str, Any],
) -> Proposal | None:
    """A demo request received on `received`, distributed to the OSCE, one item with its
    OSCE offer proposed; None when the OSCE or the offer is missing or the request exists."""
    osce = Organisation.objects.filter(code="OSCE").first()
    offer = Offer.objects.filter(code=offer_code).first()
    if osce is None or offer is None or Request.objects.filter(title=title, is_demo=True).exists():
        return None
    request = create_request(
        by=expert,
        state=uzb,
        title=title,
        date=received - timedelta(days=made_days_before),
        channel="note_verbale",
        consent_to_publish=False,
        is_demo=True,
        today=received,
    )
    add_item(request, by=expert, **item)
    return _proposal(_distributed_to(request, osce, by=expert, received=received), offer, by=expert)


def _provider_to_answer(uzb: State, expert: Any) -> None:
    proposal = _proposed_to_osce(
        uzb,
        expert,
        title="Demo: export control training for licensing and customs officers",
        offer_code="osce-export-control-training",
        received=timezone.localdate() - timedelta(days=21),
        made_days_before=4,
        item={
            "text": "Training of 25 licensing officers of the Ministry of Foreign Trade and "
            "customs officers of the State Customs Committee on export licensing and the "
            "control of dual-use goods, in Russian, within six months.",
            "section_codes": ["OP3(d)"],
            "weapon_categories": ["N", "C", "B"],
            "assistance_types": ["training"],
            "subjects": ["export_control", "border_control"],
        },
    )
    if proposal is not None:
        _backdate(Request.objects.get(pk=proposal.item.request_id))


def _delivered_awaiting_feedback(uzb: State, expert: Any, provider: Any) -> None:
    today = timezone.localdate()
    proposal = _proposed_to_osce(
        uzb,
        expert,
        title="Demo: national roundtable to review the 2017-2021 action plan",
        offer_code="osce-nap-roundtables",
        received=today - timedelta(days=120),
        made_days_before=5,
        item={
            "text": "A national roundtable with the 1540 Committee experts where the agencies "
            "review the implementation of the national action plan and agree on its update, "
            "in Russian.",
            "assistance_types": ["expert_advice", "awareness_raising"],
            "subjects": ["national_coordination"],
        },
    )
    if proposal is None:
        return
    match = confirm_proposal(
        proposal,
        by=expert,
        note="Demo: agreed with the national coordinator and the OSCE.",
        today=today - timedelta(days=75),
    )
    start_delivery(match, by=provider, today=today - timedelta(days=45))
    mark_delivered(
        match,
        by=provider,
        note="Demo: roundtable held in Tashkent with 40 participants from 12 agencies.",
        today=today - timedelta(days=14),
    )
    _backdate(Request.objects.get(pk=proposal.item.request_id))


def load(ctx: Any) -> None:
    load_offers(is_demo=True)
    uzb = ctx.objects.get("uzb") or State.objects.get(iso3="UZB")
    expert = ctx.users.get("expert")
    coordinator = ctx.users.get("coordinator")
    if expert is None or coordinator is None:
        return
    _delivered_request(ctx, uzb, expert, coordinator)
    _acknowledged_request(ctx, uzb, expert)
    _draft_request(ctx, uzb, coordinator)
    _caricom_request(expert)
    _provider_to_answer(uzb, expert)
    provider = ctx.users.get("provider")
    if provider is not None:
        _delivered_awaiting_feedback(uzb, expert, provider)
    ctx.objects["assistance_requests"] = list(Request.objects.filter(is_demo=True))
