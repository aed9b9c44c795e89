"""Event pages: list, calendar, detail, editing, participants and decisions.

Notes, agendas and reports are in `documents.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.core.audit import history_lines
from nap1540.core.http.htmx import HtmxHttpRequest, render_page
from nap1540.core.text import sentences
from nap1540.events import access, audit, rows, services
from nap1540.events.forms import (
    EventFilterForm,
    EventForm,
    OrganiserForm,
    OutcomeForm,
    ParticipantForm,
)
from nap1540.events.models import Event, Note, Participant
from nap1540.events.note_labels import LANGUAGES
from nap1540.plans import access as plans_access
from nap1540.plans.views.reviews import Meeting, review_form

# The latest lines of the history shown on the event page; the history page has them all.
HISTORY_ON_PAGE = 20


def _list_queryset(request: HttpRequest, form: EventFilterForm) -> Any:
    events = Event.objects.visible_to(request.user).select_related("state", "venue_country")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["q"]:
        events = events.filter(Q(title__icontains=data["q"]) | Q(venue_city__icontains=data["q"]))
    if data["kind"]:
        events = events.filter(kind=data["kind"])
    if data["state"]:
        code = data["state"].upper()
        events = events.filter(Q(state__iso3=code) | Q(states_concerned__iso3=code)).distinct()
    today = timezone.localdate()
    if data["when"] == "upcoming":
        events = events.filter(ends_on__gte=today).order_by("starts_on", "id")
    elif data["when"] == "past":
        events = events.filter(ends_on__lt=today)
    return events


def index(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    page = Paginator(_list_queryset(request, form), 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": access.can_create_events(request.user),
    }
    return render_page(request, "events/index.html", "events/_event_rows.html", context)


def calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming events by month."""
    today = timezone.localdate()
    events = (
        Event.objects.visible_to(request.user)
        .upcoming(today)
        .select_related("state", "venue_country")[:200]
    )
    by_month: list[tuple[Any, list[Event]]] = []
    for event in events:
        key = event.starts_on.replace(day=1) if event.starts_on >= today else today.replace(day=1)
        if not by_month or by_month[-1][0] != key:
            by_month.append((key, []))
        by_month[-1][1].append(event)
    months = [(month, rows.calendar_items(listed)) for month, listed in by_month]
    return render(request, "events/calendar.html", {"months": months, "today": today})


def review_form_url(event: Event) -> str | None:
    """Where the event's plan gets its review recorded for this meeting, if it can be."""
    if not event.is_review_meeting or event.plan_id is None:
        return None
    return reverse("events:record_review", args=[event.slug])


@login_required
@require_http_methods(["GET", "POST"])
def record_review(request: HttpRequest, ref: str) -> HttpResponse:
    """The plan's review form, for this meeting: the review is linked to the event."""
    event = access.get_event_for_user(request.user, ref, write=True)
    if not event.is_review_meeting or event.plan_id is None:
        raise Http404(_("This event is not a review meeting of a plan."))
    plan = plans_access.get_plan_for_user(request.user, event.plan_id, write=True)
    meeting = Meeting(title=event.title, url=event.get_absolute_url(), held_on=event.ends_on)
    return review_form(
        request,
        plan,
        meeting=meeting,
        on_saved=lambda review: services.link_review(event, review, by=acting_user(request)),
    )


