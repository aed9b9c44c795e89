"""Plan status report and regional status brief, built as Documents for DOCX and PDF.

Both read only what the requesting user may see (`visible_to(user)` everywhere), so a
report never carries more than the pages it summarises. Words are translated with
gettext in the active language; numbers come from `plans.rates` and
`matrix.services.group_coverage`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language_bidi, ngettext, pgettext
from django.utils.translation import gettext as _

from nap1540.assistance.models import Request
from nap1540.core.i18n import marked
from nap1540.core.rendering import (
    Block,
    Callout,
    Chart,
    Document,
    Field,
    Heading,
    Metadata,
    Paragraph,
    StatusCell,
    Table,
    charts,
)
from nap1540.core.rendering.cache import Fingerprint
from nap1540.core.rendering.formats import document_language, fmt_date
from nap1540.core.rendering.statuses import status_labels, status_style
from nap1540.core.text import join_clauses, join_list
from nap1540.events.models import Event
from nap1540.matrix.models import Matrix
from nap1540.matrix.services import group_coverage
from nap1540.plans.models import Plan, Task
from nap1540.plans.rates import TaskState, breakdown, format_rate, implementation_rate
from nap1540.registry.models import Agency

STATUS_ORDER = ("completed", "in_progress", "not_started", "delayed", "cancelled")


def pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def fmt_cov(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.0f}\u00a0%"


# --- plan status ---------------------------------------------------------------------------


@dataclass
class GroupRow:
    label: str
    tasks: int
    counted: int
    completed: int
    rate: float | None
    mean_progress: float | None
    statuses: Counter[str] = field(default_factory=Counter)


@dataclass
class PlanStatus:
    plan: Any
    as_of: date
    tasks: list[Any]
    rate: Any
    history: list[tuple[str, date, float | None]]
    sections: list[GroupRow]
    agencies: list[GroupRow]
    overdue: list[Any]
    blocked: list[Any]
    requests: list[Any]
    events: list[Any]


def _group_rows(tasks: list[Any], key: Any, *, as_of: date, default_due: date) -> list[GroupRow]:

    statuses: dict[str, Counter[str]] = {}
    for task in tasks:
        statuses.setdefault(key(task), Counter())[task.status] += 1
    rows = []
    summaries = breakdown(
        ((key(t), TaskState.of(t)) for t in tasks), as_of=as_of, default_due=default_due
    )
    for summary in summaries:
        rows.append(
            GroupRow(
                label=summary.key,
                tasks=summary.rate.total,
                counted=summary.rate.counted,
                completed=summary.rate.completed,
                rate=summary.rate.rate,
                mean_progress=summary.mean_progress,
                statuses=statuses[summary.key],
            )
        )
    return sorted(rows, key=lambda r: r.label)


def plan_status(plan: Any, user: Any, *, as_of: date | None = None) -> PlanStatus:
    """Everything the plan status report shows, read with `user`'s visibility."""
    as_of = as_of or timezone.localdate()
    tasks = list(plan.tasks.select_related("lead_agency").order_by("order", "id"))
    states = [TaskState.of(t) for t in tasks]
    rate = implementation_rate(states, as_of=as_of, default_due=plan.period_end)
    history = [
        (r.title, r.held_on, r.implementation_rate)
        for r in plan.reviews.order_by("held_on", "id")
        if r.held_on <= as_of
    ]
    history.append((_("Now"), as_of, rate.rate))
    no_section, no_agency = _("No area"), _("No lead agency")
    sections = _group_rows(
        tasks, lambda t: t.section_code or no_section, as_of=as_of, default_due=plan.period_end
    )
    agencies = _group_rows(
        tasks,
        lambda t: t.lead_agency.name if t.lead_agency_id else no_agency,
        as_of=as_of,
        default_due=plan.period_end,
    )
    overdue = [t for t in tasks if t.is_open and t.due_date and t.due_date < as_of]
    blocked = [t for t in tasks if t.status == "delayed"]
    events = list(Event.objects.visible_to(user).filter(plan=plan).order_by("starts_on", "id"))
    return PlanStatus(
        plan=plan,
        as_of=as_of,
        tasks=tasks,
        rate=rate,
        history=history,
        sections=sections,
        agencies=agencies,
        overdue=overdue,
        blocked=blocked,
        requests=_state_requests(plan.state, user),
        events=events,
    )


