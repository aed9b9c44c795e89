"""Refusals the matrix services raise; the API maps MatrixConflict to HTTP 409."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from nap1540.matrix.models import Entry, Matrix


class MatrixConflict(Exception):
    """The request is valid but the matrix is no longer in a state that allows it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MatrixLocked(MatrixConflict):
    @classmethod
    def for_matrix(cls, matrix: Matrix) -> MatrixLocked:
        if matrix.status == matrix.Status.APPROVED:
            message = _(
                "Version %(version)d is approved by the Committee and can no longer be changed. "
                "Start a new draft to propose changes."
            )
        else:
            message = _(
                "Version %(version)d has been submitted to the Committee and is read-only. "
                "Return it to draft to change it."
            )
        return cls(message % {"version": matrix.version})


class StaleEntry(MatrixConflict):
    """Someone saved the field after the editor loaded it (optimistic locking)."""

    def __init__(self, current: Entry) -> None:
        self.current = current
        who = str(current.updated_by) if current.updated_by else _("someone else")
        when = date_format(localtime(current.updated_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "Not saved: %(field)s was changed by %(who)s at %(when)s after you opened it "
                "(it now reads %(mark)s). Your change would overwrite theirs. Review the "
                "current value and apply your change again."
            )
            % {
                "field": current.field.key,
                "who": who,
                "when": when,
                "mark": current.mark or _("blank"),
            }
        )
