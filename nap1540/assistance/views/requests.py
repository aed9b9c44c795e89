"""Pages for requests: list, create, detail with items, proposals and the procedure's steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.assistance import access, audit, fromplans, letters, queues, workflow
from nap1540.assistance.drafting import review_item
from nap1540.assistance.forms import ItemForm, ProvidersForm, RequestForm, StepForm
from nap1540.assistance.models import Match, Proposal, Request, Transition
from nap1540.assistance.services import distribution
from nap1540.assistance.services import requests as request_services
from nap1540.assistance.services.conflicts import ChangedMeanwhile
from nap1540.assistance.services.history import can_choose_providers, can_match
from nap1540.assistance.services.matches import (
    cancel_match,
    feedback_role_for,
    mark_delivered,
    start_delivery,
)
from nap1540.assistance.services.proposals import (
    answer_proposal,
    confirm_proposal,
    decline_proposal,
    refresh_proposals,
)
from nap1540.assistance.views.common import fail, note_of, shown_again
from nap1540.core.access import get_visible
from nap1540.core.audit import AuditEvent
from nap1540.core.http.downloads import DOCX, download
from nap1540.core.text import sentences
from nap1540.core.visibility import principal
from nap1540.registry.models import State

S = Request.Status


def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = Request.objects.visible_to(request.user).select_related("state", "group")
    if status in S.values:
        qs = qs.filter(status=status)
    # A home page queue ("all N waiting for the Committee"): the same filter as its count.
    queue = request.GET.get("queue", "")
    queue_filter = queues.queue_q(queue, request.user) if queue in queues.LABELS else None
    if queue_filter is None:
        queue = ""
    else:
        qs = qs.filter(queue_filter)
    page = Paginator(qs.order_by("-date", "-id"), 50).get_page(request.GET.get("page"))
    p = principal(request.user)
    context = {
        "page": page,
        "status": status,
        "queue": queue,
        "queue_label": queues.LABELS.get(queue, ""),
        "statuses": S.choices,
        "can_create": p.is_expert or bool(p.coordinator_state_ids),
    }
    return render(request, "assistance/request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    p = principal(request.user)
    state = None
    if not p.is_expert:
        if len(p.coordinator_state_ids) != 1:
            raise PermissionDenied(
                _("Only a State's coordinator or a Committee expert can do this.")
            )
        state = State.objects.get(pk=next(iter(p.coordinator_state_ids)))
    form = RequestForm(
        request.POST or None,
        user=request.user,
        fixed_state=state,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["state"] = state or data.get("state")
        try:
            created = request_services.create_request(by=acting_user(request), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Request created. Now add its items."))
            for warning in created.requester_warnings():
                messages.warning(request, warning)
            return redirect(created)
    return render(request, "assistance/request_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_request_for_user(request.user, pk, write=True)
    initial = {f: getattr(obj, f) for f in request_services.EDITABLE_FIELDS}

    def make_form(data: Any) -> RequestForm:
        form = RequestForm(
            data, user=request.user, fixed_state=obj.state, editing=True, initial=initial
        )
        form.send_back_what_is_shown()  # so a save writes only what this person changed
        return form

    form, status = make_form(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        values, read = form.changes()
        try:
            request_services.update_request(obj, by=acting_user(request), read=read, **values)
        except ChangedMeanwhile as exc:
            form, status = shown_again(make_form, request.POST, form, obj, exc), 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Request updated."))
            return redirect(obj)
    context = {"form": form, "obj": obj}
    return render(request, "assistance/request_form.html", context, status=status)


def _actions(obj: Request, user: Any) -> dict[str, bool]:
    """What the page offers besides the procedure's buttons (those come from the step table)."""
    p = principal(user)
    return {
        "choose_providers": p.is_expert and can_choose_providers(obj),
        "match": p.is_expert and can_match(obj),
        "edit": obj.can_edit(user),
        "letters": p.is_expert and obj.status != S.DRAFT,
    }


