"""Events, participants, decisions and notes as a history says them; registered from
EventsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nap1540.core.audit import ActionType, AuditEvent, Reading, readable_by
from nap1540.core.visibility import AnyUser
from nap1540.events.models import Event, Outcome, Participant

EVENT = "events.Event"


def _label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "—")


def _event(reading: Reading) -> dict[str, Any]:
    return {
        "event": reading.subject,
        "changes": reading.changes(EVENT),
        "organiser": reading.text("organiser", 200),
        "participant": reading.text("participant", 200),
        "group": _label(Participant.Group, reading.data.get("group")),
        "decision": reading.text("decision", 160),
        "effect": _label(Outcome.Action, reading.data.get("action")),
        "task": reading.mention("plans.Task", reading.data.get("task")),
        "revision": reading.text("revision"),
        "comment": reading.text("comment", 200),
    }


def _changed(reading: Reading) -> str:
    return "" if reading.data.get("changes") else "nothing"


def _note(reading: Reading) -> str:
    lang = "ru" if reading.data.get("lang") == "ru" else "en"
    return f"{lang}_comment" if reading.data.get("comment") else lang


ACTIONS = (
    ActionType("event.created", _("%(actor)s recorded the event %(event)s."), _event),
    ActionType(
        "event.updated",
        _("%(actor)s changed the event %(event)s: %(changes)s."),
        _event,
        variants={"nothing": _("%(actor)s saved the event %(event)s without changing it.")},
        pick=_changed,
    ),
    ActionType("event.deleted", _("%(actor)s deleted the event %(event)s."), _event),
    ActionType(
        "event.organiser_added", _("%(actor)s added %(organiser)s to the organisers."), _event
    ),
    ActionType(
        "event.organiser_removed",
        _("%(actor)s removed %(organiser)s from the organisers."),
        _event,
    ),
    ActionType(
        "event.participant_added",
        _("%(actor)s added %(participant)s to the participants (%(group)s)."),
        _event,
    ),
    ActionType(
        "event.participant_removed",
        _("%(actor)s removed %(participant)s from the participants (%(group)s)."),
        _event,
    ),
    ActionType(
        "event.decision_recorded",
        _("%(actor)s recorded the decision “%(decision)s” (%(effect)s)."),
        _event,
    ),
    ActionType(
        "event.decision_removed", _("%(actor)s removed the decision “%(decision)s”."), _event
    ),
    ActionType(
        "event.decision_applied",
        _("%(actor)s applied the decision “%(decision)s” to the plan: %(task)s."),
        _event,
    ),
    ActionType(
        "event.note_saved",
        _("%(actor)s saved revision %(revision)s of the English information note."),
        _event,
        variants={
            "en_comment": _(
                "%(actor)s saved revision %(revision)s of the English information note: %(comment)s"
            ),
            "ru": _("%(actor)s saved revision %(revision)s of the Russian information note."),
            "ru_comment": _(
                "%(actor)s saved revision %(revision)s of the Russian information note: %(comment)s"
            ),
        },
        pick=_note,
    ),
)


def event_history(event: Event, viewer: AnyUser) -> QuerySet[AuditEvent]:
    """What was done to `event`, newest first, as far as `viewer` may read it."""
    return readable_by(AuditEvent.for_target(event).order_by("-created_at", "-id"), viewer)
