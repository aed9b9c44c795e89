"""Visibility of State-owned records and the principal a user acts as.

A record owned by a State is `private` (that State's users), `committee` (also
the 1540 Committee's experts) or `public` (everyone, anonymous visitors too).
On top of its level the State can open a record to chosen other States
(`Share` rows, one per reader State). Child records (a plan's tasks, an event's
notes) have no visibility of their own: they name their root record with
`visibility_root` and are seen exactly by whoever sees it.

Querysets filter through `visible_to(user)`; single objects come through
`core.access`; pages, documents and the API mention another record only
through `core.references`. See docs/decisions/001-visibility.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeAlias

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Actor(Protocol):
    """A signed-in user as core sees it; `accounts.User` is the one implementation."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def load_principal(self) -> Principal: ...


AnyUser: TypeAlias = "Actor | AnonymousUser | None"


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the State")
    COMMITTEE = "committee", _("Shared with the 1540 Committee")
    PUBLIC = "public", _("Public")


LEVEL_ORDER = {Visibility.PRIVATE: 0, Visibility.COMMITTEE: 1, Visibility.PUBLIC: 2}


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


def principal(user: AnyUser) -> Principal:
    """The user's roles, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_nap1540_principal", None)
    if cached is not None:
        return cached
    result = user.load_principal()
    setattr(user, "_nap1540_principal", result)  # noqa: B010 - a per-request cache
    return result


# --- shares with chosen States ------------------------------------------------------------


def content_type_id(model: type[models.Model]) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model, for_concrete_model=True).pk


def _shares_for(user: AnyUser) -> dict[int, frozenset[int]]:
    """{content type id: ids} of records other States shared with the user's States."""
    p = principal(user)
    if not p.state_ids:
        return {}
    cached = getattr(user, "_nap1540_shares", None)
    if cached is not None:
        return cached

    found: dict[int, set[int]] = {}
    rows = Share.objects.filter(state__in=p.state_ids).values_list("content_type_id", "object_id")
    for ct, object_id in rows:
        found.setdefault(ct, set()).add(object_id)
    result = {ct: frozenset(ids) for ct, ids in found.items()}
    setattr(user, "_nap1540_shares", result)  # noqa: B010 - a per-request cache
    return result


def forget_cached_access(user: AnyUser) -> None:
    """Drop the per-request caches after the user's memberships or shares changed."""
    for name in ("_nap1540_principal", "_nap1540_shares"):
        if user is not None and hasattr(user, name):
            delattr(user, name)


def is_shared_with(user: AnyUser, record: models.Model) -> bool:
    ids = _shares_for(user).get(content_type_id(type(record)), frozenset())
    return record.pk in ids


# --- the rule, written once --------------------------------------------------------------


@cache
def root_of(model: type[models.Model]) -> tuple[str, type[Shareable]]:
    """The lookup path from `model` to the record whose visibility it follows, and its model."""
    path: str = getattr(model, "visibility_root", "")
    root: Any = model
    for part in path.split("__") if path else []:
        root = root._meta.get_field(part).related_model
    return path, root


def visibility_q(model: type[models.Model], user: AnyUser, prefix: str = "") -> Q:
    """Rows of `model` (reached from another model through `prefix`) that `user` may see."""
    path, root = root_of(model)
    return root.record_visibility_q(principal(user), f"{prefix}{path}__" if path else prefix)