def _awaiting_answer(obj: Request, items: list[Any]) -> list[Proposal]:
    """Open proposals whose offering organisation was sent the request: the Committee asked it."""
    if not can_match(obj):
        return []
    sent = set(
        obj.distributions.filter(sent_at__isnull=False).values_list("organisation_id", flat=True)
    )
    return [
        p
        for item in items
        for p in item.proposals.all()
        if p.status == Proposal.Status.PROPOSED and p.offer.provider_organisation_id in sent
    ]


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_request_for_user(request.user, pk))


def _detail(
    request: HttpRequest,
    obj: Request,
    *,
    step_form: StepForm | None = None,
    providers_form: ProvidersForm | None = None,
) -> HttpResponse:
    """The request page; with a bound form, the page again after that form was refused (422),
    its errors summarised at the form and what was typed kept."""
    proposals = (
        Proposal.objects.visible_to(request.user)
        .select_related("offer", "offer__provider_state", "offer__provider_organisation")
        .order_by("rank")
    )
    matches = (
        Match.objects.visible_to(request.user).select_related("offer").prefetch_related("feedback")
    )
    items = list(
        obj.items.select_related("source_task", "source_task__plan").prefetch_related(
            "fields",
            Prefetch("proposals", queryset=proposals),
            Prefetch("matches", queryset=matches),
        )
    )
    actions = _actions(obj, request.user)
    # One read of the visible history: its sentences and the path the step indicator shows.
    transitions = list(obj.transitions.visible_to(request.user).select_related("by"))
    asked = _awaiting_answer(obj, items)
    if actions["edit"]:
        for item in items:
            item.review = review_item(  # type: ignore[attr-defined]
                item.text,
                assistance_types=item.assistance_types,
                subjects=item.subjects,
                weapon_categories=item.weapon_categories,
                section_codes=item.section_codes,
            )
    context = {
        "obj": obj,
        "items": items,
        "summary": workflow.summary_for_reader(obj, items) if obj.public_summary else "",
        "summary_composed": workflow.has_generated_summary(obj, items),
        "history": audit.history_steps(transitions, request.user),
        "distributions": workflow.distributions_of(obj),
        "actions": actions,
        "steps": workflow.PROCEDURE.available(obj, request.user),
        "procedure": workflow.procedure_steps(obj, transitions),
        "item_form": ItemForm() if actions["edit"] else None,
        "step_form": step_form or StepForm(),
        "today": timezone.localdate(),
        "providers_form": (providers_form or ProvidersForm())
        if actions["choose_providers"]
        else None,
        "feedback_roles": {
            m.pk: feedback_role_for(m, request.user) for item in items for m in item.matches.all()
        },
        "asked": {p.pk for p in asked},
        "answerable": {p.pk for p in asked if p.can_answer(request.user)},
        "decline_reasons": Proposal.DeclineReason.choices,
        "match_writers": {
            m.pk for item in items for m in item.matches.all() if m.can_edit(request.user)
        },
    }
    refused = step_form is not None or providers_form is not None
    return render(
        request, "assistance/request_detail.html", context, status=422 if refused else 200
    )


