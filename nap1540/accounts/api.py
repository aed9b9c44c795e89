"""/api/v1/sharing/: who sees a record, and the State's acts that change it (as the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from nap1540.accounts import sharing
from nap1540.accounts.auth import acting_user
from nap1540.accounts.models import Membership
from nap1540.core.visibility import Visibility, may_manage
from nap1540.registry.models import Group
from nap1540.registry.services import states_from_codes

router = Router(tags=["sharing"])
# Who the API sees you as, at /api/v1/me.
me_router = Router(tags=["registry"])


class ShareOut(Schema):
    group: str | None
    states: list[str]
    shared_at: dt.datetime
    shared_by: str | None


class HistoryOut(Schema):
    at: dt.datetime
    by: str | None
    text: str


class SharingOut(Schema):
    kind: str
    id: int
    level: str
    audience: str
    shares: list[ShareOut]
    can_share: bool
    history: list[HistoryOut]


class LevelIn(Schema):
    level: Visibility
    confirm: bool = False


class ShareIn(Schema):
    states: list[str] = []
    group: str = ""


def _managed(request: HttpRequest, kind: str, pk: int) -> Any:
    record = sharing.record_for(request.user, kind, pk)
    if not may_manage(record, request.user):
        raise PermissionDenied(_("Who sees a record is decided, and shown, by its own State."))
    return record


def _out(record: Any, kind: str, user: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": record.pk,
        "level": record.visibility,
        "audience": sharing.audience_sentence(record.visibility),
        "shares": [
            {
                "group": line.group.code if line.group else None,
                "states": [s.iso3 for s in line.states],
                "shared_at": line.shared_at,
                "shared_by": line.shared_by.get_username() if line.shared_by else None,
            }
            for line in sharing.shares_of(record)
        ],
        "can_share": record.can_share(user),
        "history": [
            {"at": h.at, "by": h.by.get_username() if h.by else None, "text": h.text}
            for h in sharing.history_lines(record, user)
        ],
    }


@router.get("/{kind}/{pk}", response=SharingOut, summary="Who sees a record (its own State)")
def get_sharing(request: HttpRequest, kind: str, pk: int) -> Any:
    return _out(_managed(request, kind, pk), kind, request.user)


@router.put(
    "/{kind}/{pk}/level",
    response=SharingOut,
    summary="Change a record's level (publishing needs confirm: true)",
)
def put_level(request: HttpRequest, kind: str, pk: int, payload: LevelIn) -> Any:
    record = _managed(request, kind, pk)
    sharing.set_level(
        record, level=payload.level, by=acting_user(request), confirmed=payload.confirm
    )
    return _out(record, kind, request.user)


def _group(code: str) -> Group | None:
    if not code:
        return None
    group = Group.objects.filter(code=code).first()
    if group is None:
        raise ValidationError(_("No group with the code %(code)s.") % {"code": code})
    return group


@router.post(
    "/{kind}/{pk}/shares",
    response={201: SharingOut},
    summary="Share a record with chosen States or a group",
)
def post_shares(request: HttpRequest, kind: str, pk: int, payload: ShareIn) -> Any:
    record = _managed(request, kind, pk)
    sharing.share_with(
        record,
        by=acting_user(request),
        states=states_from_codes(payload.states),
        group=_group(payload.group),
    )
    return Status(201, _out(record, kind, request.user))


@router.delete(
    "/{kind}/{pk}/shares/{iso3}", response={204: None}, summary="Stop sharing with one State"
)
def delete_state_share(request: HttpRequest, kind: str, pk: int, iso3: str) -> Any:
    record = _managed(request, kind, pk)
    sharing.withdraw(record, by=acting_user(request), state=states_from_codes([iso3])[0])
    return Status(204, None)


@router.delete(
    "/{kind}/{pk}/groups/{code}",
    response={204: None},
    summary="Stop sharing with the States a group was given",
)
def delete_group_share(request: HttpRequest, kind: str, pk: int, code: str) -> Any:
    record = _managed(request, kind, pk)
    sharing.withdraw(record, by=acting_user(request), group=_group(code))
    return Status(204, None)


class MembershipOut(Schema):
    role: str
    state: str | None
    agency: str | None
    organisation: str | None


class MeOut(Schema):
    authenticated: bool
    username: str | None
    memberships: list[MembershipOut]


@me_router.get("/me", response=MeOut, summary="Who the API sees you as")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"authenticated": False, "username": None, "memberships": []}
    rows = Membership.objects.filter(user=user, is_active=True).select_related(
        "state", "agency", "organisation"
    )
    return {
        "authenticated": True,
        "username": user.get_username(),
        "memberships": [
            {
                "role": m.role,
                "state": m.state.iso3 if m.state else None,
                "agency": m.agency.name if m.agency else None,
                "organisation": m.organisation.code if m.organisation else None,
            }
            for m in rows
        ],
    }
