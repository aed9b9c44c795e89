"""Visibility of State-owned records and the principal a user acts as.

A record owned by a State is `private` (that State's users), `committee` (also
the 1540 Committee's experts) or `public` (everyone, anonymous visitors too).
Querysets filter through `visible_to(user)`; `accounts.access` is the only
place views fetch single objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nap1540.accounts.models import User


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the State")
    COMMITTEE = "committee", _("Shared with the 1540 Committee")
    PUBLIC = "public", _("Public")


@dataclass(frozen=True)
class Principal:
    """What a user may act as, computed once per request from memberships."""

    user_id: int | None = None
    state_ids: frozenset[int] = field(default_factory=frozenset)
    coordinator_state_ids: frozenset[int] = field(default_factory=frozenset)
    focal_agency_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    is_expert: bool = False
    is_committee_admin: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def coordinates(self, state_id: int | None) -> bool:
        return state_id is not None and state_id in self.coordinator_state_ids

    def belongs_to(self, state_id: int | None) -> bool:
        return state_id is not None and state_id in self.state_ids


ANONYMOUS = Principal()


def principal(user: User | AnonymousUser | None) -> Principal:
    """The user's roles, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_nap1540_principal", None)
    if cached is not None:
        return cached
    from nap1540.accounts.models import Membership

    state_ids: set[int] = set()
    coordinator: set[int] = set()
    agencies: set[int] = set()
    organisations: set[int] = set()
    expert = admin = False
    rows = Membership.objects.filter(user_id=user.pk, is_active=True).values_list(
        "role", "state_id", "agency_id", "organisation_id"
    )
    for role, state_id, agency_id, organisation_id in rows:
        if state_id is not None:
            state_ids.add(state_id)
        if role == Membership.Role.COORDINATOR:
            coordinator.add(state_id)
        elif role == Membership.Role.FOCAL_POINT and agency_id is not None:
            agencies.add(agency_id)
        elif role == Membership.Role.PROVIDER and organisation_id is not None:
            organisations.add(organisation_id)
        elif role == Membership.Role.EXPERT:
            expert = True
        elif role == Membership.Role.ADMIN:
            expert = admin = True
    result = Principal(
        user_id=user.pk,
        state_ids=frozenset(state_ids),
        coordinator_state_ids=frozenset(coordinator),
        focal_agency_ids=frozenset(agencies),
        organisation_ids=frozenset(organisations),
        is_expert=expert,
        is_committee_admin=admin,
    )
    setattr(user, "_nap1540_principal", result)  # noqa: B010 - a per-request cache
    return result


class VisibleQuerySet(models.QuerySet[Any]):
    """QuerySet of State-owned records, filtered by who may see them.

    Models name where their owning State and visibility live with
    `visibility_state_path` and `visibility_path` (a task reads both from its plan).
    """

    def visibility_q(self, user: User | AnonymousUser | None) -> Q:
        p = principal(user)
        state_path = getattr(self.model, "visibility_state_path", "state")
        vis_path = getattr(self.model, "visibility_path", "visibility")
        q = Q(**{vis_path: Visibility.PUBLIC})
        if p.state_ids:
            q |= Q(**{f"{state_path}__in": p.state_ids})
        if p.is_expert:
            q |= Q(**{vis_path: Visibility.COMMITTEE})
        return q

    def visible_to(self, user: User | AnonymousUser | None) -> Self:
        return self.filter(self.visibility_q(user))


class StateOwned(models.Model):
    """Abstract base for records a State owns and shares at a chosen level."""

    state = models.ForeignKey("registry.State", on_delete=models.PROTECT, verbose_name=_("State"))
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Illustrative content loaded by load-demo.")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_visible_to(self, user: User | AnonymousUser | None) -> bool:
        p = principal(user)
        return (
            self.visibility == Visibility.PUBLIC
            or p.belongs_to(self.state_id)
            or (p.is_expert and self.visibility == Visibility.COMMITTEE)
        )

    def can_edit(self, user: User | AnonymousUser | None) -> bool:
        """By default only the owning State's national coordinator edits."""
        return principal(user).coordinates(self.state_id)