def plan_status_fingerprint(plan: Any, user: Any, *, as_of: date) -> Fingerprint:
    """What `plan_status_document` reads, in a few small queries (keep the two in step)."""
    return (
        Fingerprint()
        .add("day", as_of.isoformat())
        .add(
            "plan",
            plan.pk,
            plan.title,
            plan.status,
            plan.period_start,
            plan.period_end,
            plan.is_demo,
            plan.updated_at,
            str(plan.state),
        )
        .stamps("tasks", plan.tasks.all(), counter="lock_version")
        .rows("agencies", Agency.objects.filter(state_id=plan.state_id), "name")
        .rows("reviews", plan.reviews.all(), "title", "held_on", "implementation_rate")
        .rows(
            "events",
            Event.objects.visible_to(user).filter(plan=plan),
            "title",
            "starts_on",
            "ends_on",
            "kind",
            "updated_at",
        )
        .rows(
            "requests",
            Request.objects.visible_to(user).filter(state=plan.state_id),
            "title",
            "date",
            "status",
            "updated_at",
        )
    )


def _state_requests(state: Any, user: Any) -> list[Any]:
    return list(Request.objects.visible_to(user).filter(state=state).order_by("-date", "-id"))


def _status_labels() -> dict[str, str]:
    return status_labels(Task.Status)


def _group_table(rows: list[GroupRow], heading: str, caption: str) -> Table:
    return Table(
        headers=[
            heading,
            _("Tasks"),
            _("Due"),
            pgettext("table column: tasks completed", "Completed"),
            _("Rate"),
            _("Mean progress"),
        ],
        rows=[
            [
                r.label,
                r.tasks,
                r.counted,
                r.completed,
                format_rate(r.rate),
                "\u2014" if r.mean_progress is None else f"{r.mean_progress:.0f}\u00a0%",
            ]
            for r in rows
        ],
        widths=(3.4, 1, 1, 1.6, 1.1, 1.6),
        caption=caption,
        row_headers=True,
    )


def _status_chart(rows: list[GroupRow], title: str) -> Chart:
    labels = _status_labels()
    series = [charts.Series(labels[s], [r.statuses.get(s, 0) for r in rows]) for s in STATUS_ORDER]
    svg = charts.stacked_bar_chart(
        [r.label for r in rows],
        series,
        title=title,
        no_data_label=_("No data"),
        rtl=get_language_bidi(),
        # The colours of the plan page's badges and timeline (`rendering.statuses`).
        colours=[status_style(s).colour for s in STATUS_ORDER],
    )
    alt = join_clauses(
        _alt(r.label, [(labels[s], r.statuses[s]) for s in STATUS_ORDER if r.statuses.get(s)])
        for r in rows
    )
    return Chart(svg, alt=_alt(title, [], alt or _("No data")))


def _alt(title: str, values: list[tuple[Any, Any]], text: str = "") -> str:
    """A chart described in words: "Title: OP1 45 %, OP2 50 %", lists as the language joins them."""
    shown = text or join_list(
        # Translators: one value of a chart read aloud: a label and its number ("OP1 45 %").
        pgettext("a chart's label and its value", "%(label)s %(value)s")
        % {"label": label, "value": value}
        for label, value in values
    )
    # Translators: a chart's title and what it shows, for readers who cannot see it.
    return pgettext("a chart and what it shows", "%(title)s: %(values)s") % {
        "title": title,
        "values": shown,
    }


