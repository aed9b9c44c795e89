"""nap1540 synth: every kind of record at scale, flagged as demo data, safe to run again."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from nap1540.accounts.models import Membership
from nap1540.assistance import classifications
from nap1540.assistance.models import ItemTerm, Match, Offer, Request, RequestItem, Transition
from nap1540.events.models import Event, Participant
from nap1540.matrix.models import Matrix
from nap1540.plans import synth as plans_synth
from nap1540.plans.models import Plan, Review, Task, TaskUpdate
from nap1540.plans.synth import members
from nap1540.registry.models import Agency

pytestmark = pytest.mark.django_db

SMALL = [
    "--states", "3", "--versions", "1", "--tasks", "6", "--reviews", "2",
    "--requests", "8", "--items", "3", "--offers", "25", "--events", "2",
]  # fmt: skip


def test_synth_fills_every_kind_for_each_state(personas, capsys):
    call_command("synth", *SMALL)
    out = capsys.readouterr().out
    chosen = members(3)
    assert "3 plans, 18 tasks, 6 reviews, 36 task updates" in out
    assert "24 requests" in out and "25 offers" in out and "6 events" in out
    for state in chosen:
        assert Matrix.objects.filter(state=state, is_demo=True).count() == 1
        plan = Plan.objects.get(state=state)
        assert plan.is_demo and plan.tasks.count() == 6 and plan.reviews.count() == 2
        assert Request.objects.filter(state=state, is_demo=True).count() == 8
        assert Event.objects.filter(state=state, is_demo=True).count() == 2
    # Every review records every task of its plan; tasks end at their last review's state.
    for review in Review.objects.filter(plan__state__in=chosen):
        assert review.updates.count() == 6 and review.is_demo
    task = Task.objects.filter(plan__state=chosen[0]).order_by("pk").first()
    assert task is not None and task.is_demo
    last = TaskUpdate.objects.filter(task=task).order_by("-recorded_at").first()
    assert last is not None and (task.status, task.progress) == (last.status, last.progress)
    # Requests have one to three numbered items and a history starting with their creation.
    for request in Request.objects.filter(state__in=chosen):
        numbers = sorted(request.items.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)) and 1 <= len(numbers) <= 3
        assert request.transitions.order_by("at", "id").first().event == Transition.Event.CREATED
    assert RequestItem.objects.filter(request__state__in=chosen).count() >= 24
    assert Offer.objects.filter(is_demo=True).count() == 25
    # Stored classifications are filled as the services fill them: the gaps page counts them.
    assert not classifications.out_of_date()
    assert ItemTerm.objects.filter(item__request__state__in=chosen).exists()
    # Events concern their State and list its agencies among the governmental officials.
    event = Event.objects.filter(state=chosen[0]).order_by("starts_on").first()
    assert event is not None and list(event.states_concerned.all()) == [chosen[0]]
    officials = event.participants.filter(group=Participant.Group.GOVERNMENT)
    assert officials.count() >= 6
    assert all(p.agency is not None and p.agency.state == chosen[0] for p in officials)
    assert Event.objects.filter(state__in=chosen, starts_on__gte=date.today()).exists()


def test_synth_records_follow_the_visibility_rules(personas):
    call_command("synth", *SMALL)
    chosen = members(3)
    drafts = Request.objects.filter(state__in=chosen, status=Request.Status.DRAFT)
    assert all(r.visibility == "private" for r in drafts)
    posted = Request.objects.filter(state__in=chosen, summary_posted_on__isnull=False)
    assert all(r.consent_to_publish for r in posted)
    sent = Request.objects.filter(state__in=chosen).exclude(status=Request.Status.DRAFT)
    assert sent.exists() and all(r.visibility == "committee" for r in sent)
    # The Committee's experts see the plans and the sent requests, never a draft.
    expert = personas.expert
    assert Plan.objects.visible_to(expert).filter(state__in=chosen).count() == 3
    seen = set(Request.objects.visible_to(expert).values_list("pk", flat=True))
    assert set(sent.values_list("pk", flat=True)) <= seen
    assert not seen & set(drafts.values_list("pk", flat=True))
    # Another State's coordinator sees none of them; the first State's coordinator sees its own.
    assert not Plan.objects.visible_to(personas.outsider).filter(state__in=chosen).exists()
    assert not Request.objects.visible_to(personas.outsider).filter(state__in=chosen).exists()
    assert not Event.objects.visible_to(personas.outsider).filter(state__in=chosen).exists()
    own = personas.coordinator
    Membership.objects.filter(user=own).update(state=chosen[0])
    own.refresh_from_db()
    assert Request.objects.visible_to(own).filter(state=chosen[0]).count() == 8


def test_synth_runs_again_without_duplicates_and_replace_keeps_real_records(personas, capsys):
    call_command("synth", *SMALL)
    counts = (Plan.objects.count(), Request.objects.count(), Event.objects.count())
    capsys.readouterr()
    call_command("synth", *SMALL)
    again = capsys.readouterr().out
    assert "0 plans, 0 tasks" in again and "0 requests" in again and "0 events" in again
    assert (Plan.objects.count(), Request.objects.count(), Event.objects.count()) == counts
    # --replace makes the demo records afresh, the same number of each.
    call_command("synth", *SMALL, "--replace")
    assert (Plan.objects.count(), Request.objects.count(), Event.objects.count()) == counts
    assert Offer.objects.filter(is_demo=True).count() == 25
    # A State's real request is never deleted; that State gets no demo requests beside it.
    first = members(1)[0]
    real = Request.objects.create(state=first, title="A real request", is_demo=False)
    call_command("synth", *SMALL, "--replace")
    assert Request.objects.filter(pk=real.pk).exists()
    assert not Request.objects.filter(state=first, is_demo=True).exists()
    assert Request.objects.filter(is_demo=True).count() == counts[1] - 8
    assert Match.objects.filter(is_demo=True, item__request__state=first).count() == 0


def test_synth_plans_a_state_that_has_a_single_demo_agency(personas):
    state = members(1)[0]
    Agency.objects.filter(state=state).delete()
    only = Agency.objects.create(
        state=state, name="Customs of the State", kind=Agency.Kind.CUSTOMS, is_demo=True
    )
    report = plans_synth.generate(states=1, tasks=20, reviews=1)
    assert report.plans == 1 and report.tasks == 20
    plan = Plan.objects.get(state=state)
    assert set(plan.tasks.values_list("lead_agency", flat=True)) == {only.pk}
    assert not Task.supporting_agencies.through.objects.filter(task__plan=plan).exists()
