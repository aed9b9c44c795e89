"""The plans section of the State page, and the plan work on the home page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap1540.core.queues import SHOWN, Queue, Row, counts, first
from nap1540.core.visibility import principal
from nap1540.plans import reminders
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.rates import format_rate
from nap1540.registry import sections
from nap1540.registry.models import State


@sections.register(30)
def state_plans(request: HttpRequest, state: State) -> dict[str, Any] | None:
    latest = Review.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
    plans = (
        Plan.objects.visible_to(request.user)
        .filter(state=state)
        .annotate(latest_rate=Subquery(latest.values("implementation_rate")[:1]))
        .order_by("-period_start", "-id")
    )
    return {
        "title": _("National action plans"),
        "template": "plans/_state_section.html",
        "context": {
            "plans": list(plans),
            "state": state,
            "can_create": principal(request.user).coordinates(state.pk),
        },
    }


@sections.register_dashboard(20, menu="plans:index")
def plan_work_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The coordinator's plan at a glance; the focal point's tasks by due date."""
    p = principal(request.user)
    if p.coordinator_state_ids:
        return _coordinator_panel(request, p.coordinator_state_ids)
    if p.focal_agency_ids:
        return _focal_panel(request)
    return None


def _open_tasks(request: HttpRequest) -> Any:
    return reminders.responsible_tasks(request.user).visible_to(request.user)


def _by_due_date(tasks: Any) -> Any:
    # Overdue first (their dates are the oldest), then by due date; undated tasks last.
    return tasks.select_related("plan").order_by(
        F("due_date").asc(nulls_last=True), "plan_id", "order", "id"
    )


def _task_row(task: Task, today: date, verb: str) -> Row:
    overdue = task.is_overdue(today)
    return Row(
        url=task.get_absolute_url(),
        code=task.number,
        text=task.title,
        when=task.due_date,
        note="" if task.due_date else _("No due date."),
        verb=verb,
        overdue=overdue,
    )


def _reminders_link(request: HttpRequest) -> tuple[str, str]:
    unread = sum(1 for r in reminders.reminders_for(request.user) if not r.read)
    label = ngettext("Reminders: %(n)d unread", "Reminders: %(n)d unread", unread) % {"n": unread}
    return reverse("plans:inbox"), label


def _focal_panel(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()

    def tasks() -> Any:
        return _open_tasks(request)

    n = counts(
        request.user,
        "plans.focal",
        today,
        lambda: {"total": tasks(), "overdue": tasks().filter(due_date__lt=today)},
    )

    def context() -> dict[str, Any]:
        total = n["total"]
        rows = [_task_row(t, today, _("Update progress")) for t in first(_by_due_date(tasks()))]
        more_url, more_label = _reminders_link(request)
        queue = Queue(
            heading=_("My tasks by due date"),
            empty=_("No open task of a current plan is led by your agency."),
            rows=rows,
            total=total,
            all_url=reverse("plans:my_tasks"),
            all_label=ngettext("All %(n)d of my open tasks", "All %(n)d of my open tasks", total)
            % {"n": total},
            more_url=more_url,
            more_label=more_label,
        )
        return {"queues": [queue]}

    return {
        "title": _("My tasks"),
        "template": "core/_queues.html",
        "context": context,
        "count": n["overdue"],
    }


def _coordinator_panel(request: HttpRequest, state_ids: frozenset[int]) -> dict[str, Any]:
    today = timezone.localdate()
    soon = today + timedelta(days=reminders.DUE_SOON_DAYS)

    def due() -> dict[str, Any]:
        tasks = _open_tasks(request).filter(plan__state__in=state_ids)
        return {
            "overdue": tasks.filter(due_date__lt=today),
            "upcoming": tasks.filter(due_date__gte=today, due_date__lte=soon),
        }

    n = counts(request.user, "plans.coordinator", today, due)

    def context() -> dict[str, Any]:
        latest = Review.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
        plans = list(
            Plan.objects.visible_to(request.user)
            .filter(state__in=state_ids, status__in=Plan.CURRENT_STATUSES)
            .annotate(
                latest_rate=Subquery(latest.values("implementation_rate")[:1]),
                latest_on=Subquery(latest.values("held_on")[:1]),
            )
            .order_by("-period_start", "-id")[:SHOWN]
        )
        plan_rows = [_plan_row(plan) for plan in plans]
        lists = due()
        overdue, upcoming = lists["overdue"], lists["upcoming"]
        state_filter = ""
        if len(state_ids) == 1:
            state_filter = "?state=" + "".join(
                State.objects.filter(pk__in=state_ids).values_list("iso3", flat=True)
            )
        due_url = reverse("plans:due") + state_filter
        n_over, n_up = n["overdue"], n["upcoming"]
        more_url, more_label = _reminders_link(request)
        queues = [
            Queue(
                heading=_("Your State's current plan"),
                empty=_("Your State has no current plan: draft one from the matrix's gaps."),
                rows=plan_rows,
                total=len(plan_rows),
                more_url=reverse("plans:create") if not plan_rows else "",
                more_label=_("Create a national action plan"),
            ),
            Queue(
                heading=_("Overdue tasks"),
                empty=_("No open task of your State's current plans is past its due date."),
                rows=[
                    _task_row(t, today, _("Update progress")) for t in first(_by_due_date(overdue))
                ],
                total=n_over,
                all_url=due_url,
                all_label=ngettext("All %(n)d overdue task", "All %(n)d overdue tasks", n_over)
                % {"n": n_over},
            ),
            Queue(
                heading=_("Next deadlines, within 30 days"),
                empty=_("No open task of your State's current plans falls due within 30 days."),
                rows=[
                    _task_row(t, today, _("Open the task")) for t in first(_by_due_date(upcoming))
                ],
                total=n_up,
                all_url=due_url,
                all_label=ngettext(
                    "All %(n)d task due within 30 days",
                    "All %(n)d tasks due within 30 days",
                    n_up,
                )
                % {"n": n_up},
                more_url=more_url,
                more_label=more_label,
            ),
        ]
        return {"queues": queues}

    return {
        "title": _("National action plan"),
        "template": "core/_queues.html",
        "context": context,
        "count": n["overdue"],
    }


def _plan_row(plan: Plan) -> Row:
    rate = getattr(plan, "latest_rate", None)
    if rate is None:
        note = _("No review yet: the implementation rate is measured at the first review.")
        verb = _("Record a review")
    else:
        note = _("Implementation rate %(rate)s at the latest review.") % {"rate": format_rate(rate)}
        verb = _("Record a review")
    return Row(
        url=plan.get_absolute_url(),
        text=plan.title,
        when=getattr(plan, "latest_on", None),
        note=note,
        verb=verb,
        verb_url=reverse("plans:review_create", args=[plan.pk]),
    )
