from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from nap1540.core.http.pagination import Pagination
from nap1540.registry import access, services
from nap1540.registry.models import Agency, Group, Organisation, PointOfContact, State

router = Router(tags=["registry"])


class StateOut(Schema):
    iso3: str
    iso2: str
    numeric: str
    name: str
    official_name: str
    un_status: str


class AgencyOut(Schema):
    id: int
    state: str
    name: str
    acronym: str
    kind: str

    @staticmethod
    def resolve_state(obj: Agency) -> str:
        return obj.state.iso3


class StateDetailOut(StateOut):
    groups: list[str]
    agencies: list[AgencyOut]


class GroupOut(Schema):
    code: str
    name: str
    kind: str
    aliases: list[str]
    members: list[str]


class OrganisationOut(Schema):
    code: str
    name: str
    acronym: str
    kind: str
    parent: str | None
    website: str
    is_provider: bool

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        return obj.parent.code if obj.parent else None


class ContactOut(Schema):
    id: int
    state: str
    name: str
    function: str
    agency: str | None
    email: str
    phone: str
    languages: str
    visibility: str
    updated_at: datetime

    @staticmethod
    def resolve_state(obj: PointOfContact) -> str:
        return obj.state.iso3

    @staticmethod
    def resolve_agency(obj: PointOfContact) -> str | None:
        return obj.agency.name if obj.agency else None


class ContactIn(Schema):
    name: str
    function: str = ""
    agency: int | None = None
    email: str = ""
    phone: str = ""
    languages: str = ""


class ContactPatch(Schema):
    name: str | None = None
    function: str | None = None
    agency: int | None = None
    email: str | None = None
    phone: str | None = None
    languages: str | None = None


def _group_out(group: Group) -> dict[str, Any]:
    return {
        "code": group.code,
        "name": group.name,
        "kind": group.kind,
        "aliases": group.aliases,
        "members": [m.iso3 for m in group.members.all()],
    }


@router.get("/states", response=list[StateOut], summary="List States")
@paginate(Pagination)
def list_states(request: HttpRequest, q: str = "", group: str = "") -> Any:
    states = State.objects.search(q).order_by("name")
    if group:
        states = states.filter(groups__code=group)
    return states


@router.get("/states/{iso3}", response=StateDetailOut, summary="One State")
def get_state(request: HttpRequest, iso3: str) -> dict[str, Any]:
    state = access.get_state_for_user(request.user, iso3)
    return {
        **StateOut.from_orm(state).dict(),
        "groups": list(state.groups.order_by("code").values_list("code", flat=True)),
        "agencies": list(access.agencies_for_user(request.user, state).select_related("state")),
    }


@router.get(
    "/states/{iso3}/contacts", response=list[ContactOut], summary="A State's points of contact"
)
def list_contacts(request: HttpRequest, iso3: str) -> Any:
    state = access.get_state_for_user(request.user, iso3)
    return (
        PointOfContact.objects.visible_to(request.user)
        .filter(state=state)
        .select_related("state", "agency")
    )


def _contact_values(state: State, data: dict[str, Any]) -> dict[str, Any]:
    if "agency" in data and data["agency"] is not None:
        agency = Agency.objects.filter(state=state, pk=data["agency"]).first()
        if agency is None:
            raise ValidationError(f"Agency {data['agency']} is not an agency of {state.name}.")
        data["agency"] = agency
    return data


@router.post(
    "/states/{iso3}/contacts",
    response={201: ContactOut},
    summary="Add a point of contact (national coordinator)",
)
def create_contact(request: HttpRequest, iso3: str, payload: ContactIn) -> Any:
    state = access.get_state_for_user(request.user, iso3, write=True)
    values = _contact_values(state, payload.dict())
    return 201, services.create_contact(state=state, by=request.user, **values)  # type: ignore[arg-type]


@router.get("/contacts/{contact_id}", response=ContactOut, summary="One point of contact")
def get_contact(request: HttpRequest, contact_id: int) -> Any:
    return access.get_contact_for_user(request.user, contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut, summary="Change a point of contact")
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Any:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    values = _contact_values(contact.state, payload.dict(exclude_unset=True))
    return services.update_contact(contact, by=request.user, **values)  # type: ignore[arg-type]


@router.delete("/contacts/{contact_id}", response={204: None}, summary="Remove a point of contact")
def delete_contact(request: HttpRequest, contact_id: int) -> Any:
    contact = access.get_contact_for_user(request.user, contact_id, write=True)
    services.delete_contact(contact, by=request.user)  # type: ignore[arg-type]
    return 204, None


@router.get("/groups", response=list[GroupOut], summary="Regions and groups with their members")
@paginate(Pagination)
def list_groups(request: HttpRequest, kind: str = "") -> Any:
    groups = Group.objects.prefetch_related("members").order_by("code")
    if kind:
        groups = groups.filter(kind=kind)
    return [_group_out(g) for g in groups]


@router.get("/groups/{code}", response=GroupOut, summary="One group")
def get_group(request: HttpRequest, code: str) -> dict[str, Any]:
    return _group_out(access.get_group_for_user(request.user, code))


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations")
@paginate(Pagination)
def list_organisations(request: HttpRequest, provider: bool | None = None) -> Any:
    orgs = Organisation.objects.select_related("parent").order_by("code")
    if provider is not None:
        orgs = orgs.filter(is_provider=provider)
    return orgs


@router.get("/agencies", response=list[AgencyOut], summary="National agencies")
@paginate(Pagination)
def list_agencies(request: HttpRequest, state: str = "") -> Any:
    agencies = Agency.objects.select_related("state").order_by("state__iso3", "name")
    if state:
        agencies = agencies.filter(state__iso3=state.upper())
    return agencies
