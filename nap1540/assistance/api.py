"""Assistance API under /api/v1/assistance/: the same visibility as the pages.

A provider sees the requests distributed to it and the posted public summaries, never a private
request; anonymous callers see offers, public summaries and public requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from nap1540.accounts.auth import acting_user
from nap1540.assistance import access, vocabulary, workflow
from nap1540.assistance.drafting import review_item
from nap1540.assistance.matching.classify import resolve_declared
from nap1540.assistance.matching.languages import iso_code
from nap1540.assistance.matching.vocab import Facet
from nap1540.assistance.matching_adapter import unknown_regions
from nap1540.assistance.models import (
    Channel,
    Match,
    Offer,
    Priority,
    Proposal,
    Request,
    RequestItem,
    Transition,
)
from nap1540.assistance.services import offers
from nap1540.assistance.services import requests as request_services
from nap1540.assistance.services.matches import cancel_match, mark_delivered, start_delivery
from nap1540.assistance.services.proposals import confirm_proposal, decline_proposal
from nap1540.core.http.pagination import Pagination
from nap1540.core.references import viewer, visible_id
from nap1540.core.text import join_list, quoted
from nap1540.registry.models import Group, Organisation, State

router = Router(tags=["assistance"])


class ItemOut(Schema):
    id: int
    request: int
    number: int
    text: str
    section_codes: list[str]
    fields: list[str]
    weapon_categories: list[str]
    assistance_types: list[str]
    subjects: list[str]
    languages: list[str]
    priority: str
    source_task: int | None
    warnings: list[str] = []

    @staticmethod
    def resolve_warnings(obj: RequestItem) -> list[str]:
        return obj.request.requester_warnings() + _warnings_of(obj)

    @staticmethod
    def resolve_request(obj: RequestItem) -> int:
        return obj.request_id

    @staticmethod
    def resolve_fields(obj: RequestItem) -> list[str]:
        return [f.key for f in obj.fields.all()]

    @staticmethod
    def resolve_source_task(obj: RequestItem, context: Any) -> int | None:
        return visible_id(viewer(context), obj.source_task)


class RequestOut(Schema):
    id: int
    title: str
    requester: str
    requester_type: str
    date: dt.date
    channel: str
    status: str
    visibility: str
    consent_to_publish: bool
    public_summary: str
    received_on: dt.date | None
    acknowledged_on: dt.date | None
    distribution_deadline: dt.date | None
    distribution_objected: bool
    distributed_on: dt.date | None
    posting_deadline: dt.date | None
    posting_objected: bool
    summary_posted_on: dt.date | None
    matched_on: dt.date | None
    completed_on: dt.date | None
    closed_on: dt.date | None
    follow_up_due: dt.date | None
    is_demo: bool
    warnings: list[str] = []

    @staticmethod
    def resolve_requester(obj: Request) -> str:
        return obj.requester_code

    @staticmethod
    def resolve_requester_type(obj: Request) -> str:
        if obj.requester_is_unknown:
            return "unknown"
        return "state" if obj.state_id else "organisation"

    @staticmethod
    def resolve_warnings(obj: Request) -> list[str]:
        return obj.requester_warnings()


class RequestDetailOut(RequestOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: Request) -> list[RequestItem]:
        return list(obj.items.select_related("source_task__plan").prefetch_related("fields"))


class SummaryOut(Schema):
    id: int
    requester: str
    date: dt.date
    summary: str
    summary_posted_on: dt.date
    items: list[dict[str, Any]]


def _warnings_of(obj: Any) -> list[str]:
    """What `_read_labels` left out when this object was written by this call (else none)."""
    return list(getattr(obj, "api_warnings", []))


def _read_labels(data: dict[str, Any]) -> list[str]:
    """Turn declared labels into vocabulary slugs and ISO 639 codes, in place.

    A label that names nothing known is left out with a warning, which the response carries:
    one odd label never refuses the rest (wrong types still get a 422 from the schema)."""
    facets: dict[str, Facet] = {"assistance_types": "type", "subjects": "subject"}
    warnings: list[str] = []
    for key, facet in facets.items():
        if key not in data:
            continue
        kept: list[str] = []
        for value in data[key]:
            slugs, unknown = resolve_declared(facet, [value])
            if unknown:
                warnings.append(
                    _("%(field)s: %(value)s is not in the vocabulary; it was left out.")
                    % {"field": key, "value": quoted(value)}
                )
            kept += [slug for slug in slugs if slug not in kept]
        data[key] = kept
    if "languages" in data:
        codes: list[str] = []
        for value in data["languages"]:
            code = iso_code(value)
            if code is None:
                warnings.append(
                    _("languages: %(value)s is not a language we know (ISO 639); it was left out.")
                    % {"value": quoted(value)}
                )
            elif code not in codes:
                codes.append(code)
        data["languages"] = codes
    unknown_regions_found = unknown_regions(data.get("regions") or ())
    if unknown_regions_found:
        warnings.append(
            _(
                "regions: %(regions)s not recognised; kept as written and treated as unknown "
                "by matching (neither serving everyone nor excluding anyone)."
            )
            % {"regions": join_list(quoted(label) for label in unknown_regions_found)}
        )
    return warnings


class OfferOut(Schema):
    id: int
    code: str
    provider: str
    provider_type: str
    title: str
    description: str
    assistance_types: list[str]
    subjects: list[str]
    regions: list[str]
    languages: list[str]
    contact: str
    source_url: str
    active_from: dt.date | None
    active_to: dt.date | None
    is_withdrawn: bool
    warnings: list[str] = []

    @staticmethod
    def resolve_warnings(obj: Offer) -> list[str]:
        return _warnings_of(obj)

    @staticmethod
    def resolve_provider(obj: Offer) -> str:
        if obj.provider_state_id:
            return obj.provider_state.iso3  # type: ignore[union-attr]
        return obj.provider_organisation.code  # type: ignore[union-attr]

    @staticmethod
    def resolve_provider_type(obj: Offer) -> str:
        return "state" if obj.provider_state_id else "organisation"


class ReasonOut(Schema):
    """One reason: `text` is in the language asked for (Accept-Language); `code` and `params`
    are the same in every language."""

    criterion: str
    code: str
    params: dict[str, Any]
    text: str
    points: float = 0.0


class ProposalOut(Schema):
    id: int
    item: int
    offer: int
    rank: int
    score: float
    reasons: list[ReasonOut]
    explanation: str
    status: str
    decided_at: dt.datetime | None
    decline_reason: str

    @staticmethod
    def resolve_item(obj: Proposal) -> int:
        return obj.item_id

    @staticmethod
    def resolve_offer(obj: Proposal) -> int:
        return obj.offer_id

    @staticmethod
    def resolve_reasons(obj: Proposal) -> list[dict[str, Any]]:
        return obj.reason_lines


class MatchOut(Schema):
    id: int
    item: int
    offer: int
    proposal: int | None
    status: str
    confirmed_on: dt.date
    delivery_started_on: dt.date | None
    delivered_on: dt.date | None
    note: str

    @staticmethod
    def resolve_item(obj: Match) -> int:
        return obj.item_id

    @staticmethod
    def resolve_offer(obj: Match) -> int:
        return obj.offer_id

    @staticmethod
    def resolve_proposal(obj: Match) -> int | None:
        return obj.proposal_id


class TransitionOut(Schema):
    id: int
    request: int
    match: int | None
    event: str
    from_status: str
    to_status: str
    note: str
    by: str | None
    automatic: bool
    at: dt.datetime

    @staticmethod
    def resolve_request(obj: Transition) -> int:
        return obj.request_id

    @staticmethod
    def resolve_match(obj: Transition) -> int | None:
        return obj.match_id

    @staticmethod
    def resolve_by(obj: Transition) -> str | None:
        return obj.by.get_username() if obj.by else None


class RequestIn(Schema):
    title: str
    requester: str
    date: dt.date | None = None
    channel: Channel = Channel.NOTE_VERBALE
    contact_name: str = ""
    contact_email: str = ""
    consent_to_publish: bool = False
    public_summary: str = ""


class ItemIn(Schema):
    text: str
    section_codes: list[str] = []
    weapon_categories: list[str] = []
    assistance_types: list[str] = []
    subjects: list[str] = []
    languages: list[str] = []
    priority: Priority = Priority.MEDIUM


class StepIn(Schema):
    action: str
    note: str = ""
    # "submit" shares a private draft with the Committee: say so with confirm: true.
    confirm: bool = False


class DecisionIn(Schema):
    decision: str
    note: str = ""
    # Why an offer was declined: one of Proposal.DeclineReason ("other" needs a note).
    reason: str = ""
    # The proposal's status as the caller read it ("proposed"): when given, a confirmation of
    # a proposal decided since is refused (a decline is refused unless the proposal is open).
    status_read: str = ""


class DraftIn(Schema):
    text: str
    assistance_types: list[str] = []
    subjects: list[str] = []
    weapon_categories: list[str] = []
    section_codes: list[str] = []


class FlagOut(Schema):
    code: str
    message: str
    suggestion: str


class DraftOut(Schema):
    score: int
    flags: list[FlagOut]
    types: list[str]
    subjects: list[str]
    suggested_subjects: list[str]


def _requests(user: Any) -> Any:
    return Request.objects.visible_to(user).select_related("state", "group")


@router.get("/requests", response=list[RequestOut], summary="Requests you can see")
@paginate(Pagination)
def list_requests(request: HttpRequest, status: str = "", requester: str = "") -> Any:
    qs = _requests(request.user).order_by("-date", "-id")
    if status:
        qs = qs.filter(status=status)
    if requester:
        qs = (
            qs.filter(state__iso3=requester.upper())
            | qs.filter(group__code=requester)
            | qs.filter(requester_label=requester)
        )
    return qs


@router.get("/requests/{request_id}", response=RequestDetailOut, summary="One request with items")
def get_request(request: HttpRequest, request_id: int) -> Any:
    return access.get_request_for_user(request.user, request_id)


@router.post("/requests", response={201: RequestOut}, summary="Record or draft a request")
def create_request(request: HttpRequest, payload: RequestIn) -> Any:
    data = payload.dict()
    requester = data.pop("requester")
    state = State.objects.filter(iso3=requester.upper()).first()
    group = None if state else Group.objects.filter(code=requester).first()
    if state is None and group is None:
        if not requester.strip():
            raise ValidationError(_("requester: give a State code, a group code or a name."))
        # Not in the reference data (an organisation not added yet): kept as written, ranked
        # without a region check, and said so, as `nap1540 match` and the request form do.
        data["requester_label"] = requester.strip()
    if data.get("date") is None:
        data.pop("date")
    created = request_services.create_request(
        by=acting_user(request), state=state, group=group, **data
    )
    return Status(201, created)


@router.post("/requests/{request_id}/items", response={201: ItemOut}, summary="Add an item")
def add_item(request: HttpRequest, request_id: int, payload: ItemIn) -> Any:
    obj = access.get_request_for_user(request.user, request_id, write=True)
    data = payload.dict()
    warnings = _read_labels(data)
    item = request_services.add_item(obj, by=acting_user(request), **data)
    item.api_warnings = warnings  # type: ignore[attr-defined]  # read by ItemOut
    return Status(201, item)


@router.post(
    "/requests/{request_id}/steps",
    response=RequestOut,
    summary="Make a procedure step",
    description="Actions, as the request page's buttons: "
    + ", ".join(s.name for s in workflow.PROCEDURE if s.guard is not None)
    + ". `confirm: true` confirms a step that asks for it (submitting shares a private draft "
    "with the Committee).",
)
def make_step(request: HttpRequest, request_id: int, payload: StepIn) -> Any:
    obj = access.get_request_for_user(request.user, request_id)
    return workflow.PROCEDURE.perform(
        payload.action, obj, by=acting_user(request), note=payload.note, confirmed=payload.confirm
    )


@router.get(
    "/requests/{request_id}/transitions",
    response=list[TransitionOut],
    summary="A request's history",
)
def list_request_transitions(request: HttpRequest, request_id: int) -> Any:
    obj = access.get_request_for_user(request.user, request_id)
    return obj.transitions.visible_to(request.user).select_related("by")


@router.get("/summaries", response=list[SummaryOut], summary="Posted public summaries")
@paginate(Pagination)
def list_summaries(request: HttpRequest) -> Any:
    posted = Request.objects.posted().select_related("state", "group").prefetch_related("items")
    return [
        {
            "id": r.pk,
            "requester": r.requester_code,
            "date": r.date,
            "summary": workflow.summary_for_reader(r),
            "summary_posted_on": r.summary_posted_on,
            "items": [
                {
                    "number": i.number,
                    "assistance_types": i.assistance_types,
                    "subjects": i.subjects,
                    # The same, named in the language asked for (Accept-Language).
                    "subject_labels": vocabulary.labels(i.subjects),
                    "assistance_type_labels": vocabulary.labels(i.assistance_types),
                }
                for i in r.items.all()
            ],
        }
        for r in posted.order_by("-summary_posted_on", "-id")
    ]


@router.get("/items", response=list[ItemOut], summary="Request items you can see")
@paginate(Pagination)
def list_items(request: HttpRequest, request_id: int | None = None) -> Any:
    qs = RequestItem.objects.visible_to(request.user).prefetch_related("fields")
    if request_id is not None:
        qs = qs.filter(request_id=request_id)
    return qs.order_by("request_id", "number")


@router.get("/items/{item_id}", response=ItemOut, summary="One request item")
def get_item(request: HttpRequest, item_id: int) -> Any:
    return access.get_item_for_user(request.user, item_id)


@router.get("/proposals", response=list[ProposalOut], summary="Proposals with their reasons")
@paginate(Pagination)
def list_proposals(request: HttpRequest, item_id: int | None = None, status: str = "") -> Any:
    qs = Proposal.objects.visible_to(request.user)
    if item_id is not None:
        qs = qs.filter(item_id=item_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("item_id", "rank")


@router.post(
    "/proposals/{proposal_id}/decision",
    response=ProposalOut,
    summary="Confirm or decline a proposal (experts)",
)
def decide_proposal(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> Any:
    proposal = access.get_proposal_for_user(request.user, proposal_id)
    if payload.decision == "confirm":
        confirm_proposal(
            proposal,
            by=acting_user(request),
            note=payload.note,
            expected=payload.status_read or None,
        )
    elif payload.decision == "decline":
        decline_proposal(
            proposal, by=acting_user(request), reason=payload.reason, note=payload.note
        )
    else:
        raise ValidationError(_("decision must be “confirm” or “decline”."))
    return proposal


@router.get("/matches", response=list[MatchOut], summary="Confirmed matches you can see")
@paginate(Pagination)
def list_matches(request: HttpRequest, status: str = "") -> Any:
    qs = Match.objects.visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-confirmed_on", "-id")


@router.post("/matches/{match_id}/steps", response=MatchOut, summary="Track delivery")
def match_step(request: HttpRequest, match_id: int, payload: StepIn) -> Any:
    """Actions: start, delivered, cancel."""
    match = access.get_match_for_user(request.user, match_id)
    if payload.action == "start":
        return start_delivery(match, by=acting_user(request), note=payload.note)
    if payload.action == "delivered":
        return mark_delivered(match, by=acting_user(request), note=payload.note)
    if payload.action == "cancel":
        return cancel_match(match, by=acting_user(request), note=payload.note)
    raise ValidationError(_("Unknown action “%(value)s”.") % {"value": payload.action})


@router.get("/transitions", response=list[TransitionOut], summary="Procedure history")
@paginate(Pagination)
def list_transitions(request: HttpRequest, request_id: int | None = None) -> Any:
    qs = Transition.objects.visible_to(request.user).select_related("by")
    if request_id is not None:
        qs = qs.filter(request_id=request_id)
    return qs.order_by("request_id", "at", "id")


@router.get("/offers", response=list[OfferOut], summary="Offers of assistance (public)")
@paginate(Pagination)
def list_offers(request: HttpRequest, provider: str = "", include_withdrawn: bool = False) -> Any:
    qs = Offer.objects.visible_to(request.user).select_related(
        "provider_state", "provider_organisation"
    )
    if not include_withdrawn:
        qs = qs.filter(is_withdrawn=False)
    if provider:
        qs = qs.filter(provider_state__iso3=provider.upper()) | qs.filter(
            provider_organisation__code=provider
        )
    return qs.order_by("title")


@router.get("/offers/{offer_id}", response=OfferOut, summary="One offer")
def get_offer(request: HttpRequest, offer_id: int) -> Any:
    return access.get_offer_for_user(request.user, offer_id)


class OfferIn(Schema):
    code: str
    provider: str
    title: str
    description: str = ""
    assistance_types: list[str] = []
    subjects: list[str] = []
    regions: list[str] = []
    languages: list[str] = []
    contact: str = ""
    source_url: str = ""
    active_from: dt.date | None = None
    active_to: dt.date | None = None


@router.post("/offers", response={201: OfferOut}, summary="Add an offer (provider or expert)")
def create_offer(request: HttpRequest, payload: OfferIn) -> Any:
    data = payload.dict()
    provider = data.pop("provider")
    state = State.objects.filter(iso3=provider.upper()).first()
    organisation = None if state else Organisation.objects.filter(code=provider).first()
    if state is None and organisation is None:
        raise ValidationError(
            _("provider “%(value)s” is neither a State nor an organisation code.")
            % {"value": provider}
        )
    warnings = _read_labels(data)
    offer = offers.create_offer(
        by=acting_user(request), provider_state=state, provider_organisation=organisation, **data
    )
    offer.api_warnings = warnings  # type: ignore[attr-defined]  # read by OfferOut
    return Status(201, offer)


@router.post("/drafting-aid", response=DraftOut, summary="Flag generic wording in a request item")
def drafting_aid(request: HttpRequest, payload: DraftIn) -> Any:
    review = review_item(
        payload.text,
        assistance_types=payload.assistance_types,
        subjects=payload.subjects,
        weapon_categories=payload.weapon_categories,
        section_codes=payload.section_codes,
    )
    return {
        "score": review.score,
        "flags": [
            {"code": f.code, "message": f.message, "suggestion": f.suggestion} for f in review.flags
        ],
        "types": list(review.types),
        "subjects": list(review.subjects),
        "suggested_subjects": list(review.suggested_subjects),
    }
