"""Requests, offers and the procedure as a history says them; registered from
AssistanceConfig.ready(). A request's history is its `Transition` rows, said by the same
action types as the audit events the procedure writes ("assistance.<event>")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from nap1540.assistance.models import Transition
from nap1540.core.audit import ActionType, Entry, HistoryLine, Reading, history_lines
from nap1540.core.visibility import AnyUser

REQUEST = "assistance.Request"
OFFER = "assistance.Offer"
TIMER = pgettext_lazy("audit actor", "The timer")
E = Transition.Event


def _step(reading: Reading) -> dict[str, Any]:
    return {"actor": TIMER} if reading.data.get("automatic") else {}


def _automatic(reading: Reading) -> str:
    return "automatic" if reading.data.get("automatic") else ""


def _changed(reading: Reading, model: str) -> Any:
    """{field: new value} as the request and offer services keep it, or {field: [old, new]}."""
    if isinstance(reading.data.get("changes"), dict):
        return reading.changes(model)
    return reading.changes(model, changes={k: [None, v] for k, v in reading.data.items()})


def _request(reading: Reading) -> dict[str, Any]:
    return {
        "request": reading.subject,
        "changes": _changed(reading, REQUEST),
        "text": reading.text("text", 200),
        "count": reading.count("providers"),
        "offer": reading.mention(OFFER, reading.data.get("offer")),
    }


def _offer(reading: Reading) -> dict[str, Any]:
    return {
        "offer": reading.subject,
        "changes": _changed(reading, OFFER),
        "file": reading.subject,
        "created": reading.count("created"),
        "updated": reading.count("updated"),
    }


def _procedure(event: str, sentence: Any, automatic: Any = None) -> ActionType:
    return ActionType(
        f"assistance.{event}",
        sentence,
        _step,
        variants={"automatic": automatic} if automatic else {},
        pick=_automatic if automatic else None,
    )


ACTIONS = (
    _procedure(E.CREATED, _("%(actor)s recorded the request.")),
    _procedure(E.SUBMITTED, _("%(actor)s submitted the request to the Committee.")),
    _procedure(E.RECEIVED, _("%(actor)s recorded that the Committee received the request.")),
    _procedure(E.AUTHENTICATED, _("%(actor)s authenticated the request.")),
    _procedure(
        E.ACKNOWLEDGED,
        _("%(actor)s acknowledged the request; the State may object to its distribution."),
    ),
    _procedure(
        E.OBJECTED_DISTRIBUTION,
        _("%(actor)s recorded the State's objection to distributing the request."),
    ),
    _procedure(
        E.OBJECTED_POSTING,
        _("%(actor)s recorded the State's objection to posting a summary of the request."),
    ),
    _procedure(E.OBJECTION_WITHDRAWN, _("%(actor)s withdrew the State's objection.")),
    _procedure(
        E.DISTRIBUTED,
        _("%(actor)s distributed the request to potential providers."),
        _(
            "The request was distributed to potential providers after the objection period "
            "passed in silence."
        ),
    ),
    _procedure(
        E.SUMMARY_POSTED,
        _("%(actor)s posted a summary of the request."),
        _("A summary of the request was posted after the objection period passed in silence."),
    ),
    _procedure(E.SUMMARY_REMOVED, _("%(actor)s removed the public summary of the request.")),
    _procedure(
        E.CONSENT_CHANGED, _("%(actor)s changed the State's consent to publish the request.")
    ),
    _procedure(E.MATCHED, _("%(actor)s confirmed a match for the request.")),
    _procedure(E.MATCH_CANCELLED, _("%(actor)s cancelled a match of the request.")),
    _procedure(E.DELIVERY_STARTED, _("%(actor)s recorded that the assistance started.")),
    _procedure(E.DELIVERED, _("%(actor)s recorded that the assistance was delivered.")),
    _procedure(E.COMPLETED, _("%(actor)s completed the request.")),
    _procedure(E.CLOSED, _("%(actor)s closed the request.")),
    _procedure(
        E.FOLLOW_UP_DUE,
        _("%(actor)s recorded that the one-year follow-up of the request is due."),
        _("The one-year follow-up of the request fell due."),
    ),
    _procedure(E.FEEDBACK, _("%(actor)s recorded feedback on the request.")),
    ActionType(
        "assistance.request_updated",
        _("%(actor)s changed the request %(request)s: %(changes)s."),
        _request,
    ),
    ActionType("assistance.item_added", _("%(actor)s added an item to the request."), _request),
    ActionType("assistance.item_updated", _("%(actor)s changed an item of the request."), _request),
    ActionType(
        "assistance.item_deleted",
        _("%(actor)s removed the item “%(text)s” from the request."),
        _request,
    ),
    ActionType(
        "assistance.providers_chosen",
        ngettext_lazy(
            "%(actor)s chose %(count)d provider to receive the request.",
            "%(actor)s chose %(count)d providers to receive the request.",
            "count",
        ),
        _request,
    ),
    ActionType(
        "assistance.proposal_declined",
        _("%(actor)s set aside the proposed offer %(offer)s."),
        _request,
    ),
    ActionType(
        "assistance.proposal_answered",
        _("%(actor)s answered that the offer %(offer)s can be provided for the request."),
        _request,
        variants={
            "unable": _(
                "%(actor)s answered that the offer %(offer)s cannot be provided for the request."
            )
        },
        pick=lambda reading: "unable" if reading.data.get("answer") == "unable" else "",
    ),
    ActionType(
        "assistance.letter_acknowledgement",
        _("%(actor)s drafted the Chair's letter acknowledging the request."),
        _request,
    ),
    ActionType(
        "assistance.letter_distribution",
        _("%(actor)s drafted the note verbale distributing the request."),
        _request,
    ),
    ActionType("assistance.offer_created", _("%(actor)s published the offer %(offer)s."), _offer),
    ActionType(
        "assistance.offer_updated", _("%(actor)s changed the offer %(offer)s: %(changes)s."), _offer
    ),
    ActionType(
        "assistance.offers_loaded",
        _("%(actor)s loaded the offers of %(file)s (new: %(created)d, changed: %(updated)d)."),
        _offer,
    ),
)


def history_steps(
    transitions: Iterable[Transition], viewer: AnyUser
) -> list[tuple[HistoryLine, str]]:
    """A request's procedure steps as sentences, each with the note written with it."""
    steps = list(transitions)
    return list(zip(transition_lines(steps, viewer), [t.note for t in steps], strict=True))


def transition_lines(transitions: Iterable[Transition], viewer: AnyUser) -> list[HistoryLine]:
    """Procedure steps as sentences."""
    return history_lines(
        [
            Entry(
                action=f"assistance.{t.event}",
                data={"from": t.from_status, "to": t.to_status, "automatic": t.automatic},
                at=t.at,
                by=t.by,
                target_type=REQUEST.lower(),
                target_id=str(t.request_id),
            )
            for t in transitions
        ],
        viewer,
    )