def plan_status_document(plan: Any, user: Any, *, as_of: date | None = None) -> Document:
    """The plan status report: rate and its history, progress, overdue tasks, assistance."""
    data = plan_status(plan, user, as_of=as_of)
    status_labels = _status_labels()
    blocks: list[Block] = []
    if plan.is_demo:
        blocks.append(Callout(_("Illustrative demo data."), title=_("Demo data"), tone="demo"))
    blocks += [
        Field(_("Plan:"), plan.title),
        Field(_("State:"), str(plan.state)),
        Field(_("Period:"), f"{fmt_date(plan.period_start)} \u2013 {fmt_date(plan.period_end)}"),
        Field(_("Status:"), str(plan.get_status_display())),
        Field(_("Status as of:"), fmt_date(data.as_of)),
        Heading(_("Implementation rate")),
        Paragraph(
            _(
                "%(rate)s: %(completed)s of %(counted)s tasks due completed "
                "(%(total)s tasks in the plan, %(later)s not yet due). "
                "Progress-weighted rate: %(progress)s."
            )
            % {
                "rate": format_rate(data.rate.rate),
                "completed": data.rate.completed,
                "counted": data.rate.counted,
                "total": data.rate.total,
                "later": data.rate.not_yet_due,
                "progress": format_rate(data.rate.progress_rate),
            }
        ),
        Table(
            headers=[_("Review"), _("Date"), _("Implementation rate")],
            rows=[[title, fmt_date(day), format_rate(rate)] for title, day, rate in data.history],
            widths=(4, 1.5, 1.5),
            caption=_("Implementation rate over time"),
        ),
    ]
    line_title = _("Implementation rate at each review")
    blocks.append(
        Chart(
            charts.line_chart(
                [fmt_date(day) for _t, day, _r in data.history],
                [charts.Series(_("Implementation rate"), [pct(r) for *_x, r in data.history])],
                title=line_title,
                no_data_label=_("No data"),
                rtl=get_language_bidi(),
            ),
            alt=_alt(line_title, [(fmt_date(d), format_rate(r)) for _t, d, r in data.history]),
        )
    )
    blocks += [
        Heading(_("Progress by area")),
        _group_table(data.sections, _("Area"), _("Tasks by area of the matrix")),
        _status_chart(data.sections, _("Task status by area")),
        Heading(_("Progress by agency")),
        _group_table(data.agencies, _("Lead agency"), _("Tasks by lead agency")),
        _status_chart(data.agencies, _("Task status by lead agency")),
        Heading(_("Overdue tasks")),
    ]
    if data.overdue:
        blocks.append(
            Table(
                headers=[
                    _("No."),
                    _("Task"),
                    _("Lead agency"),
                    _("Due"),
                    _("Status"),
                    _("Days late"),
                ],
                rows=[
                    [
                        t.number,
                        t.title,
                        t.lead_agency.name if t.lead_agency_id else "\u2014",
                        fmt_date(t.due_date),
                        StatusCell(status_labels.get(t.status, t.status), t.status),
                        (data.as_of - t.due_date).days,
                    ]
                    for t in data.overdue
                ],
                widths=(0.7, 4, 2.2, 1.3, 1.3, 0.9),
            )
        )
    else:
        blocks.append(Paragraph(_("No task is overdue.")))
    blocks.append(Heading(_("Assistance")))
    needing = [t for t in data.tasks if t.assistance_needed and t.is_open]
    blocks.append(
        Paragraph(
            ngettext(
                "%(n)s open task of the plan needs assistance.",
                "%(n)s open tasks of the plan need assistance.",
                len(needing),
            )
            % {"n": len(needing)}
        )
    )
    if data.requests:
        blocks.append(
            Table(
                headers=[_("Request"), _("Date"), _("Status")],
                rows=[
                    [r.title, fmt_date(r.date), str(r.get_status_display())] for r in data.requests
                ],
                widths=(4, 1.4, 2),
                caption=_("Assistance requests of %(state)s") % {"state": plan.state},
            )
        )
    else:
        blocks.append(Paragraph(_("No assistance request of this State that you can see.")))
    if data.events:
        blocks.append(Heading(_("Meetings on this plan")))
        blocks.append(
            Table(
                headers=[pgettext("table column", "Event"), _("Dates"), _("Type")],
                rows=[
                    [
                        e.title,
                        f"{fmt_date(e.starts_on)} \u2013 {fmt_date(e.ends_on)}",
                        str(e.get_kind_display()),
                    ]
                    for e in data.events
                ],
                widths=(4, 2, 1.6),
            )
        )
    return Document(
        title=_("Plan status report"),
        blocks=blocks,
        lang=document_language(),
        metadata=Metadata(
            author="nap1540", subject=plan.title[:250], keywords=("1540", str(plan.state)[:60])
        ),
    )


# --- regional brief -------------------------------------------------------------------------


@dataclass
class MemberRow:
    state: Any
    coverage: float | None
    plan: Any
    rate: float | None
    events: int
    open_requests: int


