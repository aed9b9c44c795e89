"""DOCX and XLSX exports, the XLSX task import, and the two commands."""

import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Emu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from nap1540.core.audit import AuditEvent
from nap1540.core.rendering.statuses import status_style
from nap1540.plans import exports, services, workbook
from nap1540.plans.models import Plan, Task

HEADERS = [str(label) for _key, label, _w in workbook.COLUMNS]


def _xlsx(rows, headers=HEADERS, title="Tasks"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(**values):
    keys = [key for key, _label, _w in workbook.COLUMNS]
    return [values.get(key) for key in keys]


def test_plan_docx_has_introduction_coordination_and_actions_by_area_as_tables(personas, plan):
    services.update_plan(
        plan,
        by=personas.coordinator,
        introduction="Why the plan exists.",
        coordination_mechanism="Who coordinates.",
        coordinating_agency=personas.agency,
    )
    document = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    ]
    assert headings[:3] == ["Introduction", "Coordination mechanism", "Actions by area"]
    assert any(h.startswith("OP1 \u2014 OP 1 and related matters") for h in headings)
    assert len(document.tables) == 3  # one per area: OP1, OP2, OP3(c)
    assert document.tables[0].rows[0].cells[1].text == "Action"
    assert document.tables[0].rows[1].cells[1].text.startswith("Task 1")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Why the plan exists." in text and "Who coordinates." in text


def test_plan_docx_action_table_keeps_dates_and_short_words_whole(plan):
    task = plan.tasks.order_by("order").first()
    task.start_date, task.due_date = date(2014, 3, 1), date(2014, 12, 31)
    task.save(update_fields=["start_date", "due_date"])
    document = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    table = document.tables[0]
    assert table.rows[0].cells[4].text == "Timeline"
    timeline = table.rows[1].cells[4].text
    # In the one date style, with no-break spaces so that a date never splits.
    assert timeline.split("\n") == ["1\u00a0March\u00a02014 \u2013", "31\u00a0December\u00a02014"]
    widths = [column.width.cm for column in table.columns]
    section = _section_of(document, table)
    text_width = Emu(section.page_width - section.left_margin - section.right_margin).cm
    assert sum(widths) == pytest.approx(text_width, abs=0.05)
    assert widths[0] >= 1.0  # "No."
    assert min(widths[2:]) >= 2.3  # agencies, dates, "Completed"
    assert max(widths) == widths[1]  # the action's title and description
    assert widths[0] == min(widths)


def _section_of(document, table):
    """The section a table is printed in: the one whose break follows it in the body."""
    body = list(document.element.body.iterchildren())
    before = body[: body.index(table._tbl)]
    return document.sections[sum(el.find(".//" + qn("w:sectPr")) is not None for el in before)]


def test_plan_docx_prints_the_actions_across_the_page_and_the_rest_upright(plan):
    without_reviews = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    # The actions end the document: no blank upright page after them.
    assert [s.orientation for s in without_reviews.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
    ]
    plan.reviews.create(title="Mid-term review", held_on=date(2017, 10, 1))
    document = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    sections = document.sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    assert (sections[1].page_width or 0) > (sections[1].page_height or 0)
    assert (sections[0].page_width or 0) < (sections[0].page_height or 0)
    *actions, reviews = document.tables
    assert len(actions) == 3  # the actions of three areas
    for table in actions:
        assert _section_of(document, table).orientation == WD_ORIENT.LANDSCAPE
    assert reviews.rows[0].cells[0].text == "Review"
    assert _section_of(document, reviews).orientation == WD_ORIENT.PORTRAIT
    # Page numbers go on in the landscape pages: every section keeps the first's footer.
    assert all(s.footer.is_linked_to_previous for s in sections[1:])


def test_plan_docx_status_cells_have_the_status_colour(plan):
    task = plan.tasks.order_by("order").first()
    task.status = Task.Status.COMPLETED
    task.save(update_fields=["status"])
    document = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    cell = document.tables[0].rows[1].cells[6]
    assert cell.text.startswith("Completed")
    tc_pr = cell._tc.tcPr
    assert tc_pr is not None
    shading = tc_pr.find(qn("w:shd"))
    assert shading is not None
    assert shading.get(qn("w:fill")) == status_style("completed").colour_hex == "2E7D32"
    assert str(cell.paragraphs[0].runs[0].font.color.rgb) == "FFFFFF"


