"""Requests and their numbered items: create, edit (merged under a lock), items from plan
tasks, and the items open for matching."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.classifications import classify_items, current_version
from nap1540.assistance.drafting import SECTION_SUBJECTS
from nap1540.assistance.fromplans import chain_in_request
from nap1540.assistance.models import Request, RequestItem, Transition
from nap1540.assistance.services.conflicts import (
    ChangedMeanwhile,
    last_writer,
    merge_changes,
    show_to_caller,
)
from nap1540.assistance.services.history import (
    MATCHING,
    mark_received,
    record_transition,
    save_fields,
)
from nap1540.assistance.services.proposals import refresh_proposals
from nap1540.assistance.vocabulary import check_vocabulary
from nap1540.assistance.workdays import one_year_after
from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility, principal
from nap1540.registry.models import Group, State


@transaction.atomic
def create_request(
    *,
    by: User | None,
    title: str,
    state: State | None = None,
    group: Group | None = None,
    is_demo: bool = False,
    today: date | None = None,
    **values: Any,
) -> Request:
    """A coordinator starts a draft for their State; an expert records a request received."""
    p = principal(by)
    if state is not None and p.coordinates(state.pk) and not p.is_expert:
        status, visibility = Request.Status.DRAFT, Visibility.PRIVATE
    elif p.is_expert:
        status = Request.Status.RECEIVED
        visibility = values.pop("visibility", Visibility.COMMITTEE)
        if visibility == Visibility.PRIVATE:
            visibility = Visibility.COMMITTEE
    else:
        raise PermissionDenied(_("Only a State's coordinator or a Committee expert can do this."))
    values.pop("visibility", None)
    request = Request(
        state=state,
        group=group,
        title=title,
        status=status,
        visibility=visibility,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        is_demo=is_demo,
        **values,
    )
    if status == Request.Status.RECEIVED:
        mark_received(request, today=today or timezone.localdate())
    request.full_clean(exclude=["created_by"])
    request.save()
    record_transition(request, Transition.Event.CREATED, from_status="", by=by)
    return request


# What `update_request` may change; the rest moves through the procedure (workflow.py).
EDITABLE_FIELDS = (
    "title",
    "date",
    "channel",
    "contact",
    "contact_name",
    "contact_email",
    "public_summary",
)


@transaction.atomic
def update_request(
    request: Request,
    *,
    by: User | None,
    read: dict[str, Any] | None = None,
    **values: Any,
) -> Request:
    """Edit the description of a request (not its procedure state).

    The row is re-read under a lock and only the fields that change are written, so a
    procedure step or another person's edit of other fields made meanwhile stays. `read`
    (the values the person saw) refuses a field someone else changed since
    (`ChangedMeanwhile`, naming who).
    """
    if not request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    for name in values:
        if name not in EDITABLE_FIELDS:
            raise ValidationError(
                _("%(field)s is changed through the procedure.") % {"field": name}
            )
    locked = Request.objects.select_for_update().get(pk=request.pk)
    fields, conflicts = merge_changes(locked, values, read)
    if conflicts:
        who = last_writer(locked, "assistance.request_updated", conflicts)
        raise ChangedMeanwhile(locked, conflicts, by=who)
    if fields:
        changed = {name: str(getattr(locked, name)) for name in fields}
        if locked.follow_up_due is not None and "date" in fields:
            locked.follow_up_due = one_year_after(locked.date)
            fields.append("follow_up_due")
        locked.full_clean(exclude=["created_by"])
        save_fields(locked, *fields)
        AuditEvent.record(
            "assistance.request_updated",
            target=locked,
            by=by,
            data=changed,
        )
    show_to_caller(request, locked)
    return request


def _next_number(request: Request) -> int:
    return (request.items.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_item(
    request: Request,
    *,
    by: User | None,
    text: str,
    fields: Iterable[Any] = (),
    **values: Any,
) -> RequestItem:
    """Add a numbered item to a request and rank offers for it."""
    if not request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    if not text.strip():
        raise ValidationError(_("Describe the need."))
    check_vocabulary(values)
    # The request's row lock makes parallel additions take numbers one after the other.
    Request.objects.select_for_update().filter(pk=request.pk).first()
    item = RequestItem(request=request, number=_next_number(request), text=text.strip(), **values)
    item.full_clean(exclude=["request"])
    item.save()
    classify_items([item])
    item.fields.set(list(fields))
    AuditEvent.record("assistance.item_added", target=request, by=by, data={"item": item.pk})
    if request.status != Request.Status.DRAFT:
        refresh_proposals(item)
    return item


# What the stored classification of an item is made from (classifications.item_terms).
_CLASSIFIED_ITEM_FIELDS = {"text", "assistance_types", "subjects", "languages", "weapon_categories"}


@transaction.atomic
def update_item(
    item: RequestItem,
    *,
    by: User | None,
    fields: Iterable[Any] | None = None,
    read: dict[str, Any] | None = None,
    **values: Any,
) -> RequestItem:
    """Change an item: re-read under a lock, only the fields that change are written;
    `read` refuses a field someone else changed since (`ChangedMeanwhile`)."""
    if not item.request.can_edit(by):
        raise PermissionDenied(_("You can view this request but not change it."))
    check_vocabulary(values)
    locked = RequestItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    changed, conflicts = merge_changes(locked, values, read)
    if conflicts:
        who = last_writer(locked.request, "assistance.item_updated", conflicts, item=locked.pk)
        raise ChangedMeanwhile(locked, conflicts, by=who)
    if changed:
        locked.full_clean(exclude=["request"])
        locked.save(update_fields=changed)
    if locked.classified_with != current_version() or _CLASSIFIED_ITEM_FIELDS & set(changed):
        classify_items([locked])
    if fields is not None:
        locked.fields.set(list(fields))
    if changed or fields is not None:
        AuditEvent.record(
            "assistance.item_updated",
            target=locked.request,
            by=by,
            data={"item": locked.pk, "fields": sorted(changed)},
        )
    show_to_caller(item, locked)
    if locked.request.status != Request.Status.DRAFT:
        refresh_proposals(item)
    return item


@transaction.atomic
def delete_item(item: RequestItem, *, by: User | None) -> None:
    request = item.request
    if request.status != Request.Status.DRAFT or not request.can_edit(by):
        raise PermissionDenied(_("Items are removed only from a draft, by its State."))
    AuditEvent.record("assistance.item_deleted", target=request, by=by, data={"text": item.text})
    item.delete()


def _task_subjects(task: Any) -> list[str]:
    code = (task.section_code or "").replace(" ", "")
    return list(SECTION_SUBJECTS.get(code, ()))


def _task_weapons(task: Any) -> list[str]:
    found: list[str] = []
    for field_def in task.fields.all():
        category = field_def.weapon_category or ("D" if field_def.delivery else "")
        if category and category not in found:
            found.append(category)
    return found


@transaction.atomic
def item_from_task(
    task: Any, *, by: User | None, request: Request | None = None, today: date | None = None
) -> RequestItem:
    """Turn a plan task flagged "assistance needed" into an item of `request`.

    Without `request`, a new draft is started for the task's State. A task whose chain of
    carried-over copies is already in a request is not added again.
    """
    if not task.assistance_needed:
        raise ValidationError(_("This task is not flagged as needing assistance."))
    if chain_in_request(task):
        raise ValidationError(
            _(
                "This task, or a task it was carried over from or to, is already an item of "
                "an assistance request."
            )
        )
    state = task.plan.state
    if request is not None and request.state_id != state.pk:
        raise ValidationError(_("The request must be from the State whose plan holds the task."))
    if request is None:
        request = create_request(
            by=by,
            state=state,
            title=_("Assistance for the national action plan: %(plan)s")
            % {"plan": task.plan.title},
            is_demo=task.is_demo,
            today=today,
            channel="template",
        )
    text = task.assistance_description.strip() or task.title
    fields = list(task.fields.all())
    return add_item(
        request,
        by=by,
        text=text,
        fields=fields,
        section_codes=[task.section_code] if task.section_code else [],
        weapon_categories=_task_weapons(task),
        subjects=_task_subjects(task),
        priority=task.priority,
        source_task=task,
    )


def open_items(items: Sequence[RequestItem] | None = None) -> Any:
    """Items of requests under matching, for an offer's "fits these requests" list."""
    qs = RequestItem.objects.filter(request__status__in=MATCHING)
    return qs.select_related("request", "request__state", "request__group")
