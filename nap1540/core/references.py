"""The one way a page, partial, document, export or API answer mentions another record.

A reference renders only when the viewer may see the record it names (`can_see`); otherwise
it renders as nothing, or as "a record not shared with you" where the gap matters. Text copied
from a linked record into a record of its own (a note's background drawn from the event it
follows up) is copied only when everyone who may read the result may read the source
(`may_quote`). Templates use the `references` tag library; Python code these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import gettext_lazy as _

from nap1540.core.visibility import Audience, Shareable, root_record

if TYPE_CHECKING:
    from nap1540.core.visibility import AnyUser

T = TypeVar("T")

NOT_SHARED = _("a record not shared with you")


def can_see(viewer: AnyUser, obj: Any) -> bool:
    """Whether `viewer` may open `obj` (records without visibility rules are reference data)."""
    if obj is None:
        return False
    checker = getattr(root_record(obj), "is_visible_to", None)
    return True if checker is None else bool(checker(viewer))


def only_visible(viewer: AnyUser, objs: Iterable[T]) -> list[T]:
    return [obj for obj in objs if can_see(viewer, obj)]


def visible_id(viewer: AnyUser, obj: Any) -> int | None:
    """The id of `obj` for an API payload, or None when the viewer may not see it."""
    return obj.pk if can_see(viewer, obj) else None


def visible_ids(viewer: AnyUser, objs: Iterable[Any]) -> list[int]:
    return [obj.pk for obj in objs if can_see(viewer, obj)]


@dataclass(frozen=True)
class Ref:
    obj: Any
    label: str
    url: str


def ref(viewer: AnyUser, obj: Any, label: str | None = None) -> Ref | None:
    """A link to `obj` for `viewer`, or None when it must not be mentioned."""
    if not can_see(viewer, obj):
        return None
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return Ref(obj, str(label if label is not None else obj), url)


def audience_of(obj: Any) -> Audience:
    root = root_record(obj)
    assert isinstance(root, Shareable), f"{type(obj).__name__} has no visibility"
    return root.audience()


def may_quote(source: Any, into: Any) -> bool:
    """Whether text of `source` may be copied into `into`: all of into's readers read source."""
    if source is None:
        return False
    return audience_of(source).covers(audience_of(into))


def viewer(context: Any) -> AnyUser:
    """The user an API schema resolver renders for (django-ninja passes `context`)."""
    request = (context or {}).get("request")
    return getattr(request, "user", None)
