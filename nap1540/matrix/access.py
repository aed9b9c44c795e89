"""Fetching matrices for a user: 404 when not visible, 403 when visible but not writable.

Builds on `core.access` (the one path from a user to objects) for matrix versions,
which are addressed by State and version number rather than by primary key.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nap1540.core.access import get_visible
from nap1540.core.visibility import principal
from nap1540.matrix.models import Entry, Matrix
from nap1540.registry import access
from nap1540.registry.models import State


def matrices_for_user(user: Any, state: State | None = None) -> QuerySet[Matrix]:
    matrices = Matrix.objects.visible_to(user).select_related("framework", "state")
    return matrices.filter(state=state) if state is not None else matrices


def get_matrix_for_user(user: Any, iso3: str, version: int, *, write: bool = False) -> Matrix:
    state = access.get_state_for_user(user, iso3)
    matrix = matrices_for_user(user, state).filter(version=version).first()
    if matrix is None:
        raise Http404(
            _("No version %(version)s of the matrix of %(state)s that you can see.")
            % {"version": version, "state": state}
        )
    if write and not matrix.can_edit(user):
        raise PermissionDenied(cannot_edit_message(matrix))
    return matrix


def get_matrix_by_id_for_user(user: Any, pk: Any, *, write: bool = False) -> Matrix:
    matrix = get_visible(
        Matrix.objects.select_related("framework", "state"),
        user,
        pk,
        not_found=_("No matrix %(pk)s that you can see."),
    )
    if write and not matrix.can_edit(user):
        raise PermissionDenied(cannot_edit_message(matrix))
    return matrix


def get_entry_for_user(
    user: Any, matrix: Matrix, *, pk: Any = None, field_key: str | None = None
) -> Entry:
    entries = Entry.objects.filter(matrix=matrix).select_related(
        "field", "field__section", "updated_by", "matrix", "matrix__state"
    )
    try:
        entry = entries.get(pk=pk) if pk is not None else entries.get(field__key=field_key)
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404(
            _("Version %(version)d has no field %(field)s.")
            % {"version": matrix.version, "field": field_key or pk}
        ) from None
    return entry


def cannot_edit_message(matrix: Matrix) -> str:
    if matrix.status == Matrix.Status.APPROVED:
        return _("Version %(version)d is approved and cannot be changed.") % {
            "version": matrix.version
        }
    if matrix.status == Matrix.Status.SUBMITTED:
        return _("Version %(version)d is submitted to the Committee and is read-only.") % {
            "version": matrix.version
        }
    return _("Only the national coordinator and Committee experts can edit this draft.")


def can_start_draft(user: Any, state: State) -> bool:
    p = principal(user)
    return p.coordinates(state.pk) or p.is_expert


def require_start_draft(user: Any, state: State) -> None:
    if not can_start_draft(user, state):
        raise PermissionDenied(
            _(
                "Only the national coordinator of %(state)s or a Committee expert can start a "
                "new version."
            )
            % {"state": state}
        )