def regional_status(group: Any, user: Any, *, as_of: date | None = None) -> dict[str, Any]:
    """Coverage of the group's visible matrices, plus plans, events and requests per State."""
    as_of = as_of or timezone.localdate()
    coverage = group_coverage(group, user)
    members = list(group.members.order_by("name"))
    member_ids = [s.pk for s in members]
    overall = {row["iso3"]: row["overall"] for row in coverage["heatmap"]["rows"]}
    plans: dict[int, Any] = {}
    for candidate in (
        Plan.objects.visible_to(user)
        .filter(state_id__in=member_ids)
        .exclude(status=Plan.Status.SUPERSEDED)
        .prefetch_related("tasks")
        .order_by("state_id", "-period_start")
    ):
        plans.setdefault(candidate.state_id, candidate)
    year_ago = as_of - timedelta(days=365)
    events = Counter(
        Event.objects.visible_to(user)
        .filter(states_concerned__in=member_ids, starts_on__gte=year_ago, starts_on__lte=as_of)
        .values_list("states_concerned", flat=True)
    )
    requests: Counter[int] = Counter()
    open_statuses = [s for s in Request.Status.values if s not in ("draft", "completed", "closed")]
    requests.update(
        Request.objects.visible_to(user)
        .filter(state_id__in=member_ids, status__in=open_statuses)
        .values_list("state_id", flat=True)
    )
    rows = []
    for state in members:
        plan = plans.get(state.pk)
        rate = None
        if plan is not None:
            rate = implementation_rate(
                [TaskState.of(t) for t in plan.tasks.all()],
                as_of=as_of,
                default_due=plan.period_end,
            ).rate
        rows.append(
            MemberRow(
                state, overall.get(state.iso3), plan, rate, events[state.pk], requests[state.pk]
            )
        )
    return {"group": group, "as_of": as_of, "coverage": coverage, "members": rows}


def regional_brief_fingerprint(group: Any, user: Any, *, as_of: date) -> Fingerprint:
    """What `regional_brief_document` reads, in a few small queries (keep the two in step).

    Approved matrices are frozen (their counts are kept at approval), so their ids say it
    all; the members' plans are rows, their tasks one aggregate.
    """
    member_ids = group.members.values("id")
    plans = (
        Plan.objects.visible_to(user)
        .filter(state_id__in=member_ids)
        .exclude(status=Plan.Status.SUPERSEDED)
    )
    open_statuses = [s for s in Request.Status.values if s not in ("draft", "completed", "closed")]
    year_ago = as_of - timedelta(days=365)
    return (
        Fingerprint()
        .add("day", as_of.isoformat())
        .add("group", group.pk, group.code, group.name, group.translations)
        .rows("members", group.members.all(), "name")
        .ids(
            "matrices",
            Matrix.objects.visible_to(user).filter(
                state_id__in=member_ids, status=Matrix.Status.APPROVED
            ),
        )
        .rows(
            "plans",
            plans,
            "state_id",
            "title",
            "status",
            "period_start",
            "period_end",
            "updated_at",
        )
        .stamps("tasks", Task.objects.filter(plan__in=plans), counter="lock_version")
        .rows(
            "events",
            Event.objects.visible_to(user).filter(
                states_concerned__in=member_ids, starts_on__gte=year_ago, starts_on__lte=as_of
            ),
            "states_concerned",
            "starts_on",
        )
        .rows(
            "requests",
            Request.objects.visible_to(user).filter(
                state_id__in=member_ids, status__in=open_statuses
            ),
            "state_id",
        )
    )


