"""Synthetic events for benchmarks: roundtables and review meetings with who took part.

Everything is flagged `is_demo` (shown with a "Demo data" badge) and written with bulk
inserts; the shape matches what the services produce: an event owned by its State and
concerning it, organised by the State and an organisation, with participants in each of
the information note's groups (the State's agencies, organisations, the Committee's
experts, others), linked to the State's plan, its last review and some of its requests.
Dates are placed around today, so that the calendar has upcoming events to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from nap1540.assistance.models import Request
from nap1540.core.visibility import Visibility
from nap1540.events.models import Event, Organiser, Participant
from nap1540.plans.models import Plan, Review
from nap1540.registry.models import Agency, Organisation, State

SLUG_PREFIX = "synth-"
KINDS = (Event.Kind.NATIONAL_ROUNDTABLE, Event.Kind.REVIEW_MEETING, Event.Kind.COUNTRY_VISIT)


@dataclass
class EventsReport:
    events: int = 0
    participants: int = 0
    skipped: int = 0


@transaction.atomic
def generate(
    *,
    states: list[State],
    per_state: int = 2,
    seed: int = 1540,
    replace: bool = False,
    today: date | None = None,
) -> EventsReport:
    """`per_state` events per State: one in the past year, the others in the coming year."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    today = today or timezone.localdate()
    report = EventsReport()
    if replace:
        Event.objects.filter(state__in=states, is_demo=True, slug__startswith=SLUG_PREFIX).delete()
    taken = set(
        Event.objects.filter(state__in=states, slug__startswith=SLUG_PREFIX).values_list(
            "state_id", flat=True
        )
    )
    todo = [s for s in states if s.pk not in taken]
    report.skipped = len(states) - len(todo)
    if not todo:
        return report
    plans = {p.state_id: p for p in Plan.objects.filter(state__in=todo).order_by("period_start")}
    last_review = {r.plan_id: r for r in Review.objects.filter(plan__in=plans.values())}
    agencies: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(state__in=todo).order_by("pk"):
        agencies.setdefault(agency.state_id, []).append(agency)
    requests: dict[int, list[int]] = {}
    for state_id, pk in Request.objects.filter(state__in=todo).values_list("state_id", "pk"):
        requests.setdefault(state_id, []).append(pk)
    orgs = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:30])
    rows: list[Event] = []
    for state in todo:
        plan = plans.get(state.pk)
        for n in range(per_state):
            kind = KINDS[n % len(KINDS)]
            offset = -rng.randint(20, 365) if n == 0 else rng.randint(1, 365)
            starts = today + timedelta(days=offset)
            ends = starts + timedelta(days=rng.randint(0, 2))
            rows.append(
                Event(
                    state=state,
                    kind=kind,
                    title=f"{Event.Kind(kind).label} of {state.name} ({starts.year})",
                    slug=f"{SLUG_PREFIX}{state.iso3.lower()}-{n + 1}",
                    starts_on=starts,
                    ends_on=ends,
                    venue_city=f"Capital of {state.name}",
                    venue_country=state,
                    plan=plan,
                    review=last_review.get(plan.pk)
                    if plan and kind == Event.Kind.REVIEW_MEETING
                    else None,
                    background=f"{state.name} and the 1540 Committee agreed to meet.",
                    objectives="Review the implementation of resolution 1540 (2004).",
                    overview="The participants discussed the national action plan."
                    if offset < 0
                    else "",
                    outcomes="The participants agreed on next steps." if offset < 0 else "",
                    summary=f"A {Event.Kind(kind).label.lower()} held with {state.name}."
                    if offset < 0
                    else "",
                    visibility=Visibility.COMMITTEE,
                    is_demo=True,
                )
            )
    events = Event.objects.bulk_create(rows, batch_size=1000)
    report.events = len(events)
    Event.states_concerned.through.objects.bulk_create(
        (Event.states_concerned.through(event_id=e.pk, state_id=e.state_id) for e in events),
        batch_size=2000,
    )
    Event.requests.through.objects.bulk_create(
        (
            Event.requests.through(event_id=e.pk, request_id=r)
            for e in events
            for r in rng.sample(
                requests.get(e.state_id or 0, []), min(2, len(requests.get(e.state_id or 0, [])))
            )
        ),
        batch_size=2000,
    )
    organisers: list[Organiser] = []
    participants: list[Participant] = []
    for e in events:
        organisers.append(Organiser(event=e, order=0, state_id=e.state_id))
        if orgs:
            organisers.append(Organiser(event=e, order=1, organisation_id=rng.choice(orgs)))
        order = 0
        for agency in agencies.get(e.state_id or 0, []):
            order += 1
            participants.append(
                Participant(
                    event=e,
                    group=Participant.Group.GOVERNMENT,
                    order=order,
                    state_id=e.state_id,
                    agency=agency,
                    count=rng.randint(1, 4),
                )
            )
        for org in rng.sample(orgs, min(3, len(orgs))):
            order += 1
            participants.append(
                Participant(
                    event=e, group=Participant.Group.INTERNATIONAL, order=order, organisation_id=org
                )
            )
        participants.append(
            Participant(
                event=e,
                group=Participant.Group.COMMITTEE,
                order=order + 1,
                name="Experts of the 1540 Committee",
                count=2,
            )
        )
        participants.append(
            Participant(
                event=e,
                group=Participant.Group.OTHER,
                order=order + 2,
                name="Representatives of industry and academia",
            )
        )
    Organiser.objects.bulk_create(organisers, batch_size=2000)
    Participant.objects.bulk_create(participants, batch_size=2000)
    report.participants = len(participants)
    return report
