"""Fetching events and their rows for a user, in the manner of `core.access`.

An event is addressed by its slug or its numeric id. Not visible: 404, so a private
event's existence is not revealed; visible but read-only: 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from nap1540.core.access import get_visible
from nap1540.core.text import join_list
from nap1540.core.visibility import principal
from nap1540.events.models import Event, Note, Outcome
from nap1540.events.note_labels import LANGUAGES

MAX_ID = 2**63 - 1  # larger ids overflow the databases' integer columns


def event_queryset() -> Any:
    return Event.objects.select_related(
        "state", "venue_country", "plan", "review", "follow_up_to__venue_country"
    )


def get_event_for_user(user: Any, ref: str | int, *, write: bool = False) -> Event:
    """The event with this slug or id, if `user` may see it (and change it, with `write`)."""
    queryset = event_queryset().visible_to(user)
    text = str(ref)
    event = queryset.filter(slug=text).first()
    if event is None and text.isdigit() and int(text) <= MAX_ID:
        event = queryset.filter(pk=int(text)).first()
    if event is None:
        raise Http404(_("No event %(ref)s that you can see.") % {"ref": text})
    if write and not event.can_edit(user):
        raise PermissionDenied(_("You can view this event but not change it."))
    return event


def get_outcome_for_user(user: Any, pk: Any, *, write: bool = False) -> Outcome:
    if not 0 < int(pk) <= MAX_ID:
        raise Http404(_("No decision %(pk)s that you can see.") % {"pk": pk})
    return get_visible(
        Outcome.objects.select_related("event__plan", "task", "lead_agency"), user, pk, write=write
    )


def check_note_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise Http404(
            _("Information notes are written in: %(langs)s.") % {"langs": join_list(LANGUAGES)}
        )
    return lang


def get_note(event: Event, lang: str) -> Note | None:
    """The edited note of a visible event, or None when the note is still generated."""
    return Note.objects.filter(event=event, lang=check_note_language(lang)).first()


def can_create_events(user: Any) -> bool:
    p = principal(user)
    return p.is_expert or bool(p.coordinator_state_ids)


def check_can_create(user: Any, state: Any) -> None:
    """Coordinators record events of their State; Committee experts record any."""
    p = principal(user)
    if p.is_expert:
        return
    if state is None or not p.coordinates(state.pk):
        raise PermissionDenied(
            _(
                "Only a national coordinator of the State or a Committee expert can record "
                "this event."
            )
        )
