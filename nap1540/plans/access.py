"""Plans, tasks and reviews for a user, through `core.access.get_visible`.

404 when the user cannot see the object (its existence is not revealed), 403 when
they can see it but not make the change asked for:

* a plan and its reviews are changed by the State's national coordinator;
* a task's progress (status, progress, note) also by the focal point of its lead agency;
* what a task is (title, agencies, dates, fields) only by the coordinator.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from nap1540.core.access import get_visible
from nap1540.core.visibility import principal
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.services.tasks import PROGRESS_FIELDS


def get_plan_for_user(user: Any, pk: Any, *, write: bool = False) -> Plan:
    return get_visible(
        Plan.objects.select_related("state", "coordinating_agency", "replaces"),
        user,
        pk,
        write=write,
        not_found=_("No plan %(pk)s that you can see."),
        read_only=_("You can view this plan but not change it."),
    )


def get_task_for_user(user: Any, pk: Any, *, write: bool = False, define: bool = False) -> Task:
    """`write`: may record progress; `define`: may change what the task is."""
    task = get_visible(
        Task.objects.select_related("plan__state", "lead_agency"),
        user,
        pk,
        write=write or define,
        not_found=_("No task %(pk)s that you can see."),
        read_only=_("You can view this task but not change it."),
    )
    if define and not task.can_define(user):
        raise PermissionDenied(
            _(
                "Only the national coordinator can change what a task is; "
                "you can update its progress."
            )
        )
    return task


def check_task_change(user: Any, task: Task, fields: set[str]) -> None:
    """Refuse a change that touches more than progress unless the user is the coordinator."""
    if fields - set(PROGRESS_FIELDS) - {"note", "lock_version"} and not task.can_define(user):
        raise PermissionDenied(
            _("As a focal point you can change only a task's status, progress and note.")
        )


def get_review_for_user(user: Any, pk: Any, *, write: bool = False) -> Review:
    return get_visible(
        Review.objects.select_related("plan__state"),
        user,
        pk,
        write=write,
        not_found=_("No review %(pk)s that you can see."),
        read_only=_("You can view this review but not change it."),
    )


def can_see_history(user: Any, plan: Plan) -> bool:
    """Who changed what is shown to the State's own users and the Committee's experts."""
    p = principal(user)
    return p.belongs_to(plan.state_id) or p.is_expert
