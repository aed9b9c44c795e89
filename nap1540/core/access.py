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
from django.utils.translation import pgettext

M = TypeVar("M", bound=models.Model)


def get_visible(
    queryset: models.QuerySet[M],
    user: Any,
    pk: Any,
    *,
    write: bool = False,
    not_found: str | None = None,
    read_only: str | None = None,
) -> M:
    """Fetch one object from a visible_to(user) queryset and check write access.

    `not_found` (with `%(pk)s`) and `read_only` are whole sentences naming the kind of
    record, as each app words them ("No plan %(pk)s that you can see."): a model's name
    put into an English frame cannot agree in gender or case in other languages. Without
    them, the sentences name no kind.
    """
    try:
        obj = queryset.visible_to(user).get(pk=pk)  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, ValueError, TypeError):
        message = not_found or pgettext(
            "not found: any kind of record", "No record %(pk)s that you can see."
        )
        raise Http404(str(message) % {"pk": pk}) from None
    if write and not obj.can_edit(user):  # type: ignore[attr-defined,unused-ignore]
        raise PermissionDenied(
            str(read_only)
            if read_only
            else pgettext(
                "read-only: any kind of record", "You can view this record but not change it."
            )
        )
    return obj
