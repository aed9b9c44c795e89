"""The one path from a user to the objects they may see or change.

Each app's `access.py` builds its `get_<thing>_for_user` on `get_visible`.

`get_<thing>_for_user(user, pk, write=False)` raises Http404 when the object is
not visible to the user (so its existence is not revealed) and PermissionDenied
when it is visible but the user may not change it. Lists start from
`Model.objects.visible_to(user)`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def get_visible(
    queryset: models.QuerySet[M], user: Any, pk: Any, *, write: bool = False, what: str = ""
) -> M:
    """Fetch one object from a visible_to(user) queryset and check write access."""
    try:
        obj = queryset.visible_to(user).get(pk=pk)  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(
            _("No %(what)s with id %(pk)s that you can see.")
            % {
                "what": what or queryset.model._meta.verbose_name,
                "pk": pk,
            }
        ) from None
    if write and not obj.can_edit(user):  # type: ignore[attr-defined,unused-ignore]
        raise PermissionDenied(
            _("You can view this %(what)s but not change it.")
            % {"what": what or queryset.model._meta.verbose_name}
        )
    return obj
