"""Writes to events, participants, decisions and notes; each records its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.accounts.sharing import initial_level
from nap1540.core.audit import AuditEvent, changes_between, ref_of, snapshot
from nap1540.core.visibility import refuse_level_in
from nap1540.events.models import Event, Note, NoteRevision, Organiser, Outcome, Participant
from nap1540.events.notes import NoteContent, generate_note_content
from nap1540.plans import services as plan_services

EVENT_FIELDS = (
    "state",
    "visibility",
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "venue_city",
    "venue_country",
    "is_online",
    "plan",
    "review",
    "follow_up_to",
    "background",
    "objectives",
    "overview",
    "outcomes",
    "follow_up",
    "summary",
    "is_demo",
)


def _text(values: dict[str, Any]) -> dict[str, Any]:
    """Drop NUL characters from text: PostgreSQL refuses them and no document needs them."""
    return {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in values.items()}


def unique_slug(title: str, starts_on: Any) -> str:
    """ "2017-05-22-annual-review", with "-2", "-3" ... when it is taken."""
    base = slugify(f"{starts_on:%Y-%m-%d} {title}")[:100].strip("-") or "event"
    slug, n = base, 2
    taken = Event.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_event(
    *, by: User | None, states_concerned: Iterable[Any] = (), slug: str = "", **values: Any
) -> Event:
    """Record an event; the main State is always among the States concerned."""
    values = _text(values)
    event = Event(created_by=by if getattr(by, "is_authenticated", False) else None)
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    if "visibility" not in values:
        event.visibility = initial_level(by, event.state_id)
    event.slug = slug or unique_slug(event.title, event.starts_on)
    event.full_clean()
    event.save()
    concerned = {s.pk: s for s in states_concerned}
    if event.state is not None:
        concerned.setdefault(event.state.pk, event.state)
    event.states_concerned.set(concerned.values())
    AuditEvent.record(
        "event.created", target=event, by=by, data={"after": snapshot(event, EVENT_FIELDS)}
    )
    return event


@transaction.atomic
def update_event(
    event: Event, *, by: User | None, states_concerned: Iterable[Any] | None = None, **values: Any
) -> Event:
    """Change an event's record, keeping before and after in the audit trail."""
    refuse_level_in(values)
    values = _text(values)
    before = snapshot(event, EVENT_FIELDS)
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    event.updated_at = timezone.now()
    event.full_clean()
    event.save()
    if states_concerned is not None:
        concerned = {s.pk: s for s in states_concerned}
        if event.state is not None:
            concerned.setdefault(event.state.pk, event.state)
        event.states_concerned.set(concerned.values())
    changes = changes_between(before, snapshot(event, EVENT_FIELDS))
    AuditEvent.record("event.updated", target=event, by=by, data={"changes": changes})
    return event


@transaction.atomic
def delete_event(event: Event, *, by: User | None) -> None:
    AuditEvent.record(
        "event.deleted", target=event, by=by, data={"before": snapshot(event, EVENT_FIELDS)}
    )
    event.delete()


def _touch(event: Event) -> None:
    """Mark the event changed, so an edited note can say it may be out of date."""
    event.updated_at = timezone.now()
    event.save(update_fields=["updated_at"])


def _next_order(queryset: models.QuerySet[Any]) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_organiser(event: Event, *, by: User | None, **values: Any) -> Organiser:
    """Add an organisation, or a State's Government, to the event's organisers."""
    organiser = Organiser(event=event, order=_next_order(event.organisers.all()), **_text(values))
    organiser.full_clean()
    organiser.save()
    _touch(event)
    AuditEvent.record(
        "event.organiser_added", target=event, by=by, data={"organiser": str(organiser)}
    )
    return organiser


@transaction.atomic
def remove_organiser(organiser: Organiser, *, by: User | None) -> None:
    event = organiser.event
    AuditEvent.record(
        "event.organiser_removed", target=event, by=by, data={"organiser": str(organiser)}
    )
    organiser.delete()
    _touch(event)


@transaction.atomic
def add_participant(event: Event, *, by: User | None, **values: Any) -> Participant:
    """Add a participant; an agency's State is filled in for governmental officials."""
    participant = Participant(event=event, **_text(values))
    if participant.agency_id is not None and participant.state_id is None:
        participant.state = participant.agency.state  # type: ignore[union-attr]
    if participant.agency_id is not None and participant.agency.state_id != participant.state_id:  # type: ignore[union-attr]
        raise ValidationError({"agency": _("The agency belongs to another State.")})
    participant.order = _next_order(event.participants.filter(group=participant.group))
    participant.full_clean()
    participant.save()
    _touch(event)
    AuditEvent.record(
        "event.participant_added",
        target=event,
        by=by,
        data={"participant": participant.display_name, "group": participant.group},
    )
    return participant


@transaction.atomic
def remove_participant(participant: Participant, *, by: User | None) -> None:
    event = participant.event
    AuditEvent.record(
        "event.participant_removed",
        target=event,
        by=by,
        data={"participant": participant.display_name, "group": participant.group},
    )
    participant.delete()
    _touch(event)


# --- decisions -----------------------------------------------------------------------------