def test_plan_xlsx_has_the_plan_its_tasks_in_the_import_layout_and_its_reviews(plan):
    wb = load_workbook(io.BytesIO(exports.plan_xlsx(plan)))
    assert wb.sheetnames == ["Plan", "Tasks", "Reviews"]
    tasks = list(wb["Tasks"].iter_rows(values_only=True))
    assert list(tasks[0]) == HEADERS
    assert [r[1] for r in tasks[1:]] == ["Task 1", "Task 2", "Task 3"]


def test_plan_xlsx_status_cells_have_the_status_colour(plan):
    task = plan.tasks.order_by("order").first()
    task.status = Task.Status.DELAYED
    task.save(update_fields=["status"])
    ws = load_workbook(io.BytesIO(exports.plan_xlsx(plan)))["Tasks"]
    column = HEADERS.index("Status") + 1
    cell = ws.cell(row=2, column=column)
    assert cell.value == "Delayed"
    assert cell.fill.fgColor.rgb[-6:] == status_style("delayed").colour_hex == "B3261E"
    assert cell.font.color.rgb[-6:] == "FFFFFF"
    assert ws.cell(row=2, column=column - 1).fill.fill_type is None  # only the status


def test_a_malformed_workbook_is_refused_with_row_level_messages_and_nothing_written(
    personas, plan
):
    before = (Task.objects.count(), AuditEvent.objects.count())
    data = _xlsx(
        [
            _row(title="Good task", lead_agency="Ministry of Health", due_date=date(2018, 1, 1)),
            _row(number="9", title=None, status="completed"),
            _row(title="Bad date", due_date="31 February"),
            _row(title="Bad status", status="finished", progress=150),
            _row(title="Bad agency", lead_agency="Ministry of Magic"),
            _row(title="Bad field", fields="OP9-99"),
            _row(number="9", title="Duplicate number"),
            _row(number="1", title="Existing number"),
            _row(title="Backwards", start_date=date(2018, 1, 1), due_date=date(2017, 1, 1)),
            _row(title="Bad flag", assistance_needed="perhaps"),
        ]
    )
    result = services.import_tasks(plan, data, by=personas.coordinator)
    messages = [str(e) for e in result.errors]
    assert not result.ok
    assert "Row 3, Action: Every task needs a title." in messages
    assert any(m.startswith("Row 4, Due date: “31 February” is not a date") for m in messages)
    assert any(m.startswith("Row 5, Status: “finished” is not one of") for m in messages)
    assert "Row 5, Progress (%): Progress must be a whole number from 0 to 100." in messages
    assert any(m.startswith("Row 6, Lead agency: “Ministry of Magic”") for m in messages)
    assert "Row 7, Matrix fields: Unknown matrix field: OP9-99." in messages
    assert "Row 8, No.: Number 9 is also used in row 3." in messages
    assert any(m.startswith("Row 9, No.: Task 1 already exists") for m in messages)
    assert "Row 10, Due date: The due date is before the start date." in messages
    assert "Row 11, Assistance needed: Write yes or no." in messages
    assert not any(m.startswith("Row 2") for m in messages)  # the good row is fine
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_a_file_that_is_not_a_workbook_or_lacks_the_title_column_is_refused(personas, plan):
    result = services.import_tasks(plan, b"not a zip", by=personas.coordinator)
    assert [str(e) for e in result.errors] == [
        "The file is not an Excel workbook (.xlsx), or it is damaged. Open it in a "
        "spreadsheet program, save it as .xlsx and upload it again."
    ]
    result = services.import_tasks(
        plan, _xlsx([["x"]], headers=["Colour"]), by=personas.coordinator
    )
    messages = [str(e) for e in result.errors]
    assert "Row 1, Colour: This column is not recognised." in messages
    assert "Action: The workbook has no Action column." in messages


