from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.accounts.sharing import submission_sentence
from nap1540.core.audit import AuditEvent, history_lines, readable_by
from nap1540.core.http.downloads import download
from nap1540.core.http.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment
from nap1540.core.text import sentences
from nap1540.core.visibility import principal
from nap1540.plans import access, exports, marks, overview, services
from nap1540.plans.forms import ImportForm, PlanForm
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.views.common import add_errors
from nap1540.registry import access as registry_access
from nap1540.registry.models import State


def task_columns() -> list[tuple[str, str]]:
    return [
        ("number", _("No.")),
        ("title", _("Task")),
        ("area", _("Area")),
        ("agency", _("Lead agency")),
        ("due", _("Due")),
        ("status", _("Status")),
        ("progress", _("Progress")),
    ]


def plan_list(request: HttpRequest) -> HttpResponse:
    latest = Review.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("state")
        .annotate(
            task_count=Count("tasks"),
            latest_rate=Subquery(latest.values("implementation_rate")[:1]),
            latest_review_on=Subquery(latest.values("held_on")[:1]),
        )
        .order_by("state__name", "-period_start", "id")
    )
    state_code = request.GET.get("state", "").upper()
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if state_code:
        plans = plans.filter(state__iso3=state_code)
    if status in Plan.Status.values:
        plans = plans.filter(status=status)
    if query:
        plans = plans.filter(title__icontains=query)
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    p = principal(request.user)
    context = {
        "page": page,
        "state_code": state_code,
        "status": status,
        "query": query,
        "statuses": Plan.Status.choices,
        "can_create": bool(p.coordinator_state_ids),
        "has_tasks": bool(p.focal_agency_ids),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    p = principal(request.user)
    code = request.GET.get("state", "")
    if not code and len(p.coordinator_state_ids) == 1:
        code = State.objects.get(pk=next(iter(p.coordinator_state_ids))).iso3
    if not code:
        raise PermissionDenied(_("Only a national coordinator can start a plan."))
    state = registry_access.get_state_for_user(request.user, code, write=True)
    form = PlanForm(request.POST or None, state=state)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(state=state, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Plan created as a draft. Add its tasks next."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "state": state})


def plan_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    tasks = overview.load_tasks(plan)
    section = request.GET.get("section", "")
    agency = request.GET.get("agency", "")
    status = request.GET.get("status", "")
    shown, sort = overview.sort_tasks(
        overview.filter_tasks(tasks, section=section, agency=agency, status=status),
        request.GET.get("sort", "number"),
    )
    marks.mark_tasks(request.user, shown)
    p = principal(request.user)
    can_edit = p.coordinates(plan.state_id)
    table = {
        "plan": plan,
        "tasks": shown,
        "sort": sort,
        "filters": {"section": section, "agency": agency, "status": status},
        "today": today,
        "can_edit": can_edit,
        "focal_agency_ids": p.focal_agency_ids,
        "total": len(tasks),
        "task_columns": task_columns(),
    }
    if wants_fragment(request):
        return vary_on_htmx(render(request, "plans/_task_rows.html", table))
    reviews = list(plan.reviews.order_by("held_on", "id"))
    data = overview.build(plan, tasks, today)
    agencies = {t.lead_agency_id: t.lead_agency for t in tasks if t.lead_agency}
    context = {
        **table,
        "overview": data,
        "reviews": reviews,
        "successor": plan.successors.visible_to(request.user).first(),
        "has_successor": plan.successors.exists(),
        "sections": sorted({t.section_code or "-" for t in tasks}),
        "agencies": sorted(agencies.values(), key=lambda a: a.name),
        "statuses": Task.Status.choices,
        "transitions": [
            (s, Plan.Status(s).label) for s in services.ALLOWED_TRANSITIONS[plan.status]
        ]
        if can_edit
        else [],
        "gantt": overview.gantt_svg(plan, tasks, today),
        "section_chart": overview.progress_chart(data.by_section, _("Progress by area")),
        "agency_chart": overview.progress_chart(
            data.by_agency, _("Progress by agency"), user_labels=True
        ),
        "history_chart": overview.history_chart(reviews) if reviews else "",
        "to_propose": _to_propose(plan, tasks) if can_edit else [],
        "can_see_history": access.can_see_history(request.user, plan),
        "submission_sentence": submission_sentence(),
    }
    return vary_on_htmx(render(request, "plans/plan_detail.html", context))


def _to_propose(plan: Plan, tasks: list[Task]) -> list[Task]:
    """Completed tasks addressing matrix fields whose changes have not been proposed yet."""
    with_fields = set(
        Task.fields.through.objects.filter(task__plan=plan).values_list("task_id", flat=True)
    )
    return [
        t
        for t in tasks
        if t.status == Task.Status.COMPLETED and not t.matrix_draft_id and t.pk in with_fields
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=plan, state=plan.state)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                Plan.objects.get(pk=plan.pk), by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(plan)
    return render(
        request, "plans/plan_form.html", {"form": form, "state": plan.state, "plan": plan}
    )


@login_required
@require_POST
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        services.change_plan_status(
            plan,
            by=acting_user(request),
            status=request.POST.get("status", ""),
            confirmed=request.POST.get("confirm") == "1",
        )
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(
            request, _("The plan is now %(status)s.") % {"status": plan.get_status_display()}
        )
    return redirect(plan)


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    try:
        services.delete_plan(plan, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect(plan)
    messages.success(request, _("Draft plan deleted."))
    return redirect("plans:index")


@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_see_history(request.user, plan):
        raise PermissionDenied(_("The history of a plan is shown to its State and the Committee."))
    task_ids = [str(i) for i in plan.tasks.values_list("pk", flat=True)]
    review_ids = [str(i) for i in plan.reviews.values_list("pk", flat=True)]
    events = (
        AuditEvent.objects.filter(
            Q(target_type="plans.plan", target_id=str(plan.pk))
            | Q(target_type="plans.task", target_id__in=task_ids)
            | Q(target_type="plans.review", target_id__in=review_ids)
            | Q(target_type="plans.task", data__plan=plan.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    page = Paginator(readable_by(events, request.user), 100).get_page(request.GET.get("page"))
    lines = history_lines(page.object_list, request.user)
    return render(request, "plans/plan_history.html", {"plan": plan, "page": page, "lines": lines})


def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    if fmt == "docx":
        content = exports.plan_docx(plan)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        content = exports.plan_xlsx(plan)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404(_("Plans export as docx or xlsx."))
    return download(content, mime, exports.export_filename(plan, fmt))


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    result: Any = None
    refused = request.method == "POST" and not form.is_valid()
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_tasks(
                plan,
                form.cleaned_data["file"].read(),
                by=acting_user(request),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
            refused = True
        else:
            if result.ok and not result.dry_run:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext("%(count)s task added.", "%(count)s tasks added.", count)
                    % {"count": count},
                )
                return redirect(plan)
            refused = not result.ok
    # A refusal is 422, as the matrix import answers: the page lists what to fix.
    return render(
        request,
        "plans/plan_import.html",
        {"plan": plan, "form": form, "result": result},
        status=422 if refused else 200,
    )
