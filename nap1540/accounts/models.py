from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nap1540.core.visibility import Principal


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def load_principal(self) -> Principal:
        """The roles this user holds, read from the active memberships."""
        state_ids: set[int] = set()
        coordinator: set[int] = set()
        agencies: set[int] = set()
        organisations: set[int] = set()
        expert = admin = False
        rows = Membership.objects.filter(user_id=self.pk, is_active=True).values_list(
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
        return Principal(
            user_id=self.pk,
            state_ids=frozenset(state_ids),
            coordinator_state_ids=frozenset(coordinator),
            focal_agency_ids=frozenset(agencies),
            organisation_ids=frozenset(organisations),
            is_expert=expert,
            is_committee_admin=admin,
        )


class Membership(models.Model):
    """Ties a user to a State, an organisation or the 1540 Committee, with a role."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("National coordinator")
        FOCAL_POINT = "focal_point", _("Agency focal point")
        VIEWER = "viewer", _("State viewer")
        PROVIDER = "provider", _("Assistance provider")
        EXPERT = "expert", _("Committee expert")
        ADMIN = "admin", _("Committee administrator")

    STATE_ROLES = (Role.COORDINATOR, Role.FOCAL_POINT, Role.VIEWER)
    COMMITTEE_ROLES = (Role.EXPERT, Role.ADMIN)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    state = models.ForeignKey(
        "registry.State", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("State")
    )
    agency = models.ForeignKey(
        "registry.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("agency"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(
                name="membership_role_scope",
                violation_error_message=_(
                    "This role does not fit the State, agency or organisation chosen: coordinators "
                    "and viewers belong to a State, focal points to an agency of a State, "
                    "providers to an organisation, experts to no State at all."
                ),
                condition=(
                    Q(
                        role__in=["coordinator", "viewer"],
                        state__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role="focal_point",
                        state__isnull=False,
                        agency__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role="provider",
                        organisation__isnull=False,
                        state__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=["expert", "admin"],
                        state__isnull=True,
                        agency__isnull=True,
                        organisation__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "state", "agency", "organisation"],
                name="membership_unique",
                violation_error_message=_("This person already has this role here."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.agency or self.state or self.organisation or _("1540 Committee")
        return f"{self.user} — {self.get_role_display()} ({scope})"


class APIToken(models.Model):
    """A bearer token for scripts; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, expires_at: Any = None) -> tuple[APIToken, str]:
        raw = "nap_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[:8], digest=cls.hash(raw), expires_at=expires_at
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = cls.objects.select_related("user").filter(digest=cls.hash(raw)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
