"""The reports page and the plan status report and regional brief as DOCX and PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nap1540.core.rendering.files import RenderedFile, file_response, rendered_file
from nap1540.plans import access as plans_access
from nap1540.plans.models import Plan
from nap1540.registry.access import get_group_for_user
from nap1540.registry.models import Group
from nap1540.reports.documents import plan_status_document, regional_brief_document

REPORT_FORMATS = ("docx", "pdf")
MAX_ID = 2**63 - 1


def _page_numbers() -> str:
    return _("Page {page} of {pages}")


def get_plan_for_user(user: Any, pk: Any) -> Plan:
    if not 0 < int(pk) <= MAX_ID:
        raise Http404(_("No plan %(pk)s that you can see.") % {"pk": pk})
    return plans_access.get_plan_for_user(user, pk)


def plan_report_file(plan: Any, user: Any, fmt: str) -> RenderedFile:
    if fmt not in REPORT_FORMATS:
        raise Http404(_("Reports are available as DOCX and PDF."))
    doc = plan_status_document(plan, user)
    return rendered_file(
        doc, fmt, f"plan-status-{plan.state.iso3}-{plan.pk}", page_numbers=_page_numbers()
    )


def region_report_file(group: Any, user: Any, fmt: str) -> RenderedFile:
    if fmt not in REPORT_FORMATS:
        raise Http404(_("Reports are available as DOCX and PDF."))
    doc = regional_brief_document(group, user)
    return rendered_file(doc, fmt, f"regional-brief-{group.code}", page_numbers=_page_numbers())


def reports(request: HttpRequest) -> HttpResponse:
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("state")
        .order_by("state__name", "-period_start")
    )
    groups = Group.objects.order_by("kind", "name").only("code", "name", "kind", "translations")
    context = {"plans": plans, "groups": groups, "formats": REPORT_FORMATS}
    return render(request, "reports/index.html", context)


def report_plan(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    return file_response(plan_report_file(plan, request.user, fmt))


def report_region(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    group = get_group_for_user(request.user, code)
    return file_response(region_report_file(group, request.user, fmt))
