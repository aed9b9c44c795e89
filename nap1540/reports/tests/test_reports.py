"""Plan status report and regional status brief, as DOCX and PDF, read with visibility."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
import time_machine
from django.urls import reverse

from nap1540.core.tests.test_rendering_docx import assert_valid_package
from nap1540.events.tests.helpers import assert_in_order, docx_texts, pdf_text
from nap1540.registry.models import Group
from nap1540.reports.documents import plan_status, plan_status_document, regional_brief_document

TODAY = date(2018, 1, 15)


@time_machine.travel(TODAY, tick=False)
def test_plan_status_counts_rate_history_and_overdue_tasks(personas: Any, plan: Any) -> None:
    from nap1540.plans.models import Review

    Review.objects.create(
        plan=plan, title="Mid-term review", held_on=date(2017, 10, 1), implementation_rate=0.5
    )
    data = plan_status(plan, personas.coordinator)
    # Due by 15 Jan 2018: tasks 1 (completed), 4 and 5 (overdue). Task 2 and 3 are not due yet.
    assert (data.rate.counted, data.rate.completed) == (3, 1)
    assert [t.number for t in data.overdue] == ["4", "5"]
    assert [t.number for t in data.blocked] == ["3"]
    assert [(title, rate) for title, _day, rate in data.history] == [
        ("Mid-term review", 0.5),
        ("Now", pytest.approx(1 / 3)),
    ]
    assert {row.label for row in data.sections} == {
        "OP3(a)",
        "OP3(b)",
        "OP3(c)",
        "OP3(d)",
        "No area",
    }
    assert {row.label for row in data.agencies} == {
        personas.agency.name,
        personas.other_agency.name,
    }


@time_machine.travel(TODAY, tick=False)
def test_plan_status_report_as_docx_and_pdf(personas: Any, plan: Any) -> None:
    doc = plan_status_document(plan, personas.coordinator)
    from nap1540.core.rendering.files import render

    data = render(doc, "docx")
    assert_valid_package(data)
    texts = "\n".join(docx_texts(data))
    assert_in_order(
        texts,
        [
            "Plan status report",
            plan.title,
            "Implementation rate",
            "33",
            "Progress by area",
            "OP3(a)",
            "Progress by agency",
            "Overdue tasks",
            "Biosafety regulation",
            "Outreach to industry",
            "Assistance",
        ],
    )
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) >= 3  # rate history + 2 status charts
    pdf = render(doc, "pdf")
    assert_in_order(pdf_text(pdf), ["Plan status report", "Implementation rate", "Overdue tasks"])


def test_plan_report_downloads_follow_plan_visibility(personas: Any, plan: Any) -> None:
    url = reverse("reports:report_plan", args=[plan.pk, "docx"])
    assert personas.client("viewer").get(url).status_code == 200
    for persona in ("outsider", "anonymous", "expert", "provider"):
        assert personas.client(persona).get(url).status_code == 404, persona
        api = personas.client(persona).get(f"/api/v1/reports/plan/{plan.pk}")
        assert api.status_code == 404, persona
    summary = personas.client("coordinator").get(f"/api/v1/reports/plan/{plan.pk}").json()
    assert summary["tasks"] == 5 and summary["state"] == "UZB"
    download = personas.client("coordinator").get(summary["downloads"]["pdf"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")


def test_regional_brief_as_docx_and_pdf(personas: Any, plan: Any) -> None:
    group = (
        Group.objects.get(code="CENTRAL-ASIA")
        if Group.objects.filter(code="CENTRAL-ASIA").exists()
        else Group.objects.filter(members=personas.uzb).first()
    )
    assert group is not None
    from nap1540.core.rendering.files import render

    doc = regional_brief_document(group, personas.coordinator)
    data = render(doc, "docx")
    assert_valid_package(data)
    texts = "\n".join(docx_texts(data))
    assert_in_order(
        texts,
        ["Regional status brief", group.name, "Coverage of the matrix", "Status of each State"],
    )
    assert "Uzbekistan" in texts and plan.title in texts  # the coordinator sees the private plan
    outsider = "\n".join(
        docx_texts(render(regional_brief_document(group, personas.outsider), "docx"))
    )
    assert plan.title not in outsider
    pdf = render(doc, "pdf")
    assert "Regional status brief" in pdf_text(pdf)


def test_regional_brief_download_and_api(personas: Any) -> None:
    group = Group.objects.filter(members=personas.uzb).order_by("code").first()
    assert group is not None
    client = personas.client("anonymous")
    response = client.get(reverse("reports:report_region", args=[group.code, "docx"]))
    assert response.status_code == 200
    summary = client.get(f"/api/v1/reports/region/{group.code}").json()
    assert summary["group"] == group.code
    assert any(m["state"] == "UZB" for m in summary["members"])
    assert client.get("/api/v1/reports/region/NO-SUCH-GROUP").status_code == 404
    page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:report_region", args=[group.code, "pdf"]) in page


def test_regional_brief_in_french_names_the_group_and_sections_in_french(personas: Any) -> None:
    from django.utils import translation

    from nap1540.core.rendering.files import render
    from nap1540.matrix.tests.conftest import build_matrix

    build_matrix(personas.kaz, {"OP1-01": "X"}, approve=True)
    group = Group.objects.get(code="CENTRAL-ASIA")
    with translation.override("fr"):
        texts = "\n".join(docx_texts(render(regional_brief_document(group, None), "docx")))
    assert "Asie centrale" in texts
    assert "Paragraphe 3 b) \N{EN DASH} mesures de protection physique" in texts
    assert "(en anglais)" not in texts


def test_plan_status_report_colours_each_overdue_tasks_status(personas: Any, plan: Any) -> None:
    from docx.oxml.ns import qn

    from nap1540.core.rendering.files import render
    from nap1540.core.rendering.statuses import status_style

    data = plan_status(plan, personas.coordinator)
    document = docx.Document(
        io.BytesIO(render(plan_status_document(plan, personas.coordinator), "docx"))
    )
    overdue = next(t for t in document.tables if t.rows[0].cells[-1].text == "Days late")
    assert len(overdue.rows) == 1 + len(data.overdue) > 1
    for row, task in zip(overdue.rows[1:], data.overdue, strict=True):
        shading = row.cells[4]._tc.get_or_add_tcPr().find(qn("w:shd"))
        assert shading is not None
        assert shading.get(qn("w:fill")) == status_style(task.status).colour_hex
