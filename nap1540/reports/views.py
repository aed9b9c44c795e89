"""The reports page and the plan status report and regional brief as DOCX and PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.core.rendering.cache import Slot, remember_file
from nap1540.core.rendering.files import RenderedFile, file_response, rendered_file
from nap1540.plans import access as plans_access
from nap1540.plans.models import Plan
from nap1540.registry.access import get_group_for_user
from nap1540.registry.models import Group
from nap1540.reports.documents import (
    plan_status_document,
    plan_status_fingerprint,
    regional_brief_document,
    regional_brief_fingerprint,
)

REPORT_FORMATS = ("docx", "pdf")
MAX_ID = 2**63 - 1


def _page_numbers() -> str:
    return _("Page {page} of {pages}")


def get_plan_for_user(user: Any, pk: Any) -> Plan:
    if not 0 < int(pk) <= MAX_ID:
        raise Http404(_("No plan %(pk)s that you can see.") % {"pk": pk})
    return plans_access.get_plan_for_user(user, pk)


def plan_report_file(plan: Any, user: Any, fmt: str) -> RenderedFile:
    """The plan status report, laid out once per version of what `user` may see of it."""
    if fmt not in REPORT_FORMATS:
        raise Http404(_("Reports are available as DOCX and PDF."))
    as_of = timezone.localdate()

    def build() -> RenderedFile:
        doc = plan_status_document(plan, user, as_of=as_of)
        name = f"plan-status-{plan.state.iso3}-{plan.pk}"
        return rendered_file(doc, fmt, name, page_numbers=_page_numbers())

    fingerprint = plan_status_fingerprint(plan, user, as_of=as_of)
    return remember_file(Slot("plan-status", plan.pk, fmt), fingerprint, build)


def region_report_file(group: Any, user: Any, fmt: str) -> RenderedFile:
    """The regional brief, laid out once per version of what `user` may see of the group."""
    if fmt not in REPORT_FORMATS:
        raise Http404(_("Reports are available as DOCX and PDF."))
    as_of = timezone.localdate()

    def build() -> RenderedFile:
        doc = regional_brief_document(group, user, as_of=as_of)
        name = f"regional-brief-{group.code}"
        return rendered_file(doc, fmt, name, page_numbers=_page_numbers())

    fingerprint = regional_brief_fingerprint(group, user, as_of=as_of)
    return remember_file(Slot("regional-brief", group.code, fmt), fingerprint, build)


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
