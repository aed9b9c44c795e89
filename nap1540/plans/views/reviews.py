from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.core.http.params import date_param
from nap1540.plans import access, overview, services
from nap1540.plans.forms import ReviewForm, SuccessorForm
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.reasons import reason_text
from nap1540.plans.services.gaps import proposal_description, proposal_title
from nap1540.plans.views.common import add_errors


def _rows(tasks: list[Task], data: Any) -> list[dict[str, Any]]:
    """One form row per task, from the POST (if any) or the task's current state."""
    rows = []
    for task in tasks:
        if data is not None:
            rows.append(
                {
                    "task": task,
                    "status": data.get(f"status-{task.pk}", task.status),
                    "progress": data.get(f"progress-{task.pk}", task.progress),
                    "note": data.get(f"note-{task.pk}", ""),
                    "lock_version": data.get(f"version-{task.pk}", task.lock_version),
                }
            )
        else:
            rows.append(
                {
                    "task": task,
                    "status": task.status,
                    "progress": task.progress,
                    "note": "",
                    "lock_version": task.lock_version,
                }
            )
    return rows


@dataclass(frozen=True)
class Meeting:
    """The meeting a review is recorded for, as the form shows it (events holds the link)."""

    title: str
    url: str
    held_on: date


def review_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Every task's status, progress and note in one form."""
    plan = access.get_plan_for_user(request.user, plan_pk, write=True)
    return review_form(request, plan)


def review_form(
    request: HttpRequest,
    plan: Plan,
    *,
    meeting: Meeting | None = None,
    on_saved: Callable[[Review], None] | None = None,
) -> HttpResponse:
    """The review form for a plan the caller may change; `on_saved` runs in the same
    transaction as the review (the events app links its meeting to the review)."""
    if not plan.accepts_reviews:
        messages.error(request, _("This plan is closed: no more reviews can be recorded."))
        return redirect(plan)
    tasks = list(plan.tasks.select_related("lead_agency").order_by("order", "id"))
    post = request.POST if request.method == "POST" else None
    held_on = meeting.held_on if meeting else date_param(request, "held_on")
    initial: dict[str, Any] = {"held_on": held_on or timezone.localdate()}
    if meeting is not None:
        initial["title"] = meeting.title
    form = ReviewForm(post, initial=initial)
    rows = _rows(tasks, post)
    status = 200
    if post is not None and form.is_valid():
        updates = [
            {
                "task": row["task"].pk,
                "status": row["status"],
                "progress": row["progress"] if str(row["progress"]).strip() != "" else 0,
                "note": row["note"],
                "lock_version": row["lock_version"],
            }
            for row in rows
        ]
        try:
            with transaction.atomic():
                review = services.record_review(
                    plan,
                    by=acting_user(request),
                    held_on=form.cleaned_data["held_on"],
                    title=form.cleaned_data["title"],
                    notes=form.cleaned_data["notes"],
                    updates=updates,
                )
                if on_saved is not None:
                    on_saved(review)
        except services.StaleTaskError as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Review recorded."))
            return redirect(review)
    context = {
        "plan": plan,
        "form": form,
        "rows": rows,
        "statuses": Task.Status.choices,
        "meeting": meeting,
    }
    return render(request, "plans/review_form.html", context, status=status)


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, pk)
    plan = review.plan
    reviews = list(plan.reviews.order_by("held_on", "id"))
    index = next(i for i, r in enumerate(reviews) if r.pk == review.pk)
    previous = reviews[index - 1] if index > 0 else None
    updates = review.updates.select_related("task__lead_agency").order_by("task__order", "task_id")
    changes = overview.compare_reviews(previous, review) if previous else []
    context = {
        "review": review,
        "plan": plan,
        "updates": updates,
        "previous": previous,
        "changes": [c for c in changes if c.change.kind != "unchanged"],
        "can_edit": review.can_edit(request.user),
        "meetings": _meetings(request, review),
    }
    return render(request, "plans/review_detail.html", context)


