"""One colour per status: the page's badges, the timeline, the report's charts, DOCX, XLSX."""

import io
import re
from collections import Counter
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from nap1540.core.rendering import Document, StatusCell, Table
from nap1540.core.rendering.charts import GanttTask, gantt
from nap1540.core.rendering.docx import render_docx
from nap1540.core.rendering.html import render_print_html
from nap1540.core.rendering.statuses import STATUS_STYLES, status_style
from nap1540.core.rendering.xlsx import workbook_bytes, write_table
from nap1540.plans.models import Plan, Task
from nap1540.reports.documents import STATUS_ORDER, GroupRow, _status_chart
from nap1540.web import status_css

TASK_STATUSES = list(Task.Status.values)


def _css_rule(selector: str) -> dict[str, str]:
    css = status_css.STYLESHEET.read_text(encoding="utf-8")
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, f"app.css has no rule for {selector}"
    return dict(
        (name.strip(), value.strip())
        for name, _sep, value in (d.partition(":") for d in match.group(1).split(";"))
        if name.strip()
    )


def _fill(tc_pr) -> str | None:
    shd = tc_pr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def test_app_css_has_the_badges_the_status_colours_write():
    assert status_css.current() == status_css.block(), "run: python manage.py status_css"


@pytest.mark.parametrize(
    ("prefix", "status"),
    [("st", s) for s in TASK_STATUSES] + [("pl", s) for s in Plan.Status.values],
)
def test_each_status_badge_in_app_css_uses_the_status_colour(prefix, status):
    rule = _css_rule(f".badge.{prefix}-{status}")
    style = status_style(status)
    assert rule["background"] == style.colour
    assert rule["color"] == style.ink


@pytest.mark.parametrize("style", sorted(set(STATUS_STYLES.values()), key=str))
def test_status_text_reaches_aa_contrast_on_its_colour(style):
    from nap1540.core.rendering.charts import contrast_ratio

    assert contrast_ratio(style.colour, style.ink) >= 4.5


def test_a_status_has_one_colour_in_the_timeline_the_report_docx_xlsx_and_css():
    timeline = gantt(
        [GanttTask(s, date(2026, 1, 1), date(2026, 3, 1), s) for s in TASK_STATUSES],
        title="Timeline",
    )
    bars = dict(re.findall(r'fill="(#[0-9a-f]{6})"><title>([a-z_]+):', timeline))
    bars = {status: colour for colour, status in bars.items()}

    report = _status_chart(
        [GroupRow("OP1", 5, 5, 1, 0.2, 20.0, Counter({s: 1 for s in TASK_STATUSES}))],
        "Task status by area",
    ).svg
    labels = {str(label): str(value) for value, label in Task.Status.choices}
    segments = {
        labels[name]: colour
        for colour, name in re.findall(
            r'fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="1">'
            r"<title>OP1, ([^:]+):",
            report,
        )
    }

    doc = Document(
        "Statuses", blocks=[Table(["Status"], [[StatusCell(s, s)] for s in TASK_STATUSES])]
    )
    table = docx.Document(io.BytesIO(render_docx(doc))).tables[0]
    shading = {
        row.cells[0].text: _fill(row.cells[0]._tc.get_or_add_tcPr()) for row in table.rows[1:]
    }

    wb = Workbook()
    write_table(wb.active, ["Status"], [[StatusCell(s, s)] for s in TASK_STATUSES])
    ws = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    fills = {row[0].value: row[0].fill.fgColor.rgb[-6:] for row in ws.iter_rows(min_row=2)}

    pdf_css = render_print_html(doc)

    for status in TASK_STATUSES:
        colour = status_style(status).colour
        assert bars[status] == colour, f"timeline bar for {status}"
        assert segments[status] == colour, f"report chart segment for {status}"
        assert shading[status] == colour.lstrip("#").upper(), f"DOCX cell for {status}"
        assert fills[status] == colour.lstrip("#").upper(), f"XLSX cell for {status}"
        assert _css_rule(f".badge.st-{status}")["background"] == colour
        assert f"td.nap-status--{status} {{ background: {colour};" in pdf_css
        assert f'<td class="nap-status nap-status--{status}">' in pdf_css
    assert set(STATUS_ORDER) == set(TASK_STATUSES)


def test_the_report_chart_and_the_timeline_agree_that_completed_is_green():
    # They did not: the report's chart gave the statuses the palette in turn (completed navy).
    assert status_style("completed").colour == "#2e7d32"
    report = _status_chart(
        [GroupRow("OP1", 1, 1, 1, 1.0, 100.0, Counter({"completed": 1}))], "Task status"
    ).svg
    assert 'fill="#2e7d32" stroke="#ffffff"' in report
    assert 'fill="#1f4e79" stroke="#ffffff"' not in report


def test_the_app_stylesheet_gives_every_chart_width_its_minimum():
    from nap1540.core.rendering._svg import MIN_WIDTHS

    css = status_css.STYLESHEET.read_text(encoding="utf-8")
    for width in MIN_WIDTHS:
        assert f"svg.nap-chart--{width} {{ min-width: {width / 16:g}rem; }}" in css
