"""Plans, tasks and reviews as a history says them; registered from PlansConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext

from nap1540.core.audit import EMPTY, ActionType, Deferred, Reading, show_rate
from nap1540.core.text import join_clauses
from nap1540.plans.models import Task

PLAN = "plans.Plan"
TASK = "plans.Task"


def _plan(reading: Reading) -> dict[str, Any]:
    return {"plan": reading.subject, "changes": reading.changes(PLAN)}


def _task(reading: Reading) -> dict[str, Any]:
    return {
        "task": reading.subject,
        "changes": reading.changes(TASK),
        "note": reading.text("note", 200),
    }


def _has_note(reading: Reading) -> str:
    return "note" if reading.data.get("note") else ""


def _deleted_plan(reading: Reading) -> dict[str, Any]:
    return {"plan": reading.subject, "count": reading.count("tasks")}


def _superseded(reading: Reading) -> dict[str, Any]:
    return {
        "plan": reading.subject,
        "successor": reading.mention(PLAN, reading.data.get("successor")),
    }


def _next_period(reading: Reading) -> dict[str, Any]:
    return {
        "plan": reading.subject,
        "previous": reading.mention(PLAN, reading.data.get("from_plan")),
        "carried": reading.count("carried"),
        "closed": reading.count("closed"),
        "added": reading.count("added"),
    }


def _imported(reading: Reading) -> dict[str, Any]:
    return {"plan": reading.subject, "count": reading.count("tasks")}


def _proposed(reading: Reading) -> dict[str, Any]:
    # The matrix draft is not named: it may be read by fewer people than the plan.
    return {"task": reading.subject, "count": reading.count("changes")}


def _status(value: Any) -> str:
    return str(Task.Status(value).label) if value in Task.Status.values else str(value or EMPTY)


def _moves(reading: Reading) -> Deferred | str:
    """A review's task moves: [{"number", "before": [status, progress], "after": [...]}]."""
    moves = reading.data.get("changes")
    if not isinstance(moves, list) or not moves:
        return EMPTY

    def say() -> str:
        return join_clauses(
            pgettext(
                "audit review move",
                "task %(number)s: %(old_status)s, %(old_progress)s%% → "
                "%(new_status)s, %(new_progress)s%%",
            )
            % {
                "number": move.get("number", EMPTY),
                "old_status": _status(move["before"][0]),
                "old_progress": move["before"][1],
                "new_status": _status(move["after"][0]),
                "new_progress": move["after"][1],
            }
            for move in moves
        )

    return Deferred(say)


def _review(reading: Reading) -> dict[str, Any]:
    return {
        "review": reading.subject,
        "date": reading.date("held_on"),
        "rate": show_rate(reading.data.get("implementation_rate")),
        "moves": _moves(reading),
        "event": reading.mention("events.Event", reading.data.get("event")),
    }


def _has_moves(reading: Reading) -> str:
    return "moves" if reading.data.get("changes") else ""


ACTIONS = (
    ActionType("plan.created", _("%(actor)s created the plan %(plan)s."), _plan),
    ActionType("plan.updated", _("%(actor)s changed the plan %(plan)s: %(changes)s."), _plan),
    ActionType("plan.adopted", _("%(actor)s adopted the plan %(plan)s."), _plan),
    ActionType(
        "plan.submitted", _("%(actor)s submitted the plan %(plan)s to the Committee."), _plan
    ),
    ActionType("plan.closed", _("%(actor)s closed the plan %(plan)s."), _plan),
    ActionType(
        "plan.superseded",
        _("%(actor)s replaced the plan %(plan)s with its update %(successor)s."),
        _superseded,
    ),
    ActionType(
        "plan.reinstated",
        _("%(actor)s deleted the update of the plan %(plan)s, which is in force again."),
        _plan,
    ),
    ActionType(
        "plan.deleted",
        ngettext_lazy(
            "%(actor)s deleted the draft plan %(plan)s and its %(count)d task.",
            "%(actor)s deleted the draft plan %(plan)s and its %(count)d tasks.",
            "count",
        ),
        _deleted_plan,
    ),
    ActionType(
        "plan.updated_to_next_period",
        _(
            "%(actor)s started the plan %(plan)s as the update of %(previous)s (tasks carried "
            "over: %(carried)d, closed: %(closed)d, added: %(added)d)."
        ),
        _next_period,
    ),
    ActionType(
        "plan.tasks_imported",
        ngettext_lazy(
            "%(actor)s imported %(count)d task into the plan %(plan)s from a workbook.",
            "%(actor)s imported %(count)d tasks into the plan %(plan)s from a workbook.",
            "count",
        ),
        _imported,
    ),
    ActionType("task.created", _("%(actor)s added the task %(task)s."), _task),
    ActionType("task.updated", _("%(actor)s changed the task %(task)s: %(changes)s."), _task),
    ActionType(
        "task.progress",
        _("%(actor)s recorded the progress of the task %(task)s: %(changes)s."),
        _task,
        variants={
            "note": _(
                "%(actor)s recorded the progress of the task %(task)s: %(changes)s. Note: %(note)s"
            )
        },
        pick=_has_note,
    ),
    ActionType("task.deleted", _("%(actor)s removed the task %(task)s."), _task),
    ActionType(
        "task.matrix_proposed",
        ngettext_lazy(
            "%(actor)s proposed a change to %(count)d matrix field from the completed task "
            "%(task)s.",
            "%(actor)s proposed changes to %(count)d matrix fields from the completed task "
            "%(task)s.",
            "count",
        ),
        _proposed,
    ),
    ActionType(
        "review.recorded",
        _("%(actor)s recorded the review %(review)s of %(date)s: implementation rate %(rate)s."),
        _review,
        variants={
            "moves": _(
                "%(actor)s recorded the review %(review)s of %(date)s: implementation rate "
                "%(rate)s; %(moves)s."
            )
        },
        pick=_has_moves,
    ),
    ActionType(
        "review.linked_to_event",
        _("%(actor)s recorded that the review %(review)s was held at the event %(event)s."),
        _review,
    ),
    ActionType("review.deleted", _("%(actor)s deleted the review %(review)s."), _review),
)
