"""The "Matrix" section of the State page and the "Regional status" section of region pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from nap1540.core.rendering.charts import bar_chart
from nap1540.matrix import access, services
from nap1540.matrix.models import Matrix, Section
from nap1540.registry.models import Group, State
from nap1540.registry.sections import register


@register(20, page="state")
def state_matrix_section(request: HttpRequest, state: State) -> dict[str, Any]:
    matrix: Matrix | None = (
        access.matrices_for_user(request.user, state).order_by("-version").first()
    )
    coverage: list[dict[str, Any]] = []
    if matrix is not None:
        if matrix.is_approved and matrix.summary:
            summary = matrix.summary
        else:
            summary = services.summary_of(matrix)
        coverage = services.coverage_table(
            summary, Section.objects.filter(framework_id=matrix.framework_id)
        )
    return {
        "title": _("1540 matrix"),
        "template": "matrix/_state_section.html",
        "context": {
            "state": state,
            "matrix": matrix,
            "coverage": coverage,
            "can_start": access.can_start_draft(request.user, state),
        },
    }


@register(20, page="region")
def region_status_section(request: HttpRequest, group: Group) -> dict[str, Any]:
    # The section shows the current figures only: no heatmap, no trend, no older versions.
    data = services.group_coverage(group, request.user, detail=False)
    chart = ""
    if not data["suppressed"]:
        chart = bar_chart(
            [(s["code"], s["coverage"]) for s in data["sections"]],
            title=_("Coverage by section (share of applicable fields marked X)"),
            no_data_label=_("No data"),
            rtl=get_language_bidi(),
        )
    return {
        "title": _("Regional status of 1540 matrices"),
        "template": "matrix/_region_section.html",
        # The chart renderer escapes every label and emits no script.
        "context": {"group": group, "data": data, "chart": mark_safe(chart)},
    }