def detail(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    can_edit = event.can_edit(request.user)
    participants = event.participants.select_related("state", "agency", "organisation")
    groups: dict[str, list[Participant]] = {g: [] for g in Participant.Group.values}
    for participant in participants:
        groups[participant.group].append(participant)
    decisions = list(
        event.decisions.select_related("task__plan", "lead_agency", "plan", "applied_by")
    )
    plan_editable = bool(event.plan and event.plan.can_edit(request.user))
    notes = {n.lang: n for n in Note.objects.filter(event=event)}
    requests = list(event.requests.visible_to(request.user))
    history = list(audit.event_history(event, request.user)[: HISTORY_ON_PAGE + 1])
    context = {
        "event": event,
        "can_edit": can_edit,
        "history": history_lines(history[:HISTORY_ON_PAGE], request.user),
        "more_history": len(history) > HISTORY_ON_PAGE,
        "organisers": event.organisers.select_related("organisation", "state"),
        "participant_groups": [
            (label, groups[value]) for value, label in Participant.Group.choices
        ],
        "decisions": decisions,
        "plan_editable": plan_editable,
        "plan_visible": bool(event.plan and event.plan.is_visible_to(request.user)),
        "note_languages": [(lang, notes.get(lang)) for lang in LANGUAGES],
        "states_concerned": event.states_concerned.all(),
        "requests": requests,
        "follow_ups": event.follow_ups.visible_to(request.user),
        "review_form_url": review_form_url(event) if plan_editable else None,
        "organiser_form": OrganiserForm(prefix="organiser") if can_edit else None,
        "participant_form": ParticipantForm(event=event, prefix="participant")
        if can_edit
        else None,
        "outcome_form": (
            OutcomeForm(event=event, user=request.user, prefix="decision") if can_edit else None
        ),
    }
    return render(request, "events/detail.html", context)


def history(request: HttpRequest, ref: str) -> HttpResponse:
    """Everything done to the event, for whoever may see it."""
    event = access.get_event_for_user(request.user, ref)
    page = Paginator(audit.event_history(event, request.user), 100).get_page(
        request.GET.get("page")
    )
    context = {"event": event, "page": page, "lines": history_lines(page.object_list, request.user)}
    return render(request, "events/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_events(request.user):
        raise PermissionDenied(_("Only national coordinators and Committee experts record events."))
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        access.check_can_create(request.user, form.cleaned_data.get("state"))
        try:
            event = services.create_event(
                by=acting_user(request),
                states_concerned=form.cleaned_data.get("states_concerned") or [],
                **form.service_values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "requests" in form.cleaned_data:
                event.requests.set(form.cleaned_data["requests"])
            messages.success(request, _("Event recorded."))
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        new_state = form.cleaned_data.get("state")
        if new_state != event.state:
            access.check_can_create(request.user, new_state)
        try:
            services.update_event(
                event,
                by=acting_user(request),
                states_concerned=form.cleaned_data.get("states_concerned") or [],
                **form.service_values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "requests" in form.cleaned_data:
                event.requests.set(form.cleaned_data["requests"])
            messages.success(request, _("Event updated."))
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
@require_POST
def delete(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    services.delete_event(event, by=acting_user(request))
    messages.success(request, _("Event deleted."))
    return redirect("events:index")


def _error_message(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, sentences(exc.messages))


def _add_from_form(
    request: HttpRequest,
    event: Event,
    form: forms.BaseForm,
    save: Callable[..., object],
    anchor: str,
    success: str = "",
) -> HttpResponse:
    """Save one posted sub-form of the event page and return to its section with a message."""
    if form.is_valid():
        try:
            save(event, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _error_message(request, exc)
        else:
            if success:
                messages.success(request, success)
    else:
        messages.error(request, sentences(e for errors in form.errors.values() for e in errors))
    return redirect(f"{event.get_absolute_url()}#{anchor}")


@login_required
@require_POST
def organiser_add(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    form = OrganiserForm(request.POST, prefix="organiser")
    return _add_from_form(request, event, form, services.add_organiser, "organisers")


@login_required
@require_POST
def organiser_remove(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    organiser = event.organisers.filter(pk=pk).first()
    if organiser is not None:
        services.remove_organiser(organiser, by=acting_user(request))
    return redirect(f"{event.get_absolute_url()}#organisers")


@login_required
@require_POST
def participant_add(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    form = ParticipantForm(request.POST, event=event, prefix="participant")
    return _add_from_form(request, event, form, services.add_participant, "participants")


@login_required
@require_POST
def participant_remove(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    participant = event.participants.filter(pk=pk).first()
    if participant is not None:
        services.remove_participant(participant, by=acting_user(request))
    return redirect(f"{event.get_absolute_url()}#participants")


@login_required
@require_POST
def outcome_add(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    form = OutcomeForm(request.POST, event=event, user=request.user, prefix="decision")
    return _add_from_form(
        request, event, form, services.record_outcome, "decisions", _("Decision recorded.")
    )


@login_required
@require_POST
def outcome_apply(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    outcome = access.get_outcome_for_user(request.user, pk)
    if outcome.event_id != event.pk:
        return redirect(event)
    try:
        task = services.apply_outcome(outcome, by=acting_user(request))
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(
            request, _("Task %(number)s is now in the plan.") % {"number": task.number}
        )
    return redirect(f"{event.get_absolute_url()}#decisions")


@login_required
@require_POST
def outcome_delete(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    outcome = event.decisions.filter(pk=pk).first()
    if outcome is not None:
        try:
            services.delete_outcome(outcome, by=acting_user(request))
        except ValidationError as exc:
            _error_message(request, exc)
    return redirect(f"{event.get_absolute_url()}#decisions")
