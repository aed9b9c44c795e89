"""Plan exports: a DOCX document (introduction, coordination, actions by area) and XLSX.

Thin on purpose: build plain rows and a `rendering.Document`, let the shared
rendering layer write the file. The plan comes from `access.get_plan_for_user`,
so an export shows exactly what the plan page shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from nap1540.core.rendering import StatusCell
from nap1540.core.rendering.document import CellValue
from nap1540.core.rendering.formats import document_language
from nap1540.core.text import join_list
from nap1540.matrix.models import Section
from nap1540.plans import workbook
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.rates import format_rate


def plan_tasks(plan: Plan) -> list[Task]:
    """The plan's tasks with everything the exports print, in a fixed number of queries."""
    return list(
        plan.tasks.select_related("lead_agency")
        .prefetch_related("fields", "supporting_agencies")
        .order_by("order", "id")
    )


def section_titles(codes: set[str]) -> dict[str, str]:
    """Area code -> title from the newest matrix template that has the section."""
    titles: dict[str, str] = {}
    for section in Section.objects.filter(code__in=codes).order_by("-framework__version"):
        titles.setdefault(section.code, section.title)
    return titles


def _d(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def task_row(task: Task) -> list[Any]:
    """One task as workbook cells, in `workbook.COLUMNS` order (what the import reads)."""
    return [
        task.number,
        task.title,
        task.description,
        task.section_code,
        ", ".join(f.key for f in task.fields.all()),
        task.lead_agency.name if task.lead_agency else "",
        f"{workbook.LIST_SEPARATOR} ".join(a.name for a in task.supporting_agencies.all()),
        task.start_date,
        task.due_date,
        task.get_priority_display(),
        StatusCell(task.get_status_display(), task.status),
        task.progress,
        task.expected_outputs,
        task.indicators,
        task.estimated_cost,
        task.currency,
        task.get_funding_display(),
        _("yes") if task.assistance_needed else _("no"),
        task.assistance_description,
    ]


def task_rows(tasks: list[Task]) -> Iterator[list[Any]]:
    for task in tasks:
        yield task_row(task)


# Column widths in cm. The seven columns of the actions need a landscape page: across its
# 25.7 cm text width the number stays narrow, the action (title, description, matrix fields)
# gets the most room, and a date, "Completed" or an agency name such as "Emergency" never
# breaks in the middle of a word. The reviews fit the 17 cm of a portrait page.
ACTION_WIDTHS_CM = (1.3, 7.0, 3.6, 3.6, 3.3, 4.4, 2.5)
REVIEW_WIDTHS_CM = (5.6, 2.7, 2.0, 2.5, 1.8, 2.4)


def _timeline(start: date | None, due: date | None) -> str:
    """Start and due dates on two lines, so a narrow column breaks between the dates only."""

    def whole(value: date | None) -> str:
        return _d(value).replace(" ", "\u00a0")  # "31 December 2014" never splits

    if start and due:
        return f"{whole(start)} \u2013\n{whole(due)}"
    return whole(start) or whole(due)


def _paragraphs(text: str) -> list[Any]:
    from nap1540.core.rendering import Paragraph

    return [Paragraph(part.strip()) for part in text.split("\n\n") if part.strip()]


def plan_document(plan: Plan) -> Any:
    """The plan as a `rendering.Document`: introduction, coordination, actions by area."""
    from nap1540.core.rendering import (
        Block,
        Callout,
        Document,
        Field,
        Heading,
        Landscape,
        Metadata,
        Paragraph,
        Table,
    )

    tasks = plan_tasks(plan)
    doc = Document(
        title=plan.title,
        lang=document_language(),
        metadata=Metadata(
            author=str(plan.state),
            subject=_("National action plan for the implementation of resolution 1540 (2004)"),
            keywords=("1540", plan.state.iso3, "NAP"),
        ),
    )
    blocks = doc.blocks
    if plan.is_demo:
        blocks.append(
            Callout(
                _("Illustrative demo data: not an official plan of the State."),
                title=_("Demo data"),
                tone="demo",
            )
        )
    blocks += [
        Field(_("State:"), str(plan.state)),
        Field(
            _("Implementation period:"),
            f"{_d(plan.period_start)} \u2013 {_d(plan.period_end)}",
        ),
        Field(_("Status:"), plan.get_status_display()),
    ]
    if plan.adoption_act or plan.adoption_act_number or plan.adoption_act_date:
        blocks.append(Field(_("Adopted by:"), plan.adoption_text()))
    if plan.coordinating_agency:
        blocks.append(Field(_("Coordinating agency:"), plan.coordinating_agency.name))
    blocks.append(Heading(_("Introduction")))
    blocks += _paragraphs(plan.introduction) or [Paragraph(_("No introduction has been written."))]
    blocks.append(Heading(_("Coordination mechanism")))
    blocks += _paragraphs(plan.coordination_mechanism) or [
        Paragraph(_("No coordination mechanism has been described."))
    ]
    agencies = sorted(
        {t.lead_agency.name for t in tasks if t.lead_agency}
        | {a.name for t in tasks for a in t.supporting_agencies.all()}
    )
    if agencies:
        from nap1540.core.rendering import BulletList

        blocks.append(Paragraph(_("Agencies taking part in the plan:")))
        blocks.append(BulletList(agencies))
    actions: list[Block] = [Heading(_("Actions by area"))]
    areas: dict[str, list[Task]] = {}
    for task in tasks:
        areas.setdefault(task.section_code or "", []).append(task)
    titles = section_titles(set(areas) - {""})
    headers = [
        _("No."),
        _("Action"),
        _("Lead agency"),
        _("Supporting agencies"),
        _("Timeline"),
        _("Expected outputs and indicators"),
        _("Status"),
    ]
    if not areas:
        actions.append(Paragraph(_("The plan has no actions yet.")))
    for code, area_tasks in areas.items():
        heading = (
            f"{code} \u2014 {titles[code]}" if code in titles else (code or _("Other actions"))
        )
        actions.append(Heading(heading, level=2))
        rows: list[list[CellValue]] = []
        for t in area_tasks:
            outputs = "\n".join(x for x in (t.expected_outputs, t.indicators) if x)
            fields = join_list(f.key for f in t.fields.all())
            action = t.title + (f"\n{t.description}" if t.description else "")
            if fields:
                action += "\n" + _("Matrix fields: %(keys)s") % {"keys": fields}
            rows.append(
                [
                    t.number,
                    action,
                    t.lead_agency.name if t.lead_agency else "",
                    join_list(a.name for a in t.supporting_agencies.all()),
                    _timeline(t.start_date, t.due_date),
                    outputs,
                    StatusCell(f"{t.get_status_display()} ({t.progress}\u00a0%)", t.status),
                ]
            )
        actions.append(Table(headers, rows, widths=ACTION_WIDTHS_CM))
    # The actions print across the page; without any, the one sentence stays upright.
    blocks += [Landscape(actions)] if areas else actions
    reviews = list(plan.reviews.order_by("held_on", "id"))
    if reviews:
        blocks.append(Heading(_("Reviews")))
        blocks.append(
            Table(
                [
                    _("Review"),
                    _("Date"),
                    _("Tasks due"),
                    pgettext("table column: tasks completed", "Completed"),
                    _("Rate"),
                    _("Progress"),
                ],
                [
                    [
                        r.title,
                        _d(r.held_on),
                        r.tasks_due,
                        r.tasks_completed,
                        format_rate(r.implementation_rate),
                        format_rate(r.progress_rate),
                    ]
                    for r in reviews
                ],
                widths=REVIEW_WIDTHS_CM,
            )
        )
    return doc


def plan_docx(plan: Plan) -> bytes:
    from nap1540.core.rendering.docx import render_docx

    return render_docx(plan_document(plan), page_numbers=_("Page {page} of {pages}"))


def plan_xlsx(plan: Plan) -> bytes:
    """The plan's details, its tasks (in the importable layout) and its reviews."""
    from nap1540.core.rendering.xlsx import (
        new_workbook,
        safe_sheet_title,
        workbook_bytes,
        write_table,
    )

    wb = new_workbook(
        title=plan.title,
        subject=_("National action plan"),
        keywords=("1540", plan.state.iso3),
        language=document_language(),
    )
    about = wb.active
    assert about is not None
    about.title = safe_sheet_title(_("Plan"))
    props = [
        (_("Title"), plan.title),
        (_("State"), str(plan.state)),
        (_("Period start"), plan.period_start),
        (_("Period end"), plan.period_end),
        (_("Status"), plan.get_status_display()),
        (_("Adopting act"), plan.adoption_act),
        (_("Act number"), plan.adoption_act_number),
        (_("Act date"), plan.adoption_act_date),
        (
            _("Coordinating agency"),
            plan.coordinating_agency.name if plan.coordinating_agency else "",
        ),
        (_("Shared with"), plan.get_visibility_display()),
        (_("Exported"), timezone.now()),
    ]
    if plan.is_demo:
        props.append(
            (_("Demo data"), _("Illustrative demo data: not an official plan of the State."))
        )
    write_table(about, [_("Property"), _("Value")], props, autofilter=False)
    tasks_ws = wb.create_sheet(safe_sheet_title(str(workbook.TASK_SHEET)))
    write_table(
        tasks_ws,
        [str(label) for _key, label, _w in workbook.COLUMNS],
        task_rows(plan_tasks(plan)),
        widths=[w for _k, _l, w in workbook.COLUMNS],
    )
    reviews_ws = wb.create_sheet(safe_sheet_title(_("Reviews")))
    reviews: list[Review] = list(plan.reviews.order_by("held_on", "id"))
    write_table(
        reviews_ws,
        [
            _("Review"),
            _("Date"),
            _("Tasks due"),
            pgettext("table column: tasks completed", "Completed"),
            _("Rate"),
            _("Progress"),
        ],
        [
            [
                r.title,
                r.held_on,
                r.tasks_due,
                r.tasks_completed,
                r.implementation_rate,
                r.progress_rate,
            ]
            for r in reviews
        ],
    )
    return workbook_bytes(wb)


def export_filename(plan: Plan, extension: str) -> str:
    from django.utils.text import slugify

    return f"{plan.state.iso3.lower()}-plan-{plan.pk}-{slugify(plan.title)[:40]}.{extension}"