@login_required
@require_POST
def request_step(request: HttpRequest, pk: int) -> HttpResponse:
    """One button of the procedure; the step table checks who may press it, and makes it."""
    obj = access.get_request_for_user(request.user, pk)
    form = StepForm(request.POST)
    form.is_valid()
    try:
        workflow.PROCEDURE.perform(
            request.POST.get("action", ""),
            obj,
            by=acting_user(request),
            note=form.cleaned_data.get("note", "").strip(),
            confirmed=request.POST.get("confirm") == "1",
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        obj.refresh_from_db()
        return _detail(request, obj, step_form=form)
    messages.success(request, _("Done: the step is recorded in the request's history."))
    return redirect(obj)


@login_required
@require_POST
def choose_providers(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_request_for_user(request.user, pk)
    form = ProvidersForm(request.POST)
    if form.is_valid():
        try:
            distribution.choose_providers(
                obj,
                by=acting_user(request),
                organisations=form.cleaned_data["organisations"],
                states=form.cleaned_data["states"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        obj.refresh_from_db()
        return _detail(request, obj, providers_form=form)
    messages.success(request, _("Potential providers saved."))
    return redirect(obj)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_request_for_user(request.user, pk, write=True)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            request_services.add_item(obj, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            return fail(request, obj, exc)
        messages.success(request, _("Item added."))
        for warning in form.warnings:
            messages.warning(request, warning)
        return redirect(obj)
    return render(request, "assistance/item_form.html", {"form": form, "obj": obj}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, pk, write=True)
    initial = {
        f: getattr(item, f)
        for f in (
            "text",
            "section_codes",
            "weapon_categories",
            "assistance_types",
            "subjects",
            "languages",
            "priority",
        )
    }

    def make_form(data: Any) -> ItemForm:
        form = ItemForm(data, initial=initial)
        form.send_back_what_is_shown()  # so a save writes only what this person changed
        return form

    form, status = make_form(request.POST or None), 200
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                request_services.delete_item(item, by=acting_user(request))
            except ValidationError as exc:
                return fail(request, item.request, exc)
            messages.success(request, _("Item removed."))
            return redirect(item.request)
        if form.is_valid():
            values, read = form.changes()
            try:
                request_services.update_item(item, by=acting_user(request), read=read, **values)
            except ChangedMeanwhile as exc:
                form, status = shown_again(make_form, request.POST, form, item, exc), 409
            else:
                messages.success(request, _("Item updated."))
                for warning in form.warnings:
                    messages.warning(request, warning)
                return redirect(item.request)
    review = review_item(
        item.text,
        assistance_types=item.assistance_types,
        subjects=item.subjects,
        weapon_categories=item.weapon_categories,
        section_codes=item.section_codes,
    )
    context = {"form": form, "obj": item.request, "item": item, "review": review}
    return render(request, "assistance/item_form.html", context, status=status)


@require_POST
def drafting_aid(request: HttpRequest) -> HttpResponse:
    """HTMX: the drafting aid's flags for the text being typed (no data is stored)."""
    post = request.POST
    review = review_item(
        post.get("text", ""),
        assistance_types=post.getlist("assistance_types"),
        subjects=post.getlist("subjects"),
        weapon_categories=post.getlist("weapon_categories"),
        section_codes=post.getlist("section_codes"),
    )
    return render(request, "assistance/_drafting_aid.html", {"review": review})


def _drafts_for(user: Any, task: Any) -> list[Request]:
    """The task's State's draft requests that the user may add an item to, newest first."""
    drafts = (
        Request.objects.visible_to(user)
        .filter(state=task.plan.state_id, status=S.DRAFT)
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "-id")
    )
    return [d for d in drafts if d.can_edit(user)]


@login_required
@require_http_methods(["GET", "POST"])
def item_from_task(request: HttpRequest, task_pk: int) -> HttpResponse:
    """A plan task flagged "assistance needed" becomes an item: first choose which request."""
    from nap1540.plans.models import Task

    task = get_visible(
        Task.objects.select_related("plan", "plan__state"), request.user, task_pk, write=True
    )
    if not principal(request.user).coordinates(task.plan.state_id):
        # A focal point may edit the task but not speak for the State in a request.
        raise PermissionDenied(_("Only a State's coordinator or a Committee expert can do this."))
    drafts = _drafts_for(request.user, task)
    error = ""
    if request.method == "POST":
        choice = request.POST.get("request", "")
        chosen = {str(d.pk): d for d in drafts}
        if choice == "new" or choice in chosen:
            try:
                item = request_services.item_from_task(
                    task, by=acting_user(request), request=chosen.get(choice)
                )
            except (ValidationError, PermissionDenied) as exc:
                error = sentences(getattr(exc, "messages", [str(exc)]))
            else:
                messages.success(
                    request,
                    _("Task %(number)s is now item %(item)s of the request.")
                    % {"number": task.number, "item": item.number},
                )
                return redirect(item.request)
        else:
            error = _("Choose the request the task goes into.")
    context = {
        "task": task,
        "drafts": drafts,
        "error": error,
        "in_request": fromplans.chain_in_request(task),
        "marks": fromplans.task_marks(request.user, [task]).get(task.pk, []),
    }
    return render(request, "assistance/item_from_task.html", context, status=422 if error else 200)


@login_required
@require_POST
def proposals_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, pk)
    if not principal(request.user).is_expert:
        raise PermissionDenied(_("Only the Committee's experts run the matching."))
    refresh_proposals(item)
    messages.success(request, _("Proposals updated."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk)
    obj = proposal.item.request
    try:
        if request.POST.get("decision") == "confirm":
            # The buttons are shown on open proposals only: one decided meanwhile is refused.
            confirm_proposal(
                proposal,
                by=acting_user(request),
                note=note_of(request),
                expected=Proposal.Status.PROPOSED,
            )
            messages.success(request, _("Match confirmed."))
        else:
            decline_proposal(
                proposal,
                by=acting_user(request),
                reason=request.POST.get("reason", ""),
                note=note_of(request),
            )
            messages.success(request, _("Proposal declined."))
    except ValidationError as exc:
        return fail(request, obj, exc)
    return redirect(proposal.item.get_absolute_url())


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider's answer to the Committee: can it provide the proposed offer?"""
    proposal = access.get_proposal_for_user(request.user, pk, answer=True)
    answer = request.POST.get("answer")
    willing = answer == "willing"
    try:
        if answer not in ("willing", "unable"):
            raise ValidationError(_("Say whether your organisation can provide this offer."))
        answer_proposal(proposal, by=acting_user(request), willing=willing, note=note_of(request))
    except ValidationError as exc:
        return fail(request, proposal.item.request, exc)
    if willing:
        messages.success(request, _("Your answer was recorded: you can provide this offer."))
    else:
        messages.success(request, _("Your answer was recorded: you cannot provide this offer."))
    return redirect(proposal.item.get_absolute_url())


@login_required
@require_POST
def match_step(request: HttpRequest, pk: int) -> HttpResponse:
    match = access.get_match_for_user(request.user, pk)
    action = request.POST.get("action", "")
    note = note_of(request)
    try:
        if action == "start":
            start_delivery(match, by=acting_user(request), note=note)
        elif action == "delivered":
            mark_delivered(match, by=acting_user(request), note=note)
        elif action == "cancel":
            cancel_match(match, by=acting_user(request), note=note)
        else:
            raise ValidationError(_("Unknown step."))
    except ValidationError as exc:
        return fail(request, match.item.request, exc)
    messages.success(request, _("Match updated."))
    return redirect(match.item.get_absolute_url())


@require_GET
@login_required
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """DOCX drafts of the Chair's acknowledgement letter and the distribution note verbale."""
    obj = access.get_request_for_user(request.user, pk)
    access.require_expert_view(request.user, obj)
    build = {
        "acknowledgement": letters.acknowledgement_letter,
        "distribution": letters.distribution_note,
    }[kind]
    content = letters.render(build(obj))
    AuditEvent.record(f"assistance.letter_{kind}", target=obj, by=acting_user(request))
    name = f"{kind}-{slugify(obj.requester_code)}-{obj.date:%Y-%m-%d}.docx"
    return download(content, DOCX, name)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX partial: the request's transitions."""
    obj = access.get_request_for_user(request.user, pk)
    transitions = (
        Transition.objects.visible_to(request.user)
        .filter(request=obj)
        .select_related("by", "match__offer")
    )
    steps = audit.history_steps(transitions, request.user)
    return render(request, "assistance/_history.html", {"history": steps})
