from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.core.http.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment
from nap1540.core.http.redirects import safe_next
from nap1540.core.text import join_list, sentences
from nap1540.core.visibility import principal
from nap1540.plans import access, marks, reminders, services
from nap1540.plans.forms import MatrixProposalForm, ProgressForm, TaskForm
from nap1540.plans.models import Task, TaskUpdate
from nap1540.plans.services.gaps import proposal_description, proposal_title
from nap1540.plans.views.common import add_errors
from nap1540.registry.models import Agency


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk)
    marks.mark_tasks(request.user, [task])
    context = {
        "task": task,
        "plan": task.plan,
        "fields": task.fields.select_related("section"),
        "supporting": task.supporting_agencies.all(),
        "updates": TaskUpdate.objects.filter(task=task)
        .select_related("review", "recorded_by")
        .order_by("-recorded_at", "-id"),
        "carried_over_to": task.carried_over_to.visible_to(request.user).select_related("plan"),
        "carried_over_from": Task.objects.visible_to(request.user)
        .filter(pk=task.carried_over_from_id)
        .select_related("plan")
        .first()
        if task.carried_over_from_id
        else None,
        "can_edit": task.can_edit(request.user) and task.plan.accepts_reviews,
        "can_define": task.can_define(request.user) and task.plan.is_current,
        "progress_form": ProgressForm(
            initial={
                "status": task.status,
                "progress": task.progress,
                "lock_version": task.lock_version,
            }
        ),
    }
    return render(request, "plans/task_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_pk, write=True)
    form = TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(plan, by=acting_user(request), **form.service_values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Task %(number)s added.") % {"number": task.number})
            return redirect(plan)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, define=True)
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    status = 200
    if request.method == "POST" and form.is_valid():
        fresh = Task.objects.select_related("plan").get(pk=task.pk)
        try:
            services.update_task(
                fresh,
                by=acting_user(request),
                # The form carries every field: without the version it read it is refused
                # (no version is 0), never written over someone else's change.
                lock_version=form.cleaned_data.get("lock_version") or 0,
                **form.service_values(),
            )
        except services.StaleTaskError as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Task %(number)s saved.") % {"number": fresh.number})
            return redirect(fresh)
    context = {"form": form, "plan": task.plan, "task": task}
    return render(request, "plans/task_form.html", context, status=status)


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, define=True)
    plan = task.plan
    try:
        services.delete_task(task, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect(task)
    messages.success(request, _("Task deleted."))
    return redirect(plan)


@login_required
@require_POST
def task_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Record status, progress and a note (the focal point's update); HTMX returns the row."""
    task = access.get_task_for_user(request.user, pk, write=True)
    form = ProgressForm(request.POST)
    error = ""
    status = 200
    if form.is_valid():
        try:
            services.record_task_update(
                task,
                by=acting_user(request),
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                lock_version=form.cleaned_data.get("lock_version"),
            )
        except services.StaleTaskError as exc:
            error, status = str(exc), 409
            task.refresh_from_db()
        except ValidationError as exc:
            error, status = sentences(exc.messages), 422
    else:
        error, status = sentences(e for errors in form.errors.values() for e in errors), 422
    if wants_fragment(request):
        # Shown again after a refusal: the note always; the values when they were wrong (after
        # a conflict, 409, the row shows what is stored now, so saving again is deliberate).
        kept = ("note", "status", "progress") if status == 422 else ("note",)
        typed = {name: request.POST.get(name, "") for name in kept} if error else {}
        row = {
            "task": task,
            "error": error,
            "saved": not error,
            "today": timezone.localdate(),
            "typed": typed,
            "invalid": set(form.errors),
        }
        return vary_on_htmx(render(request, "plans/_my_task_row.html", row, status=status))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Task %(number)s updated.") % {"number": task.number})
    return vary_on_htmx(safe_next(request, task.get_absolute_url()))


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The focal point's tasks: those their agency leads (editable) and supports (read only)."""
    p = principal(request.user)
    agencies = list(Agency.objects.filter(pk__in=p.focal_agency_ids).order_by("name"))
    base = (
        Task.objects.visible_to(request.user)
        .current()
        .select_related("plan", "lead_agency")
        .order_by("due_date", "plan_id", "order", "id")
    )
    show = request.GET.get("show", "open")
    lead = base.filter(lead_agency_id__in=p.focal_agency_ids)
    if show == "open":
        lead = lead.open()
    supported = (
        base.filter(supporting_agencies__in=p.focal_agency_ids)
        .exclude(lead_agency_id__in=p.focal_agency_ids)
        .open()
        .distinct()
    )
    context = {
        "agencies": agencies,
        "tasks": list(lead),
        "supported": list(supported),
        "show": show,
        "today": timezone.localdate(),
        "is_coordinator": bool(p.coordinator_state_ids),
    }
    return render(request, "plans/my_tasks.html", context)


def due_list(request: HttpRequest) -> HttpResponse:
    """Open tasks of current plans you can see that are overdue or due within 30 days."""
    today = timezone.localdate()
    tasks = (
        Task.objects.visible_to(request.user)
        .current()
        .open()
        .filter(
            due_date__isnull=False, due_date__lte=today + timedelta(days=reminders.DUE_SOON_DAYS)
        )
        .select_related("plan__state", "lead_agency")
        .order_by("due_date", "plan_id", "order")
    )
    state = request.GET.get("state", "").upper()
    if state:
        tasks = tasks.filter(plan__state__iso3=state)
    rows = list(tasks[:500])
    context = {
        "overdue": [t for t in rows if t.due_date and t.due_date < today],
        "due_soon": [t for t in rows if t.due_date and t.due_date >= today],
        "today": today,
        "state": state,
        "truncated": len(rows) == 500,
    }
    return render(request, "plans/due_list.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("show") == "all"
    items = reminders.reminders_for(request.user, include_dismissed=show_all)
    context = {
        "reminders": items,
        "unread": sum(1 for r in items if not r.read and not r.dismissed),
        "show_all": show_all,
    }
    return render(request, "plans/inbox.html", context)


@login_required
@require_POST
def inbox_mark(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "read")
    keys = request.POST.getlist("key")
    if action == "read_all":
        keys = [r.key for r in reminders.reminders_for(request.user)]
    reminders.mark(
        request.user, keys, read=action in ("read", "read_all"), dismissed=action == "dismiss"
    )
    return safe_next(request, "plans:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def draft_from_gaps(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Proposals from the latest matrix's gaps; the coordinator picks, edits and adds them."""
    plan = access.get_plan_for_user(request.user, plan_pk, write=True)
    covered = set(
        Task.fields.through.objects.filter(task__plan=plan).values_list("fielddef__key", flat=True)
    )
    draft = services.gap_draft(plan.state, exclude_keys=covered)
    agencies = list(Agency.objects.filter(state=plan.state).order_by("name"))
    if request.method == "POST":
        chosen = []
        for i, proposal in enumerate(draft.proposals):
            if request.POST.get(f"pick-{i}") != "on":
                continue
            agency = request.POST.get(f"agency-{i}") or None
            chosen.append(
                {
                    "title": request.POST.get(f"title-{i}", "").strip() or proposal_title(proposal),
                    "fields": proposal.field_keys,
                    "section_code": proposal.section,
                    "lead_agency": int(agency) if agency and agency.isdigit() else None,
                    "description": proposal_description(proposal),
                    "due_date": request.POST.get(f"due-{i}") or None,
                }
            )
        if not chosen:
            messages.error(request, _("Pick at least one proposal."))
        else:
            try:
                created = services.create_tasks_from_proposals(
                    plan, by=acting_user(request), chosen=chosen
                )
            except ValidationError as exc:
                messages.error(request, sentences(exc.messages))
            else:
                count = len(created)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s task added from the matrix.",
                        "%(count)s tasks added from the matrix.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(plan)
    rows: list[dict[str, Any]] = []
    for i, proposal in enumerate(draft.proposals):
        suggested = draft.suggested_agency(proposal)
        rows.append(
            {
                "index": i,
                "proposal": proposal,
                "title": proposal_title(proposal),
                "agency": suggested,
                # Agency kinds as an enumeration with the reader's own comma (، 、 ,).
                "kinds": join_list(
                    Agency.Kind(k).label for k in proposal.kinds if k in Agency.Kind.values
                ),
                "why": proposal.why_text(),
            }
        )
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        sections.setdefault(row["proposal"].section, []).append(row)
    context = {
        "plan": plan,
        "draft": draft,
        "sections": list(sections.items()),
        "agencies": agencies,
        "covered": sorted(covered),
    }
    return render(request, "plans/draft_from_gaps.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def propose_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing the loop: a completed task proposes matrix changes for Committee review."""
    task = access.get_task_for_user(request.user, pk, define=True)
    form = MatrixProposalForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            matrix = services.propose_matrix_changes(
                task,
                by=acting_user(request),
                mark=form.cleaned_data["mark"],
                legal_reference=form.legal_reference(),
                remarks=form.cleaned_data["remarks"],
                field_keys=form.cleaned_data["fields_to_change"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Matrix changes proposed in draft version %(version)s for the Committee.")
                % {"version": getattr(matrix, "version", matrix.pk)},
            )
            return redirect(task)
    return render(request, "plans/propose_matrix.html", {"task": task, "form": form})
