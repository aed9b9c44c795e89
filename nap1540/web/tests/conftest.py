"""A world of records for the home pages: each State's matrix, plan, tasks and requests at the
steps that wait for someone, plus the outsider's private records no one else may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from nap1540.assistance.models import (
    Distribution,
    Match,
    Offer,
    Proposal,
    Request,
    RequestItem,
)
from nap1540.core.visibility import Visibility
from nap1540.matrix.models import Framework, Matrix
from nap1540.plans.models import Plan, Review, Task
from nap1540.registry.models import Organisation, State

S = Request.Status
C = Visibility.COMMITTEE
P = Visibility.PRIVATE

# Words that only the outsider's (Kazakhstan's) private records and another provider's
# records carry: a page showing them has let out what its viewer may not open.
SECRETS = ("KAZ-SECRET", "OTHER-PROVIDER-SECRET")


def _records_for(
    state: State, personas: Any, osce: Organisation, other: Organisation, i: int
) -> None:
    today = timezone.localdate()
    framework = Framework.objects.get(library="1540-matrix", version=1)
    own = state == personas.uzb
    secret = state == personas.kaz
    tag = "KAZ-SECRET " if secret else ""
    Matrix.objects.create(
        state=state,
        framework=framework,
        version=1,
        status=Matrix.Status.SUBMITTED,
        submitted_at=timezone.now(),
        visibility=P if secret else C,
    )
    plan = Plan.objects.create(
        state=state,
        title=f"{tag}Plan of {state.iso3}",
        period_start=date(today.year - 1, 1, 1),
        period_end=date(today.year + 2, 12, 31),
        status=Plan.Status.ADOPTED,
        visibility=P if secret else C,
    )
    Review.objects.create(
        plan=plan,
        title="Mid-term review",
        held_on=today - timedelta(days=60),
        implementation_rate=0.7,
    )
    lead = personas.agency if own else None
    for n, due in enumerate((today - timedelta(days=3), today + timedelta(days=10), None), 1):
        Task.objects.create(
            plan=plan,
            number=str(n),
            order=n,
            title=f"{tag}Task {n} of {state.iso3}",
            due_date=due,
            lead_agency=lead,
        )
    if own:
        Task.objects.create(
            plan=plan,
            number="9",
            order=9,
            title="Task of the other agency",
            due_date=today - timedelta(days=5),
            lead_agency=personas.other_agency,
        )
    # A request waiting for the Committee, and one distributed to providers under matching.
    received = Request.objects.create(
        state=state,
        title=f"{tag}Received request of {state.iso3}",
        status=S.RECEIVED,
        visibility=P if secret else C,
        date=today - timedelta(days=400 + i),
        follow_up_due=today - timedelta(days=30),
    )
    RequestItem.objects.create(request=received, number=1, text="Training")
    if secret:
        # Private: not even a distribution makes it visible outside Kazakhstan.
        Request.objects.filter(pk=received.pk).update(status=S.DRAFT, follow_up_due=None)
        return
    distributed = Request.objects.create(
        state=state,
        title=f"Distributed request of {state.iso3}",
        status=S.DISTRIBUTED,
        visibility=C,
        date=today - timedelta(days=30),
        distributed_on=today - timedelta(days=5),
    )
    item = RequestItem.objects.create(request=distributed, number=1, text="Equipment")
    Distribution.objects.create(request=distributed, organisation=osce, sent_at=timezone.now())
    mine = Offer.objects.create(
        code=f"osce-{state.iso3.lower()}",
        provider_organisation=osce,
        title=f"OSCE programme for {state.iso3}",
    )
    theirs = Offer.objects.create(
        code=f"other-{state.iso3.lower()}",
        provider_organisation=other,
        title=f"OTHER-PROVIDER-SECRET programme for {state.iso3}",
    )
    Proposal.objects.create(item=item, offer=mine, rank=1, score=0.9)
    Proposal.objects.create(item=item, offer=theirs, rank=2, score=0.8)
    # Matched requests: one match to deliver, one delivered awaiting feedback.
    matched = Request.objects.create(
        state=state,
        title=f"Matched request of {state.iso3}",
        status=S.IN_DELIVERY,
        visibility=C,
        date=today - timedelta(days=90),
        distributed_on=today - timedelta(days=60),
    )
    first = RequestItem.objects.create(request=matched, number=1, text="Course")
    second = RequestItem.objects.create(request=matched, number=2, text="Manual")
    Distribution.objects.create(request=matched, organisation=osce, sent_at=timezone.now())
    Match.objects.create(item=first, offer=mine, status=Match.Status.CONFIRMED)
    Match.objects.create(
        item=second,
        offer=mine,
        status=Match.Status.DELIVERED,
        delivered_on=today - timedelta(days=2),
    )
    Match.objects.create(item=second, offer=theirs, status=Match.Status.CONFIRMED)
    # Sent to another provider only: OSCE may not see it.
    hidden = Request.objects.create(
        state=state,
        title=f"OTHER-PROVIDER-SECRET request of {state.iso3}",
        status=S.DISTRIBUTED,
        visibility=C,
        date=today - timedelta(days=20),
    )
    RequestItem.objects.create(request=hidden, number=1, text="Other")
    Distribution.objects.create(request=hidden, organisation=other, sent_at=timezone.now())


MakeWorld = Callable[[int], None]


@pytest.fixture
def make_world(personas: Any) -> MakeWorld:
    """`make_world(n)`: records for n States in all (Uzbekistan and Kazakhstan first)."""
    osce = Organisation.objects.get(code="OSCE")
    other = Organisation.objects.exclude(pk=osce.pk).order_by("code").first()
    assert other is not None
    done: list[State] = []

    def build(n: int) -> None:
        others = State.objects.exclude(pk__in=[personas.uzb.pk, personas.kaz.pk]).order_by("iso3")
        wanted = [personas.uzb, personas.kaz, *others[: max(0, n - 2)]]
        for i, state in enumerate(wanted):
            if state not in done:
                _records_for(state, personas, osce, other, i)
                done.append(state)

    return build
