from __future__ import annotations

from typing import Any

from nap1540.assistance.models import Match, Offer, Proposal, Request, RequestItem, Transition
from nap1540.web.demo import load_demo


def test_demo_loads_requests_in_several_steps_and_is_idempotent(db: Any) -> None:
    load_demo()
    counts = (
        Request.objects.count(),
        Offer.objects.count(),
        Match.objects.count(),
        Transition.objects.count(),
    )
    statuses = set(Request.objects.values_list("status", flat=True))
    assert {"in_delivery", "acknowledged", "draft", "matched", "distributed"} <= statuses
    assert Request.objects.filter(is_demo=True, state__iso3="UZB").count() == 5
    assert Request.objects.filter(group__code="CARICOM").exists()
    assert Match.objects.filter(status="delivered").exists()
    assert all(p.reasons for p in Proposal.objects.all())
    assert Request.objects.posted().count() == 2
    load_demo()
    assert counts == (
        Request.objects.count(),
        Offer.objects.count(),
        Match.objects.count(),
        Transition.objects.count(),
    )


def test_demo_turns_the_plan_tasks_needing_assistance_into_request_items(db: Any) -> None:
    from datetime import date

    from nap1540.accounts import demo as accounts_demo
    from nap1540.assistance import demo
    from nap1540.core.demo import DemoContext
    from nap1540.plans.models import Plan, Task
    from nap1540.registry import demo as registry_demo

    ctx = DemoContext()
    registry_demo.load(ctx)
    accounts_demo.load(ctx)
    plan = Plan.objects.create(
        state=ctx.objects["uzb"],
        title="Plan 2017",
        visibility="committee",
        period_start=date(2017, 1, 1),
        period_end=date(2020, 12, 31),
        is_demo=True,
    )
    for n in range(6):
        Task.objects.create(
            plan=plan,
            number=f"1.{n}",
            order=n,
            title=f"Task {n}",
            assistance_needed=n != 5,
            section_code="OP3(c)",
            is_demo=True,
            assistance_description=f"Training {n} for 20 border guards on "
            "detecting chemicals, in 2019.",
        )
    ctx.objects["plan_2017"] = plan
    demo.load(ctx)
    linked = Task.objects.filter(assistance_items__isnull=False).distinct().count()
    assert linked == 5
    assert not RequestItem.objects.filter(source_task__number="1.5").exists()


def test_demo_leaves_the_osce_a_proposal_awaiting_its_answer(db: Any) -> None:
    from nap1540.accounts.models import Membership
    from nap1540.assistance import queues

    load_demo()
    load_demo()
    proposal = Proposal.objects.get(
        item__request__title="Demo: export control training for licensing and customs officers",
        offer__code="osce-export-control-training",
    )
    assert proposal.status == Proposal.Status.PROPOSED
    assert proposal.provider_answer == Proposal.Answer.PENDING
    provider = Membership.objects.filter(organisation__code="OSCE", role="provider").first()
    assert provider is not None
    assert proposal in queues.proposals_for_my_offers(provider.user)