class Shareable:
    """Mixin for root records: a level, an owning State and shares with chosen States.

    Subclasses may widen the rule with `extra_visibility_q` / `extra_visible` (events
    without a State belong to the Committee; requests are read by the providers they
    were sent to) and refuse narrowing with `narrowing_blockers`.
    """

    owner_field: ClassVar[str] = "state"
    # The short name of the record on its sharing page, /sharing/<kind>/<pk>/ ("" = none).
    share_kind: ClassVar[str] = ""
    pk: Any
    visibility: str

    @classmethod
    def record_visibility_q(cls, p: Principal, pre: str = "") -> Q:
        q = Q(**{f"{pre}visibility": Visibility.PUBLIC})
        if p.state_ids:
            shared = Share.objects.filter(
                content_type_id=content_type_id(cls),  # type: ignore[arg-type]
                state__in=p.state_ids,
            ).values("object_id")
            q |= Q(**{f"{pre}{cls.owner_field}__in": p.state_ids})
            q |= Q(**{f"{pre[:-2]}__in" if pre else "pk__in": shared})
        if p.is_expert:
            q |= Q(**{f"{pre}visibility": Visibility.COMMITTEE})
        extra = cls.extra_visibility_q(p, pre)
        return q | extra if extra is not None else q

    @classmethod
    def extra_visibility_q(cls, p: Principal, pre: str) -> Q | None:
        return None

    @property
    def owner_id(self) -> int | None:
        return getattr(self, f"{self.owner_field}_id")

    def is_visible_to(self, user: AnyUser) -> bool:
        p = principal(user)
        return (
            self.visibility == Visibility.PUBLIC
            or p.belongs_to(self.owner_id)
            or (p.is_expert and self.visibility == Visibility.COMMITTEE)
            or is_shared_with(user, self)  # type: ignore[arg-type]
            or self.extra_visible(p)
        )

    def extra_visible(self, p: Principal) -> bool:
        return False

    def can_share(self, user: AnyUser) -> bool:
        """Who decides who sees the record: the owning State's national coordinator."""
        return principal(user).coordinates(self.owner_id)

    def narrowing_blockers(self, level: str) -> list[str]:
        """Why the record may not be narrowed to `level` (something wider depends on it)."""
        return []

    def audience(self) -> Audience:

        shared = Share.objects.filter(
            content_type_id=content_type_id(type(self)),  # type: ignore[arg-type]
            object_id=self.pk,
        ).values_list("state_id", flat=True)
        return Audience(
            level=self.visibility,
            state_ids=frozenset({*shared, *([self.owner_id] if self.owner_id else [])}),
            experts_always=self.experts_always_see(),
        )

    def experts_always_see(self) -> bool:
        return False


@dataclass(frozen=True)
class Audience:
    """Who may read a record: its level, the States that see it, and whether experts do."""

    level: str
    state_ids: frozenset[int] = frozenset()
    experts_always: bool = False

    @property
    def includes_experts(self) -> bool:
        return self.experts_always or self.level in (Visibility.COMMITTEE, Visibility.PUBLIC)

    def covers(self, other: Audience) -> bool:
        """Everyone who may read `other` may also read this."""
        if self.level == Visibility.PUBLIC:
            return True
        if other.level == Visibility.PUBLIC:
            return False
        if other.includes_experts and not self.includes_experts:
            return False
        return other.state_ids <= self.state_ids


class VisibleQuerySet(models.QuerySet[Any]):
    """QuerySet of State-owned records and their children, filtered by who may see them."""

    def visibility_q(self, user: AnyUser) -> Q:
        return visibility_q(self.model, user)

    def visible_to(self, user: AnyUser) -> Self:
        return self.filter(self.visibility_q(user))


class StateOwned(Shareable, models.Model):
    """Abstract base for records a State owns and shares at a chosen level."""

    state = models.ForeignKey("registry.State", on_delete=models.PROTECT, verbose_name=_("State"))
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Illustrative content loaded by load-demo.")
    )
    # Deleting the record deletes its shares.
    shares = GenericRelation("core.Share")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def can_edit(self, user: AnyUser) -> bool:
        """By default only the owning State's national coordinator edits."""
        return principal(user).coordinates(self.state_id)


def root_record(obj: Any) -> Any:
    """The record whose visibility `obj` follows: itself, or its `visibility_root`."""
    for part in filter(None, getattr(type(obj), "visibility_root", "").split("__")):
        obj = getattr(obj, part)
    return obj


def refuse_level_in(values: dict[str, Any]) -> None:
    """Edits change what a record says, never who sees it: that is `set_level`'s alone."""
    if "visibility" in values:
        raise ValidationError(
            _('Who sees a record is changed on its sharing page ("Who sees this"), not here.')
        )


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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared on"), default=timezone.now)

    class Meta:
        verbose_name = _("share")
        ordering = ["content_type", "object_id", "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "state"],
                name="share_one_per_state",
                violation_error_message=_("The record is already shared with this State."),
            )
        ]
        indexes = [
            models.Index(fields=["state", "content_type"], name="share_reader"),
            models.Index(fields=["content_type", "object_id"], name="share_record"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} → {self.state}"


# --- the sharing page: which records, by their short name -------------------------------------


def shareable_models() -> dict[str, type[models.Model]]:
    """The records a State shares through the sharing page, by their `share_kind`."""
    from django.apps import apps

    return {
        model.share_kind: model
        for model in apps.get_models()
        if issubclass(model, Shareable) and model.share_kind
    }


def kind_of(record: models.Model) -> str:
    kind = getattr(type(record), "share_kind", "")
    if not kind:
        raise LookupError(f"{record._meta.label} is not shared through the sharing page")
    return str(kind)


def may_manage(record: Shareable, user: AnyUser) -> bool:
    """Who reads the sharing page: the owning State's own users (the coordinator acts)."""
    return principal(user).belongs_to(record.owner_id) or record.can_share(user)
