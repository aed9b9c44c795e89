"""How a user reaches the registry's records: States, groups, contacts, agencies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from nap1540.core.access import get_visible
from nap1540.core.visibility import principal
from nap1540.registry.models import Agency, Group, PointOfContact, State


def get_state_for_user(user: Any, iso3: str, *, write: bool = False) -> State:
    """States are public reference data; only their coordinators manage State-level records."""
    state = State.objects.filter(iso3=str(iso3).upper()).first()
    if state is None:
        raise Http404(_("No State with code %(code)s.") % {"code": iso3})
    if write and not principal(user).coordinates(state.pk):
        raise PermissionDenied(
            _("Only a national coordinator of %(state)s can change this.") % {"state": state}
        )
    return state


def get_contact_for_user(user: Any, pk: Any, *, write: bool = False) -> PointOfContact:
    return get_visible(
        PointOfContact.objects.select_related("agency", "state"), user, pk, write=write
    )


def get_group_for_user(user: Any, code: str, *, write: bool = False) -> Group:
    group = Group.objects.filter(code=code).first()
    if group is None:
        raise Http404(_("No group with code %(code)s.") % {"code": code})
    if write and (group.is_reference or not can_manage_groups(user)):
        raise PermissionDenied(_("Reference groups are changed through the shipped data files."))
    return group


def can_manage_groups(user: Any) -> bool:
    p = principal(user)
    return p.is_expert or bool(p.coordinator_state_ids)


def agencies_for_user(user: Any, state: State) -> models.QuerySet[Agency]:
    """A State's agencies are listed publicly: their names appear in public documents."""
    return Agency.objects.filter(state=state)
