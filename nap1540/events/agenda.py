"""Draft agenda of a review meeting, from the plan's tasks and the matrix's recent changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils.translation import gettext as _

from nap1540.core.rendering import (
    Block,
    BulletList,
    Callout,
    Document,
    Field,
    Heading,
    Metadata,
    Paragraph,
    StatusCell,
    Table,
)
from nap1540.core.rendering.formats import document_language, fmt_date
from nap1540.events.models import Event
from nap1540.matrix import services as matrix_services
from nap1540.plans.rates import TaskState, format_rate

LOOK_AHEAD = timedelta(days=183)  # tasks falling due before the next (half-yearly) review


@dataclass
class Agenda:
    event: Event
    plan: Any
    since: date
    since_label: str
    rate: Any = None
    overdue: list[Any] = field(default_factory=list)
    blocked: list[Any] = field(default_factory=list)
    due: list[Any] = field(default_factory=list)
    completed: list[Any] = field(default_factory=list)
    matrix_changes: list[Any] = field(default_factory=list)

    @property
    def meeting_day(self) -> date:
        return self.event.starts_on


def _matrix_changes(state: Any, since: date, until: date, user: Any) -> list[Any]:
    """Changes to the State's matrix after `since` up to `until` that `user` may see."""
    moment = datetime.combine(since, time.max, tzinfo=UTC)
    # changes_since does not filter by visibility: keep changes to matrices the user sees,
    # and for a past meeting only those made before it.
    return [
        c
        for c in matrix_services.changes_since(state, moment)
        if c.changed_at.date() <= until and c.matrix.is_visible_to(user)
    ]


def draft_agenda(event: Event, user: Any) -> Agenda | None:
    """The draft agenda, or None when the event has no plan that `user` can see."""
    from nap1540.plans.models import Plan, Task
    from nap1540.plans.rates import implementation_rate

    if event.plan_id is None:
        return None
    plan = Plan.objects.visible_to(user).filter(pk=event.plan_id).select_related("state").first()
    if plan is None:
        return None
    meeting = event.starts_on
    last_review = plan.reviews.filter(held_on__lt=meeting).order_by("-held_on", "-id").first()
    if last_review is not None:
        since = last_review.held_on
        since_label = _("the last review (%(date)s)") % {"date": fmt_date(since)}
    else:
        since, since_label = plan.period_start, _("the start of the plan")
    tasks = list(plan.tasks.select_related("lead_agency").order_by("due_date", "order", "id"))

    agenda = Agenda(event=event, plan=plan, since=since, since_label=since_label)
    agenda.rate = implementation_rate(
        [TaskState.of(t) for t in tasks], as_of=meeting, default_due=plan.period_end
    )
    closed = (Task.Status.COMPLETED, Task.Status.CANCELLED)
    for task in tasks:
        is_open = task.status not in closed
        overdue = is_open and task.due_date is not None and task.due_date < meeting
        if overdue:
            agenda.overdue.append(task)
        # A delayed task is on the "blocked or delayed" item even when it is also overdue:
        # otherwise the agenda shows a "Delayed" task while counting no delayed tasks.
        if task.status == Task.Status.DELAYED:
            agenda.blocked.append(task)
        elif not overdue and is_open and task.due_date and task.due_date < meeting + LOOK_AHEAD:
            agenda.due.append(task)
        if task.status == Task.Status.COMPLETED and (
            task.completed_on is None or since < task.completed_on <= meeting
        ):
            agenda.completed.append(task)
    agenda.matrix_changes = _matrix_changes(plan.state, since, meeting, user)
    return agenda


def _task_rows(tasks: list[Any], meeting: date, status_labels: dict[str, str]) -> Table:
    return Table(
        headers=[_("No."), _("Task"), _("Lead agency"), _("Due"), _("Status"), _("Progress")],
        rows=[
            [
                t.number,
                t.title,
                t.lead_agency.name if t.lead_agency_id else "\u2014",
                fmt_date(t.due_date),
                StatusCell(status_labels.get(t.status, t.status), t.status),
                f"{t.progress}\u00a0%",
            ]
            for t in tasks
        ],
        widths=(0.7, 4, 2.2, 1.3, 1.3, 1),
    )


def agenda_items(agenda: Agenda) -> list[str]:
    """The numbered items of the agenda, as short sentences."""
    return [
        _("Opening of the meeting and adoption of the agenda."),
        _("Implementation of the plan since %(since)s: implementation rate %(rate)s.")
        % {"since": agenda.since_label, "rate": format_rate(agenda.rate.rate)},
        _("Overdue tasks (%(n)s).") % {"n": len(agenda.overdue)},
        _("Blocked or delayed tasks (%(n)s).") % {"n": len(agenda.blocked)},
        _("Tasks falling due before the next review (%(n)s).") % {"n": len(agenda.due)},
        _("Changes to the 1540 matrix since %(since)s (%(n)s).")
        % {"since": fmt_date(agenda.since), "n": len(agenda.matrix_changes)},
        _("Updating the plan: new tasks, owners and due dates."),
        _("Assistance needed and follow-up."),
        _("Other business and closing."),
    ]


def agenda_document(agenda: Agenda) -> Document:
    from nap1540.plans.models import Task

    status_labels = {v: str(label) for v, label in Task.Status.choices}
    event = agenda.event
    blocks: list[Block] = [
        Callout(_("Draft generated from the plan's records; edit before circulating.")),
        Field(_("Event:"), event.title),
        Field(_("Dates:"), f"{fmt_date(event.starts_on)} \u2013 {fmt_date(event.ends_on)}"),
        Field(_("Plan:"), agenda.plan.title),
        Heading(_("Agenda")),
        BulletList(agenda_items(agenda), ordered=True),
    ]
    sections = [
        (_("Overdue tasks"), agenda.overdue),
        (_("Blocked or delayed tasks"), agenda.blocked),
        (_("Tasks falling due before the next review"), agenda.due),
        (_("Tasks completed since the last review"), agenda.completed),
    ]
    for title, tasks in sections:
        blocks.append(Heading(title, 2))
        if tasks:
            blocks.append(_task_rows(tasks, agenda.meeting_day, status_labels))
        else:
            blocks.append(Paragraph(_("None.")))
    blocks.append(Heading(_("Changes to the 1540 matrix"), 2))
    if agenda.matrix_changes:
        blocks.append(
            Table(
                headers=[_("Field"), _("Area"), _("Before"), _("After"), _("Changed on")],
                rows=[
                    [
                        f"{c.field_key} {c.label}",
                        c.section,
                        c.mark_before or "\u2014",
                        c.mark_after or "\u2014",
                        fmt_date(c.changed_at.date()),
                    ]
                    for c in agenda.matrix_changes
                ],
                widths=(4, 1, 1, 1, 1.4),
            )
        )
    else:
        blocks.append(Paragraph(_("None.")))
    return Document(
        title=_("Draft agenda"),
        blocks=blocks,
        lang=document_language(),
        metadata=Metadata(author="nap1540", subject=event.title[:250], keywords=("1540", "agenda")),
    )
