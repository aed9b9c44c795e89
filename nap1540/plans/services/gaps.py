"""The matrix side of plans: tasks drafted from gaps, and completed tasks proposing changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.text import join_list
from nap1540.matrix import services as matrix_services
from nap1540.matrix.services import MatrixConflict, propose_changes
from nap1540.plans import drafting
from nap1540.plans.models import Plan, Task
from nap1540.plans.services.tasks import create_task
from nap1540.registry.models import Agency, State


@dataclass
class GapDraft:
    """Task proposals from a State's latest matrix, with a suggested lead agency each."""

    matrix: Any = None
    proposals: list[drafting.Proposal] = field(default_factory=list)
    suggested: dict[str, Agency | None] = field(default_factory=dict)  # subject -> agency

    def sections(self) -> list[tuple[str, list[drafting.Proposal]]]:
        return drafting.group_by_section(self.proposals)

    def suggested_agency(self, proposal: drafting.Proposal) -> Agency | None:
        return self.suggested.get(proposal.subject)


def gap_draft(state: State, *, exclude_keys: Any = (), rules: Any = None) -> GapDraft:
    """Proposals for the fields marked blank or "?" in the State's latest matrix."""
    matrix = matrix_services.latest_matrix(state)
    if matrix is None:
        return GapDraft()
    entries = matrix_services.gap_entries(matrix).select_related("field__section")
    gaps = [
        drafting.GapField(
            key=e.field.key,
            section=e.field.section.code,
            label=e.field.tr("label"),
            mark=e.mark,
            weapon=e.field.weapon_category or "",
            section_order=e.field.section.order,
            order=e.field.order,
        )
        for e in entries
    ]
    proposals = drafting.propose(gaps, rules, exclude_keys=exclude_keys)
    agencies: dict[str, Agency] = {}
    for agency in Agency.objects.filter(state=state).order_by("name"):
        agencies.setdefault(agency.kind, agency)
    suggested = {
        p.subject: next((agencies[k] for k in p.kinds if k in agencies), None) for p in proposals
    }
    return GapDraft(matrix=matrix, proposals=proposals, suggested=suggested)


def proposal_title(proposal: drafting.Proposal) -> str:
    if proposal.weapons:
        return f"{proposal.label} ({', '.join(proposal.weapons)})"
    return proposal.label


def proposal_description(proposal: drafting.Proposal) -> str:
    return _("Drafted from the matrix: %(keys)s marked blank or “?”.") % {
        "keys": join_list(proposal.field_keys)
    }


@transaction.atomic
def create_tasks_from_proposals(
    plan: Plan, *, by: User | None, chosen: list[dict[str, Any]], is_demo: bool = False
) -> list[Task]:
    """Create the tasks the coordinator picked (and perhaps edited) from the proposals.

    Each item: {"title", "fields": [keys], "lead_agency": Agency | id | None,
    "section_code", "description", optional "due_date", "priority"}.
    """
    created = []
    for item in chosen:
        values = {k: v for k, v in item.items() if v not in (None, "") or k == "lead_agency"}
        created.append(create_task(plan, by=by, is_demo=is_demo, **values))
    return created


def _draft_readers_read(plan: Plan) -> bool:
    """Whether everyone who reads the State's open matrix draft may read `plan`."""
    from nap1540.core.references import may_quote
    from nap1540.matrix.models import Matrix

    draft = Matrix.objects.filter(state=plan.state).exclude(status=Matrix.Status.APPROVED).first()
    return draft is None or may_quote(plan, draft)


@transaction.atomic
def propose_matrix_changes(
    task: Task,
    *,
    by: User | None,
    mark: str = "X",
    legal_reference: dict[str, str] | None = None,
    remarks: str = "",
    field_keys: list[str] | None = None,
) -> Any:
    """Propose the matrix changes a completed task supports, as a draft for Committee review."""
    if task.status != Task.Status.COMPLETED:
        raise ValidationError(_("Only a completed task can support changes to the matrix."))
    keys = sorted(task.fields.values_list("key", flat=True))
    if field_keys is not None:
        outside = sorted(set(field_keys) - set(keys))
        if outside:
            raise ValidationError(
                _("The task does not address %(keys)s.") % {"keys": join_list(outside)}
            )
        keys = [k for k in keys if k in set(field_keys)]
    if not keys:
        raise ValidationError(
            _("The task addresses no matrix field, so there is nothing to propose.")
        )
    plan = task.plan
    completed = task.completed_on.isoformat() if task.completed_on else ""
    if remarks.strip():
        remarks = remarks.strip()
    elif _draft_readers_read(plan):
        remarks = _("Task %(number)s of “%(plan)s” completed on %(date)s: %(title)s.") % {
            "number": task.number,
            "plan": plan.title,
            "date": completed,
            "title": task.title,
        }
    else:
        # The open draft is read by some who may not read the plan: name neither.
        remarks = _("A task of the national action plan completed on %(date)s.") % {
            "date": completed
        }
    changes = [
        {
            "field_key": key,
            "mark": mark,
            "legal_reference": dict(legal_reference or {}),
            "remarks": remarks,
        }
        for key in keys
    ]
    try:
        matrix = propose_changes(state=plan.state, by=by, changes=changes)
    except MatrixConflict as exc:
        raise ValidationError(str(exc)) from None
    task.matrix_draft_id = matrix.pk
    task.matrix_proposed_at = timezone.now()
    task.save(update_fields=["matrix_draft_id", "matrix_proposed_at"])
    AuditEvent.record(
        "task.matrix_proposed",
        target=task,
        by=by,
        data={"plan": plan.pk, "matrix": matrix.pk, "changes": changes},
    )
    return matrix