def _meetings(request: HttpRequest, review: Review) -> list[Any]:
    """The meetings (events hold the link) that recorded this review, as the user sees them."""
    meetings = review.events.order_by("starts_on", "id")
    return [e for e in meetings if e.is_visible_to(request.user)]


def review_compare(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """What changed between two reviews of a plan (by default the last two)."""
    plan = access.get_plan_for_user(request.user, plan_pk)
    reviews = list(plan.reviews.order_by("held_on", "id"))
    by_id = {str(r.pk): r for r in reviews}
    first = by_id.get(request.GET.get("from", ""))
    second = by_id.get(request.GET.get("to", ""))
    if (first is None or second is None) and len(reviews) >= 2:
        first, second = first or reviews[-2], second or reviews[-1]
    changes = overview.compare_reviews(first, second) if first and second else []
    context = {
        "plan": plan,
        "reviews": reviews,
        "first": first,
        "second": second,
        "changes": changes,
        "newly_completed": sum(1 for c in changes if c.change.newly_completed),
        "moved": [c for c in changes if c.change.kind != "unchanged"],
    }
    return render(request, "plans/review_compare.html", context)


@login_required
@require_POST
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review_for_user(request.user, pk, write=True)
    plan = review.plan
    services.delete_review(review, by=acting_user(request))
    messages.success(request, _("Review deleted. The tasks keep their current status."))
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
def successor_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Update the plan to the next period: preview what carries over, then create it."""
    plan = access.get_plan_for_user(request.user, plan_pk, write=True)
    data = request.POST if request.method == "POST" else (request.GET or None)
    next_start = plan.period_end + timedelta(days=1)
    initial = {
        "title": plan.title,
        "period_start": next_start,
        "period_end": date(next_start.year + 4, 12, 31),
    }
    form = SuccessorForm(data, initial=initial)
    preview = None
    if data is not None and form.is_valid():
        preview = services.successor_preview(
            plan,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
        )
        if request.method == "POST" and request.POST.get("confirm") == "1":
            chosen = [
                {
                    "title": proposal_title(p),
                    "fields": p.field_keys,
                    "section_code": p.section,
                    "lead_agency": preview.gaps.suggested_agency(p),
                    "description": proposal_description(p),
                }
                for i, p in enumerate(preview.gaps.proposals)
                if request.POST.get(f"pick-{i}") == "on"
            ]
            try:
                successor = services.create_successor(
                    plan,
                    by=acting_user(request),
                    title=form.cleaned_data["title"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    proposals=chosen,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The plan for the new period has been created."))
                return redirect("plans:update_summary", successor.pk)
    context = {
        "plan": plan,
        "form": form,
        "preview": preview,
        "reasons": {
            d.task.pk: reason_text(
                d.reason,
                d.task.progress,
                d.task.completed_on.isoformat() if d.task.completed_on else "",
            )
            for d in ([*preview.carried, *preview.closed] if preview else [])
        },
    }
    return render(request, "plans/successor_form.html", context)


def update_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What carried over into this plan from the one it replaced, what closed, and why."""
    plan = access.get_plan_for_user(request.user, pk)
    summary = plan.update_summary
    if not summary:
        raise Http404(_("This plan was not created by updating an earlier plan."))
    carried = [
        {**row, "text": reason_text(row["reason"], row.get("progress", 0))}
        for row in summary.get("carried", [])
    ]
    closed = [
        {**row, "text": reason_text(row["reason"], 0, row.get("completed_on") or "")}
        for row in summary.get("closed", [])
    ]
    previous = Plan.objects.visible_to(request.user).filter(pk=summary.get("from_plan")).first()
    context = {
        "plan": plan,
        "previous": previous,
        "carried": carried,
        "closed": closed,
        "added": summary.get("added", []),
    }
    return render(request, "plans/update_summary.html", context)


def rate_history(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk)
    reviews: list[Review] = list(plan.reviews.order_by("held_on", "id"))
    return render(
        request,
        "plans/rate_history.html",
        {"plan": plan, "reviews": reviews, "chart": overview.history_chart(reviews)},
    )
