"""/api/v1/reports/: the plan status and regional status summaries, and their documents."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router

from nap1540.core.rendering.files import file_response
from nap1540.registry.access import get_group_for_user
from nap1540.reports.documents import plan_status, regional_status
from nap1540.reports.views import (
    REPORT_FORMATS,
    get_plan_for_user,
    plan_report_file,
    region_report_file,
)

router = Router(tags=["reports"])
ReportFormat = Literal["docx", "pdf"]


@router.get("/plan/{plan_id}", response=dict[str, Any], summary="Plan status summary")
def plan_report(request: HttpRequest, plan_id: int) -> Any:
    plan = get_plan_for_user(request.user, plan_id)
    data = plan_status(plan, request.user)
    return {
        "plan_id": plan.pk,
        "state": plan.state.iso3,
        "as_of": data.as_of.isoformat(),
        "implementation_rate": data.rate.rate,
        "progress_rate": data.rate.progress_rate,
        "tasks": data.rate.total,
        "tasks_due": data.rate.counted,
        "tasks_completed": data.rate.completed,
        "history": [
            {"title": t, "date": d.isoformat(), "implementation_rate": r}
            for t, d, r in data.history
        ],
        "overdue_tasks": [t.pk for t in data.overdue],
        "downloads": {
            fmt: reverse("api:reports_plan_download", args=[plan.pk]) + f"?format={fmt}"
            for fmt in REPORT_FORMATS
        },
    }


@router.get(
    "/plan/{plan_id}/download",
    summary="Plan status report as DOCX or PDF",
    url_name="reports_plan_download",
)
def plan_report_download(
    request: HttpRequest, plan_id: int, format: ReportFormat = "pdf"
) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return file_response(plan_report_file(plan, request.user, format))


@router.get("/region/{code}", response=dict[str, Any], summary="Regional status summary")
def region_report(request: HttpRequest, code: str) -> Any:
    group = get_group_for_user(request.user, code)
    data = regional_status(group, request.user)
    cov = data["coverage"]
    return {
        "group": group.code,
        "as_of": data["as_of"].isoformat(),
        "coverage": {
            k: cov[k]
            for k in (
                "states_total",
                "states_counted",
                "suppressed",
                "overall",
                "sections",
                "weapons",
            )
        },
        "members": [
            {
                "state": m.state.iso3,
                "coverage": m.coverage,
                "plan_id": m.plan.pk if m.plan else None,
                "implementation_rate": m.rate,
                "events_last_12_months": m.events,
                "open_requests": m.open_requests,
            }
            for m in data["members"]
        ],
        "downloads": {
            fmt: reverse("api:reports_region_download", args=[group.code]) + f"?format={fmt}"
            for fmt in REPORT_FORMATS
        },
    }


@router.get(
    "/region/{code}/download",
    summary="Regional status brief as DOCX or PDF",
    url_name="reports_region_download",
)
def region_report_download(
    request: HttpRequest, code: str, format: ReportFormat = "pdf"
) -> HttpResponse:
    group = get_group_for_user(request.user, code)
    return file_response(region_report_file(group, request.user, format))
