"""Matrix versions as a history says them; registered from MatrixConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext

from nap1540.core.audit import EMPTY, ActionType, Deferred, Reading, show_date
from nap1540.core.text import join_list


def _mark(value: Any) -> str:
    if value in (None, ""):
        return pgettext("matrix mark", "blank")
    return str(value)


def _matrix(reading: Reading) -> dict[str, Any]:
    """What every matrix sentence may name: the version, from the data or the record itself."""
    version = reading.data.get("version") or reading.target(show=lambda m: m.version)
    marks = reading.data.get("mark")
    before, after = marks if isinstance(marks, list) and len(marks) == 2 else (None, None)
    addenda = reading.data.get("addenda") or []
    return {
        "version": version,
        "based_on": reading.data.get("based_on") or EMPTY,
        "framework": reading.text("framework"),
        "field": reading.text("field", 40),
        "before": _mark(before),
        "after": _mark(after),
        "count": reading.count("fields"),
        "report_date": reading.date("report_date"),
        "addenda": Deferred(lambda: join_list(show_date(d) for d in addenda) or EMPTY),
        "reason": reading.text("reason", 300),
        "old": reading.text("from"),
        "new": reading.text("to"),
        "kept": reading.count("kept"),
        "dropped": reading.count("dropped"),
        "added": reading.count("added"),
    }


def _based(reading: Reading) -> str:
    return "" if reading.data.get("based_on") else "new"


def _reason(reading: Reading) -> str:
    return "reason" if reading.data.get("reason") else ""


ACTIONS = (
    ActionType(
        "matrix.draft_started",
        _(
            "%(actor)s started the draft version %(version)s from the approved version "
            "%(based_on)s, on the template %(framework)s."
        ),
        _matrix,
        variants={
            "new": _(
                "%(actor)s started the draft version %(version)s on the template %(framework)s."
            )
        },
        pick=_based,
    ),
    ActionType(
        "matrix.entry_changed",
        _(
            "%(actor)s changed the field %(field)s in version %(version)s: mark %(before)s → "
            "%(after)s."
        ),
        _matrix,
    ),
    ActionType(
        "matrix.changes_proposed",
        ngettext_lazy(
            "%(actor)s proposed a change to %(count)d field of version %(version)s from a plan.",
            "%(actor)s proposed changes to %(count)d fields of version %(version)s from a plan.",
            "count",
        ),
        _matrix,
    ),
    ActionType(
        "matrix.imported",
        ngettext_lazy(
            "%(actor)s imported a workbook into version %(version)s, changing %(count)d field.",
            "%(actor)s imported a workbook into version %(version)s, changing %(count)d fields.",
            "count",
        ),
        _matrix,
    ),
    ActionType(
        "matrix.header_changed",
        _(
            "%(actor)s set the report dates of version %(version)s: report of %(report_date)s, "
            "addenda of %(addenda)s."
        ),
        _matrix,
    ),
    ActionType(
        "matrix.submitted",
        _("%(actor)s submitted version %(version)s to the Committee."),
        _matrix,
    ),
    ActionType(
        "matrix.returned",
        _("%(actor)s returned version %(version)s to draft."),
        _matrix,
        variants={"reason": _("%(actor)s returned version %(version)s to draft: %(reason)s")},
        pick=_reason,
    ),
    ActionType("matrix.approved", _("%(actor)s approved version %(version)s."), _matrix),
    ActionType(
        "matrix.migrated",
        _(
            "%(actor)s moved version %(version)s from the template %(old)s to %(new)s (fields "
            "kept: %(kept)d, dropped: %(dropped)d, added: %(added)d)."
        ),
        _matrix,
    ),
)
