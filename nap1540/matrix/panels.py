"""The matrix work on the home page: what the Committee approves, what the State answers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap1540.core.queues import Queue, Row, counts, first
from nap1540.core.visibility import principal
from nap1540.matrix.models import Matrix
from nap1540.registry import sections

S = Matrix.Status


def _name(m: Matrix) -> str:
    """The version's name with the State named in the reader's language."""
    return _("%(state)s — matrix v%(version)s") % {
        "state": m.state.localized_name,
        "version": m.version,
    }


def sent_back_q() -> Q:
    """Drafts the Committee returned: once submitted, now a draft again."""
    return Q(status=S.DRAFT, submitted_at__isnull=False)


@sections.register_dashboard(10, menu="matrix:index")
def matrix_panel(request: HttpRequest) -> dict[str, Any] | None:
    p = principal(request.user)
    if p.is_expert:
        return _expert_panel(request)
    if p.coordinator_state_ids:
        return _coordinator_panel(request, p.coordinator_state_ids)
    return None


def _expert_panel(request: HttpRequest) -> dict[str, Any]:
    def submitted() -> Any:
        return Matrix.objects.visible_to(request.user).filter(status=S.SUBMITTED)

    today = timezone.localdate()
    total = counts(request.user, "matrix.expert", today, lambda: {"submitted": submitted()})[
        "submitted"
    ]

    def context() -> dict[str, Any]:
        waiting = submitted().select_related("state").order_by("submitted_at", "id")
        rows = [
            Row(
                url=m.get_absolute_url(),
                text=_name(m),
                when=m.submitted_at.date() if m.submitted_at else None,
                verb=_("Review and approve"),
            )
            for m in first(waiting)
        ]
        queue = Queue(
            heading=_("Matrices submitted for approval"),
            empty=_("No matrix waits for the Committee's approval."),
            rows=rows,
            total=total,
            all_url=reverse("matrix:index") + "?status=submitted",
            all_label=ngettext(
                "All %(n)d matrix submitted for approval",
                "All %(n)d matrices submitted for approval",
                total,
            )
            % {"n": total},
            more_url=reverse("matrix:index"),
            more_label=_("Every State's matrix"),
        )
        return {"queues": [queue]}

    return {
        "title": _("Matrices"),
        "template": "core/_queues.html",
        "context": context,
        "count": total,
    }


def _coordinator_panel(request: HttpRequest, state_ids: frozenset[int]) -> dict[str, Any]:
    """The State's newest matrix version and whether it waits for the State's answer."""

    def visible() -> Any:
        return Matrix.objects.visible_to(request.user).filter(state__in=state_ids)

    today = timezone.localdate()
    sent_back = counts(
        request.user,
        "matrix.coordinator",
        today,
        lambda: {"sent_back": visible().filter(sent_back_q())},
    )["sent_back"]

    def context() -> dict[str, Any]:
        latest: dict[int, Matrix] = {}
        for m in visible().select_related("state").order_by("state_id", "-version"):
            latest.setdefault(m.state_id, m)
        rows = [_state_row(m) for m in latest.values()]
        queue = Queue(
            heading=_("Your State's matrix"),
            empty=_("Your State has no matrix yet: the Committee prepares the first one."),
            rows=rows,
            total=len(rows),
            more_url=reverse("matrix:index"),
            more_label=_("Every State's matrix you can see"),
        )
        return {"queues": [queue]}

    return {
        "title": _("Matrix"),
        "template": "core/_queues.html",
        "context": context,
        "count": sent_back,
    }


def _state_row(m: Matrix) -> Row:
    url = m.get_absolute_url()
    if m.status == S.DRAFT and m.submitted_at is not None:
        note, verb = _("The Committee sent this version back to draft."), _("Revise and submit")
    elif m.status == S.DRAFT:
        note, verb = _("Draft: not yet submitted to the Committee."), _("Complete and submit")
    elif m.status == S.SUBMITTED:
        note, verb = _("With the Committee for approval."), _("Read it")
    else:
        note, verb = _("Approved by the Committee."), _("Read it")
    return Row(url=url, text=_name(m), note=note, verb=verb)
