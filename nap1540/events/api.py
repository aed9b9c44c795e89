"""Events, participants, information notes, agendas and reports under /api/v1/events/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from nap1540.accounts.auth import acting_user
from nap1540.core.http.pagination import Pagination
from nap1540.core.references import can_see, viewer, visible_id
from nap1540.core.rendering import files
from nap1540.events import access, services
from nap1540.events.agenda import agenda_items, draft_agenda
from nap1540.events.documents import note_file
from nap1540.events.models import Event, Note, Outcome, Participant
from nap1540.events.note_labels import LANGUAGES
from nap1540.events.notes import NoteContent, generate_note_content
from nap1540.registry.models import Agency, Organisation, State

router = Router(tags=["events"])

# The note languages (`note_labels.LANGUAGES`, tested to match) as OpenAPI shows them.
NoteLang = Literal["ar", "zh-hans", "en", "fr", "ru", "es"]
NoteFormat = Literal["docx", "pdf", "html"]


class EventOut(Schema):
    id: int
    slug: str
    kind: str
    title: str
    starts_on: date
    ends_on: date
    venue_city: str
    venue_country: str | None
    state: str | None
    visibility: str
    is_demo: bool
    url: str


class OrganiserOut(Schema):
    name: str
    organisation: str | None
    state: str | None


class ParticipantOut(Schema):
    id: int
    group: str
    name: str
    state: str | None
    agency_id: int | None
    organisation: str | None
    count: int | None


class DecisionOut(Schema):
    id: int
    text: str
    action: str
    task_id: int | None
    task_title: str
    lead_agency_id: int | None
    due_date: date | None
    applied_at: datetime | None

    @staticmethod
    def resolve_task_id(obj: Outcome, context: Any) -> int | None:
        return visible_id(viewer(context), obj.task)


class NoteLinks(Schema):
    lang: str
    edited: bool
    revision: int
    page: str
    docx: str
    pdf: str
    html: str
    api_download: str


class EventDetailOut(EventOut):
    states_concerned: list[str]
    plan_id: int | None
    review_id: int | None
    follow_up_to: str | None
    background: str
    objectives: str
    overview: str
    outcomes: str
    follow_up: str
    summary: str
    organisers: list[OrganiserOut]
    participants: list[ParticipantOut]
    decisions: list[DecisionOut]
    notes: list[NoteLinks]


class EventIn(Schema):
    kind: Event.Kind
    title: str
    starts_on: date
    ends_on: date
    state: str | None = None
    venue_city: str = ""
    venue_country: str | None = None
    is_online: bool = False
    states_concerned: list[str] = []
    plan_id: int | None = None
    background: str = ""
    objectives: str = ""
    overview: str = ""
    outcomes: str = ""
    follow_up: str = ""
    summary: str = ""


class ParticipantIn(Schema):
    group: Participant.Group
    name: str = ""
    state: str | None = None
    agency_id: int | None = None
    organisation: str | None = None
    count: int | None = None


class NoteIn(Schema):
    event_text: str
    organisers_text: str
    date_venue_text: str
    participants: list[tuple[str, str]]
    background: str = ""
    overview: str = ""
    additional_comments: str = ""
    comment: str = ""


class NoteOut(NoteIn):
    lang: str
    edited: bool
    revision: int


class TaskRefOut(Schema):
    task_id: int
    number: str
    title: str
    plan_id: int
    lead_agency_id: int | None
    due_date: date | None


class AgendaTaskOut(Schema):
    id: int
    number: str
    title: str
    due_date: date | None
    status: str


class AgendaOut(Schema):
    event: str
    plan_id: int
    since: date
    implementation_rate: float | None
    items: list[str]
    overdue: list[AgendaTaskOut]
    blocked: list[AgendaTaskOut]
    due: list[AgendaTaskOut]
    matrix_changes: list[dict[str, Any]]


class ReportLinks(Schema):
    docx: str
    pdf: str


def _state(code: str | None) -> State | None:
    if not code:
        return None
    state = State.objects.filter(iso3=code.upper()).first()
    if state is None:
        raise ValidationError(f"No State with ISO code {code!r}.")
    return state


def _note_links(event: Event, lang: str, note: Note | None) -> dict[str, Any]:
    def download(fmt: str) -> str:
        return reverse("events:note_download", args=[event.slug, lang, fmt])

    return {
        "lang": lang,
        "edited": note is not None,
        "revision": note.revision if note else 0,
        "page": reverse("events:note", args=[event.slug, lang]),
        "docx": download("docx"),
        "pdf": download("pdf"),
        "html": download("html"),
        "api_download": reverse("api:events_note_download", args=[event.slug, lang]),
    }


def _event_base(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "kind": event.kind,
        "title": event.title,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "venue_city": event.venue_city,
        "venue_country": event.venue_country.iso3 if event.venue_country else None,
        "state": event.state.iso3 if event.state else None,
        "visibility": event.visibility,
        "is_demo": event.is_demo,
        "url": event.get_absolute_url(),
    }


def _event_detail(event: Event, user: Any) -> dict[str, Any]:
    notes = {n.lang: n for n in event.notes.all()}
    participants = event.participants.select_related("state", "agency", "organisation")
    return {
        **_event_base(event),
        "states_concerned": [s.iso3 for s in event.states_concerned.all()],
        "plan_id": visible_id(user, event.plan),
        "review_id": visible_id(user, event.review),
        "follow_up_to": event.follow_up_to.slug
        if event.follow_up_to is not None and can_see(user, event.follow_up_to)
        else None,
        **{f: getattr(event, f) for f in ("background", "objectives", "overview", "outcomes")},
        "follow_up": event.follow_up,
        "summary": event.summary,
        "organisers": [
            {
                "name": str(o),
                "organisation": o.organisation.code if o.organisation else None,
                "state": o.state.iso3 if o.state else None,
            }
            for o in event.organisers.select_related("organisation", "state")
        ],
        "participants": [_participant_out(p) for p in participants],
        "decisions": list(event.decisions.select_related("task__plan")),
        "notes": [_note_links(event, lang, notes.get(lang)) for lang in LANGUAGES],
    }


def _participant_out(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "group": p.group,
        "name": p.display_name,
        "state": p.state.iso3 if p.state else None,
        "agency_id": p.agency_id,
        "organisation": p.organisation.code if p.organisation else None,
        "count": p.count,
    }


@router.get("/", response=list[EventOut], summary="Events you can see")
@paginate(Pagination)
def list_events(
    request: HttpRequest,
    kind: str = "",
    state: str = "",
    q: str = "",
    upcoming: bool = False,
) -> Any:
    events = Event.objects.visible_to(request.user).select_related("state", "venue_country")
    if kind:
        events = events.filter(kind=kind)
    if state:
        events = events.filter(
            Q(state__iso3=state.upper()) | Q(states_concerned__iso3=state.upper())
        )
        events = events.distinct()
    if q:
        events = events.filter(title__icontains=q)
    if upcoming:
        events = events.upcoming()
    return [_event_base(e) for e in events]


@router.post("/", response={201: EventDetailOut}, summary="Record an event")
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    from nap1540.plans.models import Plan

    state = _state(payload.state)
    access.check_can_create(request.user, state)
    plan = None
    if payload.plan_id is not None:
        plan = Plan.objects.visible_to(request.user).filter(pk=payload.plan_id).first()
        if plan is None or (state is not None and plan.state_id != state.pk):
            raise ValidationError(f"No plan {payload.plan_id} of this State that you can see.")
    values = payload.dict(exclude={"state", "venue_country", "states_concerned", "plan_id"})
    event = services.create_event(
        by=acting_user(request),
        state=state,
        venue_country=_state(payload.venue_country),
        plan=plan,
        states_concerned=[s for s in (_state(c) for c in payload.states_concerned) if s],
        **values,
    )
    return Status(201, _event_detail(event, request.user))


@router.get("/calendar", response=list[EventOut], summary="Upcoming events you can see")
def calendar(request: HttpRequest) -> Any:
    events = (
        Event.objects.visible_to(request.user).upcoming().select_related("state", "venue_country")
    )
    return [_event_base(e) for e in events[:200]]


@router.get("/{ref}", response=EventDetailOut, summary="One event, by slug or id")
def get_event(request: HttpRequest, ref: str) -> Any:
    return _event_detail(access.get_event_for_user(request.user, ref), request.user)


@router.delete("/{ref}", response={204: None}, summary="Delete an event")
def delete_event(request: HttpRequest, ref: str) -> Any:
    event = access.get_event_for_user(request.user, ref, write=True)
    services.delete_event(event, by=acting_user(request))
    return Status(204, None)


@router.get("/{ref}/participants", response=list[ParticipantOut], summary="Who took part")
def list_participants(request: HttpRequest, ref: str) -> Any:
    event = access.get_event_for_user(request.user, ref)
    participants = event.participants.select_related("state", "agency", "organisation")
    return [_participant_out(p) for p in participants]


@router.post("/{ref}/participants", response={201: ParticipantOut}, summary="Add a participant")
def add_participant(request: HttpRequest, ref: str, payload: ParticipantIn) -> Any:
    event = access.get_event_for_user(request.user, ref, write=True)
    agency = None
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            raise ValidationError(f"No agency {payload.agency_id}.")
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise ValidationError(f"No organisation with code {payload.organisation!r}.")
    participant = services.add_participant(
        event,
        by=acting_user(request),
        group=payload.group,
        name=payload.name,
        state=_state(payload.state),
        agency=agency,
        organisation=organisation,
        count=payload.count,
    )
    return Status(201, _participant_out(participant))


@router.get("/{ref}/notes", response=list[NoteLinks], summary="The event's information notes")
def list_notes(request: HttpRequest, ref: str) -> Any:
    event = access.get_event_for_user(request.user, ref)
    notes = {n.lang: n for n in event.notes.all()}
    return [_note_links(event, lang, notes.get(lang)) for lang in LANGUAGES]


def _note_out(event: Event, lang: str) -> dict[str, Any]:
    note = access.get_note(event, lang)
    content = NoteContent.from_note(note) if note else generate_note_content(event, lang)
    return {
        "lang": lang,
        "edited": note is not None,
        "revision": note.revision if note else 0,
        "event_text": content.event_text,
        "organisers_text": content.organisers_text,
        "date_venue_text": content.date_venue_text,
        "participants": content.participants,
        "background": content.background,
        "overview": content.overview,
        "additional_comments": content.additional_comments,
        "comment": "",
    }


@router.get("/{ref}/notes/{lang}", response=NoteOut, summary="A note's text (edited or generated)")
def get_note(request: HttpRequest, ref: str, lang: NoteLang) -> Any:
    return _note_out(access.get_event_for_user(request.user, ref), lang)


@router.put("/{ref}/notes/{lang}", response=NoteOut, summary="Save the edited text of a note")
def put_note(request: HttpRequest, ref: str, lang: NoteLang, payload: NoteIn) -> Any:
    event = access.get_event_for_user(request.user, ref, write=True)
    data = payload.dict()
    comment = data.pop("comment")
    services.save_note(event, lang, NoteContent(**data), by=acting_user(request), comment=comment)
    return _note_out(event, lang)


@router.get(
    "/{ref}/notes/{lang}/download",
    summary="Download a note as DOCX, PDF or HTML",
    url_name="events_note_download",
)
def download_note(
    request: HttpRequest, ref: str, lang: NoteLang, format: NoteFormat = "pdf"
) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    return files.file_response(note_file(event, lang, format))


@router.get("/{ref}/agenda", response=AgendaOut, summary="Draft agenda of a review meeting")
def agenda(request: HttpRequest, ref: str) -> Any:
    from django.http import Http404

    event = access.get_event_for_user(request.user, ref)
    draft = draft_agenda(event, request.user)
    if draft is None:
        raise Http404("This event has no plan you can see, so there is no agenda.")

    def tasks(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": t.pk,
                "number": t.number,
                "title": t.title,
                "due_date": t.due_date,
                "status": t.status,
            }
            for t in items
        ]

    return {
        "event": event.slug,
        "plan_id": draft.plan.pk,
        "since": draft.since,
        "implementation_rate": draft.rate.rate,
        "items": agenda_items(draft),
        "overdue": tasks(draft.overdue),
        "blocked": tasks(draft.blocked),
        "due": tasks(draft.due),
        "matrix_changes": [
            {
                "field": c.field_key,
                "section": c.section,
                "before": c.mark_before,
                "after": c.mark_after,
                "changed_at": c.changed_at.isoformat(),
            }
            for c in draft.matrix_changes
        ],
    }


@router.post(
    "/{ref}/decisions/{decision_id}/apply",
    response=TaskRefOut,
    summary="Put a decision into the plan (create or update its task)",
)
def apply_decision(request: HttpRequest, ref: str, decision_id: int) -> Any:
    event = access.get_event_for_user(request.user, ref)
    outcome = access.get_outcome_for_user(request.user, decision_id)
    if outcome.event_id != event.pk:
        raise ValidationError(f"Decision {decision_id} is not a decision of this event.")
    task = services.apply_outcome(outcome, by=acting_user(request))
    return {
        "task_id": task.pk,
        "number": task.number,
        "title": task.title,
        "plan_id": task.plan_id,
        "lead_agency_id": task.lead_agency_id,
        "due_date": task.due_date,
    }