def regional_brief_document(group: Any, user: Any, *, as_of: date | None = None) -> Document:
    """The regional status brief: coverage tables and charts, then each member's status."""
    data = regional_status(group, user, as_of=as_of)
    cov = data["coverage"]
    blocks: list[Block] = [
        Field(_("Group:"), marked(group.tr("name"))),
        Field(_("Members:"), str(cov["states_total"])),
        Field(
            _("Approved matrices you can see:"), f"{cov['states_counted']} / {cov['states_total']}"
        ),
        Field(_("Status as of:"), fmt_date(data["as_of"])),
        Heading(_("Coverage of the matrix")),
    ]
    if cov["suppressed"]:
        blocks.append(
            Callout(
                ngettext(
                    "Fewer than %(n)s approved matrix is visible, so regional figures are "
                    "not shown: they would reveal single States.",
                    "Fewer than %(n)s approved matrices are visible, so regional figures are "
                    "not shown: they would reveal single States.",
                    cov["min_states"],
                )
                % {"n": cov["min_states"]},
                tone="warning",
            )
        )
    blocks.append(Paragraph(_("Overall coverage: %(c)s.") % {"c": fmt_cov(cov["overall"])}))
    sections = cov["sections"]
    if sections:
        blocks.append(
            Table(
                headers=[_("Area"), _("Title"), _("Coverage")],
                rows=[[s["code"], marked(s["title"]), fmt_cov(s["coverage"])] for s in sections],
                widths=(1.2, 5, 1.3),
                caption=_("Coverage by area"),
                row_headers=True,
            )
        )
        bar_title = _("Coverage by area")
        blocks.append(
            Chart(
                charts.bar_chart(
                    [(s["code"], s["coverage"]) for s in sections],
                    title=bar_title,
                    no_data_label=_("No data"),
                    rtl=get_language_bidi(),
                ),
                alt=_alt(bar_title, [(s["code"], fmt_cov(s["coverage"])) for s in sections]),
            )
        )
    else:
        blocks.append(Paragraph(_("No approved matrix of a member that you can see.")))
    if cov["weapons"]:
        blocks.append(
            Table(
                headers=[_("Weapon category"), _("Coverage")],
                rows=[[w["label"], fmt_cov(w["coverage"])] for w in cov["weapons"]],
                widths=(4, 1.3),
                caption=_("Coverage by weapon category"),
                row_headers=True,
            )
        )
    heat = cov["heatmap"]
    if heat["rows"]:
        heat_title = _("Coverage by State and area")
        blocks.append(
            Chart(
                charts.heatmap(
                    [r["name"] for r in heat["rows"]],
                    heat["columns"],
                    [r["values"] for r in heat["rows"]],
                    title=heat_title,
                    missing_legend=_("No data"),
                    no_data_label=_("No data"),
                    rtl=get_language_bidi(),
                ),
                alt=_alt(heat_title, [(r["name"], fmt_cov(r["overall"])) for r in heat["rows"]]),
            )
        )
    if cov["trend"]:
        trend_title = _("Regional coverage by year")
        blocks.append(
            Chart(
                charts.line_chart(
                    [str(p["year"]) for p in cov["trend"]],
                    [charts.Series(_("Overall coverage"), [p["overall"] for p in cov["trend"]])],
                    title=trend_title,
                    no_data_label=_("No data"),
                    rtl=get_language_bidi(),
                ),
                alt=_alt(trend_title, [(p["year"], fmt_cov(p["overall"])) for p in cov["trend"]]),
            )
        )
    members: list[MemberRow] = data["members"]
    blocks += [
        Heading(_("Status of each State")),
        Table(
            headers=[
                _("State"),
                _("Coverage"),
                _("Action plan"),
                _("Rate"),
                _("Events"),
                _("Open requests"),
            ],
            rows=[
                [
                    str(m.state),
                    fmt_cov(m.coverage),
                    m.plan.title if m.plan else "\u2014",
                    format_rate(m.rate),
                    m.events,
                    m.open_requests,
                ]
                for m in members
            ],
            widths=(2.2, 1.4, 3.2, 1.1, 1.1, 1.5),
            caption=_(
                "Matrix coverage, action plan and implementation rate, events in the last "
                "12 months and open assistance requests"
            ),
            row_headers=True,
        ),
    ]
    with_rates = [(str(m.state), pct(m.rate)) for m in members if m.plan is not None]
    if with_rates:
        rate_title = _("Implementation rate of the action plans you can see")
        blocks.append(
            Chart(
                charts.bar_chart(
                    with_rates,
                    title=rate_title,
                    no_data_label=_("No data"),
                    rtl=get_language_bidi(),
                ),
                alt=_alt(rate_title, [(name, fmt_cov(v)) for name, v in with_rates]),
            )
        )
    return Document(
        title=_("Regional status brief"),
        blocks=blocks,
        lang=document_language(),
        metadata=Metadata(
            author="nap1540", subject=group.tr("name")[:250], keywords=("1540", group.code)
        ),
    )
