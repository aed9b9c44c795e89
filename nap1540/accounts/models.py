from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


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


class AuditEvent(models.Model):
    """Who did what to which record, and when; written in the same transaction."""

    action = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    state = models.ForeignKey("registry.State", null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @classmethod
    def record(
        cls,
        action: str,
        *,
        target: models.Model,
        by: Any = None,
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        actor = by if by is not None and getattr(by, "is_authenticated", False) else None
        state_id = getattr(target, "state_id", None)
        if target._meta.model_name == "state":
            state_id = target.pk
        return cls.objects.create(
            action=action,
            actor=actor,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_repr=str(target)[:300],
            state_id=state_id,
            data=data or {},
        )

    @classmethod
    def for_target(cls, target: models.Model) -> models.QuerySet[AuditEvent]:
        return cls.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).select_related("actor")


class Share(models.Model):
    """A record its State opened to one other State, beyond its visibility level.

    Sharing with a group adds one row per member State at that moment (`group` says
    through which group): a State that joins the group later gains nothing without a
    new, explicit act of the owning State. See docs/decisions/001-visibility.md.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    state = models.ForeignKey(
        "registry.State", on_delete=models.CASCADE, related_name="+", verbose_name=_("State")
    )
    group = models.ForeignKey(
        "registry.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("through the group"),
    )
    shared_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared on"), default=timezone.now)

    class Meta:
        verbose_name = _("share")
        ordering = ["content_type", "object_id", "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "state"], name="share_one_per_state"
            )
        ]
        indexes = [
            models.Index(fields=["state", "content_type"], name="share_reader"),
            models.Index(fields=["content_type", "object_id"], name="share_record"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} → {self.state}"