def _check_outcome(outcome: Outcome) -> None:
    event = outcome.event
    plan = outcome.target_plan
    errors: dict[str, str] = {}
    if outcome.action != Outcome.Action.RECORD and plan is None:
        errors["action"] = _("Link the event to a plan before its decisions change tasks.")
    owner_id = event.state_id or (event.plan.state_id if event.plan else None)
    if plan is not None and owner_id is not None and plan.state_id != owner_id:
        errors["plan"] = _("The plan must be a plan of the State concerned.")
    if outcome.action == Outcome.Action.CREATE_TASK and not outcome.task_title.strip():
        errors["task_title"] = _("A new task needs a title.")
    if outcome.action == Outcome.Action.UPDATE_TASK:
        if outcome.task_id is None:
            errors["task"] = _("Choose the task this decision changes.")
        elif plan is not None and outcome.task.plan_id != plan.pk:  # type: ignore[union-attr]
            errors["task"] = _("The task belongs to another plan.")
    if (
        outcome.lead_agency_id is not None
        and plan is not None
        and outcome.lead_agency.state_id != plan.state_id  # type: ignore[union-attr]
    ):
        errors["lead_agency"] = _("The owner must be an agency of the plan's State.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_outcome(event: Event, *, by: User | None, **values: Any) -> Outcome:
    """Record a decision taken at the event; `apply_outcome` puts it into the plan."""
    outcome = Outcome(event=event, order=_next_order(event.decisions.all()), **_text(values))
    outcome.full_clean()
    _check_outcome(outcome)
    outcome.save()
    _touch(event)
    AuditEvent.record(
        "event.decision_recorded",
        target=event,
        by=by,
        data={"decision": outcome.text[:300], "action": outcome.action},
    )
    return outcome


@transaction.atomic
def delete_outcome(outcome: Outcome, *, by: User | None) -> None:
    if outcome.is_applied:
        raise ValidationError(_("A decision already applied to the plan cannot be removed."))
    AuditEvent.record(
        "event.decision_removed", target=outcome.event, by=by, data={"decision": outcome.text[:300]}
    )
    outcome.delete()


@transaction.atomic
def apply_outcome(outcome: Outcome, *, by: User | None) -> Any:
    """Put a decision into the event's plan: create the task, or change the named one.

    Only someone who may change the plan (its State's coordinator) may do this, whoever
    recorded the decision. Returns the task.
    """
    outcome = (
        Outcome.objects.select_for_update(of=("self",))
        .select_related("event__plan", "plan", "task")
        .get(pk=outcome.pk)
    )
    if outcome.action == Outcome.Action.RECORD:
        raise ValidationError(_("This decision is recorded only; it does not change the plan."))
    if outcome.is_applied:
        raise ValidationError(_("This decision has already been applied to the plan."))
    _check_outcome(outcome)
    plan = outcome.target_plan
    assert plan is not None
    if not plan.can_edit(by):
        raise PermissionDenied(_("Only someone who may change the plan can apply decisions to it."))
    fields: dict[str, Any] = {}
    if outcome.lead_agency_id is not None:
        fields["lead_agency"] = outcome.lead_agency
    if outcome.due_date is not None:
        fields["due_date"] = outcome.due_date
    if outcome.action == Outcome.Action.CREATE_TASK:
        fields["title"] = outcome.task_title.strip()
        fields["description"] = outcome.text
        if outcome.section_code:
            fields["section_code"] = outcome.section_code
        if outcome.task_status:
            fields["status"] = outcome.task_status
        task = plan_services.create_task(plan, by=by, **fields)
    else:
        if outcome.task_status:
            fields["status"] = outcome.task_status
        assert outcome.task is not None  # _check_outcome: a change names its task
        task = plan_services.update_task(outcome.task, by=by, **fields)
    outcome.task = task
    outcome.applied_at = timezone.now()
    outcome.applied_by = by if getattr(by, "is_authenticated", False) else None
    outcome.save(update_fields=["task", "applied_at", "applied_by"])
    AuditEvent.record(
        "event.decision_applied",
        target=outcome.event,
        by=by,
        data={"decision": outcome.text[:300], "task": ref_of(task), "action": outcome.action},
    )
    return task


@transaction.atomic
def link_review(event: Event, review: Any, *, by: User | None) -> None:
    """Record that `event` was the meeting of `review` (recorded through the plan's form)."""
    event.review = review
    event.updated_at = timezone.now()
    event.save(update_fields=["review", "updated_at"])
    AuditEvent.record("review.linked_to_event", target=review, by=by, data={"event": event.pk})


# --- notes -----------------------------------------------------------------------------------


@transaction.atomic
def save_note(
    event: Event, lang: str, content: NoteContent, *, by: User | None, comment: str = ""
) -> Note:
    """Store the edited text of the event's note in `lang`, as a new revision."""
    note, _created = Note.objects.select_for_update().get_or_create(event=event, lang=lang)
    fields = _text(content.as_fields())
    for name, value in fields.items():
        setattr(note, name, value)
    note.revision += 1
    note.updated_at = timezone.now()
    note.updated_by = by if getattr(by, "is_authenticated", False) else None
    note.full_clean()
    note.save()
    NoteRevision.objects.create(
        note=note,
        number=note.revision,
        content=fields,
        comment=comment[:200],
        created_by=note.updated_by,
    )
    AuditEvent.record(
        "event.note_saved",
        target=event,
        by=by,
        data={"lang": lang, "revision": note.revision, "comment": comment[:200]},
    )
    return note


def regenerate_note(event: Event, lang: str, *, by: User | None) -> Note:
    """Replace the edited text with text generated from the event's current records."""
    return save_note(
        event, lang, generate_note_content(event, lang), by=by,
        comment=_("Regenerated from the event's records"),
    )  # fmt: skip


def restore_revision(note: Note, number: int, *, by: User | None) -> Note:
    revision = note.revisions.filter(number=number).first()
    if revision is None:
        raise ValidationError(_("This note has no revision %(n)s.") % {"n": number})
    content = NoteContent.from_fields(revision.content)
    return save_note(
        note.event, note.lang, content, by=by,
        comment=_("Restored revision %(n)s") % {"n": number},
    )  # fmt: skip
