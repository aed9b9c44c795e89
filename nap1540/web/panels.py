"""The visitor's home page: what States have chosen to publish, region by region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap1540.core.queues import Queue, Row
from nap1540.core.text import sentences
from nap1540.core.visibility import principal
from nap1540.matrix.models import Matrix
from nap1540.plans.models import Plan
from nap1540.registry import sections
from nap1540.registry.models import Group


@sections.register_dashboard(5)
def published_panel(request: HttpRequest) -> dict[str, Any] | None:
    """For each UN regional group, how many of its States published a matrix or a plan."""
    if principal(request.user).is_authenticated:
        return None
    user = request.user
    matrices = set(Matrix.objects.visible_to(user).values_list("state_id", flat=True))
    plans = set(Plan.objects.visible_to(user).values_list("state_id", flat=True))
    groups = list(Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP).order_by("name"))
    members: dict[int, set[int]] = {g.pk: set() for g in groups}
    pairs = Group.members.through.objects.filter(group__in=groups)
    for group_id, state_id in pairs.values_list("group_id", "state_id"):
        members[group_id].add(state_id)
    rows = []
    for group in groups:
        n_matrix = len(members[group.pk] & matrices)
        n_plan = len(members[group.pk] & plans)
        if not (n_matrix or n_plan):
            continue
        note = sentences(
            [
                ngettext(
                    "%(n)d State published its matrix.",
                    "%(n)d States published their matrices.",
                    n_matrix,
                )
                % {"n": n_matrix}
                if n_matrix
                else "",
                ngettext(
                    "%(n)d State published its national action plan.",
                    "%(n)d States published their national action plans.",
                    n_plan,
                )
                % {"n": n_plan}
                if n_plan
                else "",
            ]
        )
        rows.append(
            Row(
                url=group.get_absolute_url(),
                text=str(group),
                note=note,
                verb=_("Read the regional status"),
            )
        )
    queue = Queue(
        heading=_("Published by region"),
        empty=_(
            "No State has published its matrix or plan yet: each State decides what it publishes."
        ),
        rows=rows,
        total=len(rows),
        more_url=reverse("matrix:index"),
        more_label=_("Every published matrix"),
    )
    lead = _(
        "What States have chosen to publish, by UN regional group. Log in to see your "
        "State's own work."
    )
    return {
        "title": _("What States have published"),
        "template": "core/_queues.html",
        "context": {"queues": [queue], "lead": lead},
    }
