"""A small world of records at every level, each secret marked with a canary.

State A (Uzbekistan) owns records that are public, shared with the Committee, private, and
private but shared with State C (Tajikistan, the partner). State B (Kazakhstan, the outsider)
owns one private plan. Public records link to the secret ones in every way the product links
records: successor plans, carried-over tasks, follow-up events, decisions that change tasks,
request items from tasks, proposals and matches of two providers, notes, history, reminders.

Every secret record carries distinctive canary strings (titles, text, file names) and the set of
personas who may read them. `build_world()` writes everything through the services, so the
audit trail and derived text are what real use produces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from nap1540.accounts import sharing
from nap1540.accounts.models import Membership, User
from nap1540.core.visibility import Visibility
from nap1540.registry.models import Agency, Group, Organisation, State

A_USERS = frozenset({"coordinator", "focal", "viewer"})
COMMITTEE = frozenset({"expert", "admin"})
A_PRIVATE = A_USERS
A_SHARED = A_USERS | {"partner"}
A_COMMITTEE = A_USERS | COMMITTEE
A_COMMITTEE_SENT = A_COMMITTEE | {"provider"}
COMMITTEE_OWN = COMMITTEE
B_PRIVATE = frozenset({"outsider"})

PERSONAS = (
    "anonymous",
    "coordinator",
    "focal",
    "viewer",
    "outsider",
    "partner",
    "third",
    "expert",
    "admin",
    "provider",
)


def canary(name: str) -> str:
    """A token no page would print by chance: 'qz' + 6 hex digits of the name + 'qz'."""
    return "qz" + hashlib.sha256(name.encode()).hexdigest()[:6] + "qz"


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    # token -> (what it marks, personas who may read it)
    canaries: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)

    def mark(self, name: str, readers: frozenset[str]) -> str:
        token = canary(name)
        assert token not in self.canaries, name
        self.canaries[token] = (name, readers)
        return token

    def secret(self, name: str, readers: frozenset[str], text: str = "") -> str:
        """Text carrying a fresh canary: "<text> <token>"."""
        token = self.mark(name, readers)
        return f"{text} {token}".strip()

    def user(self, persona: str) -> User | None:
        return self.users.get(persona)


def _user(world: World, persona: str, role: str, **scope: Any) -> User:
    user = User.objects.create_user(username=f"walk-{persona}", password="walker-1540")
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    if persona == "admin":
        user.is_staff = user.is_superuser = True
        user.save()
    world.users[persona] = user
    return user


def build_world() -> World:
    from nap1540.assistance import workflow
    from nap1540.assistance.matching_adapter import offer_index
    from nap1540.assistance.models import Offer, Request
    from nap1540.assistance.services.distribution import choose_providers
    from nap1540.assistance.services.matches import cancel_match
    from nap1540.assistance.services.offers import create_offer
    from nap1540.assistance.services.proposals import confirm_proposal, propose_offer
    from nap1540.assistance.services.requests import (
        add_item,
        create_request,
        item_from_task,
        update_item,
        update_request,
    )
    from nap1540.events import services as events
    from nap1540.events.notes import NoteContent
    from nap1540.matrix import services as matrix
    from nap1540.plans import services as plans
    from nap1540.plans.models import Task
    from nap1540.registry import services as registry

    w = World()
    uzb, kaz, tjk, kgz = (State.objects.get(iso3=c) for c in ("UZB", "KAZ", "TJK", "KGZ"))
    w.objects.update(uzb=uzb, kaz=kaz, tjk=tjk, kgz=kgz)
    mes = Agency.objects.create(
        state=uzb, name="Ministry of Emergency Situations", kind="emergency"
    )
    moh = Agency.objects.create(state=uzb, name="Ministry of Health", kind="health")
    osce = Organisation.objects.get(code="OSCE")
    iaea = Organisation.objects.get(code="IAEA")
    Role = Membership.Role
    coordinator = _user(w, "coordinator", Role.COORDINATOR, state=uzb)
    focal = _user(w, "focal", Role.FOCAL_POINT, state=uzb, agency=mes)
    _user(w, "viewer", Role.VIEWER, state=uzb)
    outsider = _user(w, "outsider", Role.COORDINATOR, state=kaz)
    _user(w, "partner", Role.COORDINATOR, state=tjk)
    _user(w, "third", Role.COORDINATOR, state=kgz)
    expert = _user(w, "expert", Role.EXPERT)
    _user(w, "admin", Role.ADMIN)
    _user(w, "provider", Role.PROVIDER, organisation=osce)
    iaea_user = _user(w, "iaea", Role.PROVIDER, organisation=iaea)
    w.users.pop("iaea")  # not walked: only the OSCE provider persona is
    offer_index.reset()

    # --- points of contact -------------------------------------------------------------
    registry.create_contact(
        state=uzb, by=coordinator, name="Public Contact Person", visibility=Visibility.PUBLIC
    )
    w.objects["contact_private"] = registry.create_contact(
        state=uzb,
        by=coordinator,
        name=w.secret("contact.private.name", A_SHARED, "Private Contact"),
        email=f"{canary('contact.private.email')}@example.org",
        visibility=Visibility.PRIVATE,
    )
    w.mark("contact.private.email", A_SHARED)
    w.objects["contact_committee"] = registry.create_contact(
        state=uzb,
        by=coordinator,
        name=w.secret("contact.committee.name", A_COMMITTEE, "Committee Contact"),
        visibility=Visibility.COMMITTEE,
    )

    # --- matrices ------------------------------------------------------------------------
    v1 = matrix.start_draft(uzb, by=expert, visibility=Visibility.COMMITTEE)
    matrix.propose_changes(
        state=uzb,
        by=expert,
        changes=[{"field_key": "OP1-01", "mark": "X", "remarks": "Public evidence."}],
    )
    matrix.submit_matrix(v1, by=expert)
    matrix.approve_matrix(v1, by=expert)
    v1.refresh_from_db()
    sharing.set_level(v1, level=Visibility.PUBLIC, by=coordinator, confirmed=True)
    v2 = matrix.start_draft(uzb, by=expert, visibility=Visibility.COMMITTEE)
    matrix.propose_changes(
        state=uzb,
        by=expert,
        changes=[
            {
                "field_key": "OP1-02",
                "mark": "X",
                "remarks": w.secret("matrix.v2.remarks", A_COMMITTEE, "Committee remark"),
                "source_document": w.secret("matrix.v2.source", A_COMMITTEE, "Report"),
            }
        ],
    )
    matrix.submit_matrix(v2, by=expert)
    matrix.approve_matrix(v2, by=expert)
    v3 = matrix.start_draft(uzb, by=coordinator, visibility=Visibility.PRIVATE)
    matrix.propose_changes(
        state=uzb,
        by=coordinator,
        changes=[
            {
                "field_key": "OP1-03",
                "mark": "?",
                "remarks": w.secret("matrix.v3.remarks", A_PRIVATE, "Draft remark"),
            }
        ],
    )
    w.objects.update(matrix_v1=v1, matrix_v2=v2, matrix_v3=v3)

    # --- plans ----------------------------------------------------------------------------
    p1 = plans.create_plan(
        state=uzb,
        by=coordinator,
        title="National Action Plan 2014-2016",
        period_start=date(2014, 1, 1),
        period_end=date(2016, 12, 31),
        visibility=Visibility.PUBLIC,
    )
    tasks = [
        plans.create_task(
            p1,
            by=coordinator,
            title=title,
            section_code=section,
            lead_agency=agency,
            due_date=date(2016, 6, 30),
            assistance_needed=needs,
            assistance_description="Training of customs officers." if needs else "",
            fields=["OP1-04"] if section == "OP1" else [],
        )
        for title, section, agency, needs in [
            ("Adopt the export control law", "OP1", mes, False),
            ("Train customs officers", "OP3(c)", mes, True),
            ("Secure radioactive sources", "OP3(a)", moh, False),
        ]
    ]
    plans.change_plan_status(p1, by=coordinator, status="adopted")
    review1 = plans.record_review(
        p1,
        by=coordinator,
        held_on=date(2016, 12, 20),
        title="Tashkent review",
        updates=[
            {"task": tasks[0], "status": "completed", "progress": 100},
            {"task": tasks[1], "status": "in_progress", "progress": 40},
        ],
    )
    p2 = plans.create_successor(
        p1,
        by=coordinator,
        title=w.secret("plan.p2.title", A_SHARED, "National Action Plan 2017-2021"),
        period_start=date(2017, 1, 1),
        period_end=date(2026, 12, 31),
        visibility=Visibility.PRIVATE,
    )
    p2.refresh_from_db()
    plans.update_plan(
        p2,
        by=coordinator,
        introduction=w.secret("plan.p2.introduction", A_SHARED, "Introduction"),
    )
    carried = list(p2.tasks.order_by("order"))
    for task in carried:
        plans.update_task(
            Task.objects.get(pk=task.pk),
            by=coordinator,
            title=w.secret(f"task.p2.{task.number}.title", A_SHARED, task.title),
            assistance_needed=True,
            assistance_description=w.secret(
                f"task.p2.{task.number}.assistance", A_SHARED, "Detection equipment."
            ),
            due_date=timezone.localdate() + timedelta(days=10),
        )
    new_task = plans.create_task(
        p2,
        by=coordinator,
        title=w.secret("task.p2.new.title", A_SHARED, "Biosafety regulation"),
        lead_agency=mes,
        due_date=timezone.localdate() - timedelta(days=5),
        description=w.secret("task.p2.new.description", A_SHARED, "What is to be done."),
    )
    plans.record_task_update(
        new_task,
        by=focal,
        status="in_progress",
        progress=20,
        note=w.secret("task.p2.new.update", A_SHARED, "Focal point note"),
    )
    p3 = plans.create_plan(
        state=uzb,
        by=coordinator,
        title=w.secret("plan.p3.title", A_COMMITTEE, "Sectoral plan on biosecurity"),
        period_start=date(2020, 1, 1),
        period_end=date(2027, 12, 31),
        visibility=Visibility.COMMITTEE,
    )
    p3_task = plans.create_task(
        p3,
        by=coordinator,
        title=w.secret("task.p3.title", A_COMMITTEE, "Laboratory inspections"),
        lead_agency=moh,
        fields=["OP1-05"],
        assistance_needed=True,
        assistance_description="Training for laboratory inspectors.",
    )
    plans.update_task(Task.objects.get(pk=p3_task.pk), by=coordinator, status="completed")
    plans.propose_matrix_changes(
        Task.objects.get(pk=p3_task.pk),
        by=coordinator,
        remarks=w.secret("matrix.v3.proposed", A_PRIVATE, "Proposed from a completed task"),
    )
    kaz_plan = plans.create_plan(
        state=kaz,
        by=outsider,
        title=w.secret("plan.kaz.title", B_PRIVATE, "Kazakhstan draft plan"),
        period_start=date(2020, 1, 1),
        period_end=date(2025, 12, 31),
    )
    w.objects.update(
        plan_public=p1, plan_private=p2, plan_committee=p3, plan_kaz=kaz_plan, review1=review1
    )
    w.objects["task_public"] = tasks[1]
    w.objects["task_private"] = carried[0]
    w.objects["task_committee"] = p3_task

    # --- events --------------------------------------------------------------------------
    roundtable = events.create_event(
        by=coordinator,
        state=uzb,
        visibility=Visibility.COMMITTEE,
        kind="national_roundtable",
        title=w.secret("event.roundtable.title", A_COMMITTEE, "National roundtable"),
        starts_on=date(2016, 12, 20),
        ends_on=date(2016, 12, 21),
        venue_city=w.secret("event.roundtable.city", A_COMMITTEE, "Tashkent"),
        venue_country=uzb,
        summary=w.secret("event.roundtable.summary", A_COMMITTEE, "The roundtable reviewed."),
        background=w.secret("event.roundtable.background", A_COMMITTEE, "Background."),
        plan=p2,
    )
    vienna = events.create_event(
        by=coordinator,
        state=uzb,
        visibility=Visibility.PUBLIC,
        kind="review_meeting",
        title="Review meeting in Vienna",
        starts_on=date(2017, 5, 22),
        ends_on=date(2017, 5, 23),
        venue_city="Vienna",
        venue_country=State.objects.get(iso3="AUT"),
        follow_up_to=roundtable,
        plan=p1,
        review=review1,
        background="Public background.",
    )
    events.add_participant(vienna, by=coordinator, group="government", agency=mes)
    events.add_organiser(vienna, by=coordinator, organisation=osce)
    decision = events.record_outcome(
        vienna,
        by=coordinator,
        text="Carry the training forward.",
        action="update_task",
        plan=p2,
        task=carried[0],
        task_status="in_progress",
    )
    events.apply_outcome(decision, by=coordinator)
    events.record_outcome(vienna, by=coordinator, text="Record only.")
    private_event = events.create_event(
        by=coordinator,
        state=uzb,
        visibility=Visibility.PRIVATE,
        kind="national_roundtable",
        title=w.secret("event.private.title", A_SHARED, "Interagency meeting"),
        starts_on=timezone.localdate() + timedelta(days=20),
        ends_on=timezone.localdate() + timedelta(days=20),
        venue_city="Samarkand",
        overview=w.secret("event.private.overview", A_SHARED, "Overview."),
        follow_up_to=vienna,
    )
    events.save_note(
        private_event,
        "en",
        NoteContent(
            event_text="Interagency meeting.",
            background=w.secret("note.private.background", A_SHARED, "Edited background."),
        ),
        by=coordinator,
    )
    committee_event = events.create_event(
        by=expert,
        state=None,
        visibility=Visibility.COMMITTEE,
        kind="committee_meeting",
        title=w.secret("event.committee.title", COMMITTEE_OWN, "Committee meeting"),
        starts_on=timezone.localdate() + timedelta(days=3),
        ends_on=timezone.localdate() + timedelta(days=3),
    )
    w.objects.update(
        event_committee=roundtable,
        event_public=vienna,
        event_private=private_event,
        event_committee_own=committee_event,
        decision=decision,
    )

    # --- assistance --------------------------------------------------------------------------
    osce_offer = create_offer(
        by=expert,
        code="walk-osce-training",
        title="Border control training",
        provider_organisation=osce,
        description="Training of customs and border officers on export control.",
        assistance_types=["training"],
    )
    iaea_offer = create_offer(
        by=iaea_user,
        code="walk-iaea-equipment",
        title="Radiation detection equipment",
        provider_organisation=iaea,
        description="Detection equipment and training for border guards.",
        assistance_types=["equipment"],
    )
    draft = create_request(by=coordinator, state=uzb, title="Draft request")
    update_request(
        draft, by=coordinator, title=w.secret("request.draft.title", A_PRIVATE, "Draft request")
    )
    add_item(draft, by=coordinator, text=w.secret("request.draft.item", A_PRIVATE, "Need."))
    today = timezone.localdate()
    request = create_request(
        by=expert,
        state=uzb,
        title=w.secret("request.sent.title", A_COMMITTEE_SENT, "Border security assistance"),
        date=today - timedelta(days=40),
        today=today - timedelta(days=40),
        contact=w.objects["contact_private"],
    )
    item = item_from_task(carried[0], by=expert, request=request)
    update_item(
        item,
        by=expert,
        text=w.secret("request.sent.item", A_COMMITTEE_SENT, "Detection equipment training."),
    )
    workflow.make_step(request, Request.Status.AUTHENTICATED, by=expert, today=today)
    workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=expert, today=today)
    choose_providers(request, by=expert, organisations=[osce, iaea])
    workflow.distribute(request, by=expert, today=today)
    request.refresh_from_db()
    own = propose_offer(item, osce_offer, by=expert)
    other = propose_offer(item, iaea_offer, by=expert)
    confirm_proposal(
        own, by=expert, note=w.secret("match.osce.note", A_COMMITTEE_SENT, "Good fit."), today=today
    )
    other_match = confirm_proposal(
        other,
        by=expert,
        note=w.secret("match.iaea.note", A_COMMITTEE, "Equipment fit."),
        today=today,
    )
    cancel_match(
        other_match, by=expert, note=w.secret("match.iaea.cancel", A_COMMITTEE, "Withdrawn.")
    )
    unsent = create_request(
        by=expert,
        state=uzb,
        title=w.secret("request.unsent.title", A_COMMITTEE, "Laboratory assistance"),
        today=today,
    )
    add_item(
        unsent, by=expert, text=w.secret("request.unsent.item", A_COMMITTEE, "Laboratory need.")
    )
    w.objects.update(
        request_draft=draft,
        request_sent=request,
        request_unsent=unsent,
        item=item,
        offer_osce=osce_offer,
        offer_iaea=iaea_offer,
        match_other=other_match,
    )
    assert Offer.objects.count() >= 2

    # --- sharing with the partner (State C) ------------------------------------------------------
    for record in (p2, private_event, w.objects["contact_private"]):
        sharing.share_with(record, by=coordinator, states=[tjk])
    sharing.share_with(p3, by=coordinator, group=Group.objects.get(code="CENTRAL-ASIA"))
    sharing.withdraw(p3, by=coordinator, group=Group.objects.get(code="CENTRAL-ASIA"))
    return w


def add_more_secrets(world: World, *, committee: bool) -> None:
    """More records of State A at one level, linked to nothing others see."""
    from nap1540.assistance.services.requests import add_item, create_request
    from nap1540.events import services as events
    from nap1540.plans import services as plans
    from nap1540.registry import services as registry

    uzb = world.objects["uzb"]
    coordinator, expert = world.users["coordinator"], world.users["expert"]
    level = Visibility.COMMITTEE if committee else Visibility.PRIVATE
    today = timezone.localdate()
    plan = plans.create_plan(
        state=uzb,
        by=coordinator,
        title=f"Extra {level} plan",
        period_start=date(2021, 1, 1),
        period_end=today + timedelta(days=400),
        visibility=level,
    )
    for n, days in enumerate((-3, 5, 60)):
        plans.create_task(
            plan,
            by=coordinator,
            title=f"Extra task {n}",
            due_date=today + timedelta(days=days),
            assistance_needed=True,
            assistance_description="Equipment.",
        )
    events.create_event(
        by=coordinator,
        state=uzb,
        visibility=level,
        kind="country_visit",
        title=f"Extra {level} visit",
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=4),
    )
    registry.create_contact(state=uzb, by=coordinator, name=f"Extra {level}", visibility=level)
    if committee:
        request = create_request(by=expert, state=uzb, title="Extra committee request", today=today)
        add_item(request, by=expert, text="Training in export control.")
    else:
        request = create_request(by=coordinator, state=uzb, title="Extra draft")
        add_item(request, by=coordinator, text="Training in export control.")