def test_a_valid_workbook_adds_every_row_and_a_dry_run_adds_none(personas, plan):
    data = _xlsx(
        [
            _row(
                title="'=cmd|' /C calc'!A0",
                lead_agency="Ministry of Emergency Situations",
                supporting_agencies="Ministry of Health",
                fields="OP1-R16, OP1-R17",
                status="In progress",
                progress=40.0,
                estimated_cost="1,500.50",
                assistance_needed="yes",
                due_date="2018-06-30",
            ),
            _row(number="A.1", title="Second", priority="high", funding="Unfunded"),
        ]
    )
    dry = services.import_tasks(plan, data, by=personas.coordinator, dry_run=True)
    assert dry.ok and len(dry.rows) == 2 and plan.tasks.count() == 3
    result = services.import_tasks(plan, data, by=personas.coordinator)
    assert result.ok and len(result.created) == 2
    first, second = result.created
    assert first.title == "=cmd|' /C calc'!A0"
    assert first.number == "4"
    assert first.status == "in_progress" and first.progress == 40
    assert first.estimated_cost == Decimal("1500.50")
    assert first.assistance_needed is True
    assert sorted(first.fields.values_list("key", flat=True)) == ["OP1-R16", "OP1-R17"]
    assert list(first.supporting_agencies.all()) == [personas.other_agency]
    assert (second.number, second.priority, second.funding) == ("A.1", "high", "unfunded")
    assert AuditEvent.objects.filter(action="plan.tasks_imported").count() == 1


def test_import_page_shows_row_errors_and_adds_nothing(personas, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("tasks.xlsx", _xlsx([_row(title=None, status="done")]))
    response = personas.client("coordinator").post(f"/plans/{plan.pk}/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422
    assert "The workbook was refused" in page
    assert "Row 2, Action: Every task needs a title." in page
    assert plan.tasks.count() == 3


TEXT = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "title": TEXT | st.sampled_from(["=SUM(A1)", "+1", "-x", "@who", "'quoted"]),
                "description": st.text(
                    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60
                ).map(str.strip),
                "status": st.sampled_from(Task.Status.values),
                "progress": st.integers(0, 100),
                "priority": st.sampled_from(Task.Priority.values),
                "due_date": st.none() | st.dates(date(2000, 1, 1), date(2040, 1, 1)),
                "estimated_cost": st.none() | st.decimals(0, 10**9, places=2),
                "assistance_needed": st.booleans(),
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_export_then_import_reproduces_the_tasks(personas, rows):
    source = Plan.objects.create(
        state=personas.uzb,
        title="Source",
        period_start=date(2000, 1, 1),
        period_end=date(2040, 1, 1),
    )
    target = Plan.objects.create(
        state=personas.uzb,
        title="Target",
        period_start=date(2000, 1, 1),
        period_end=date(2040, 1, 1),
    )
    try:
        for row in rows:
            services.create_task(
                source, by=None, lead_agency=personas.agency, fields=["OP1-R16"], **row
            )
        result = services.import_tasks(target, exports.plan_xlsx(source), by=None)
        assert result.ok, [str(e) for e in result.errors]
        compared = (
            "number",
            "title",
            "description",
            "status",
            "progress",
            "priority",
            "due_date",
            "estimated_cost",
            "assistance_needed",
            "lead_agency_id",
        )
        for a, b in zip(
            source.tasks.order_by("order"), target.tasks.order_by("order"), strict=True
        ):
            assert [getattr(a, f) for f in compared] == [getattr(b, f) for f in compared]
            assert list(b.fields.values_list("key", flat=True)) == ["OP1-R16"]
    finally:
        target.delete()
        source.delete()


def test_export_plan_command_writes_docx_and_xlsx(plan, tmp_path):
    out = tmp_path / "plan.docx"
    call_command("export_plan", str(plan.pk), "--format", "docx", "-o", str(out))
    assert docx.Document(str(out)).paragraphs[0].text == plan.title
    out = tmp_path / "plan.xlsx"
    call_command("export_plan", str(plan.pk), "--format", "xlsx", "-o", str(out))
    assert load_workbook(out).sheetnames == ["Plan", "Tasks", "Reviews"]
    with pytest.raises(CommandError, match="No plan"):
        call_command("export_plan", "999999", "-o", str(out))


def test_import_tasks_command_checks_with_dry_run_then_adds(plan, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx([_row(title="From the command line")]))
    call_command("import_tasks", str(plan.pk), str(good), "--dry-run")
    assert "1 task(s) would be added" in capsys.readouterr().out
    assert plan.tasks.count() == 3
    call_command("import_tasks", str(plan.pk), str(good))
    assert plan.tasks.filter(title="From the command line").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_xlsx([_row(title=None, status="done")]))
    with pytest.raises(CommandError, match="nothing was added"):
        call_command("import_tasks", str(plan.pk), str(bad))
    assert "Row 2, Action: Every task needs a title." in capsys.readouterr().err
