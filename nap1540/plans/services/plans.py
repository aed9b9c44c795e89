"""Plans: create, change, move through the workflow, delete drafts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.accounts.sharing import share_on_submission
from nap1540.core.audit import AuditEvent, changes_between, snapshot
from nap1540.core.visibility import refuse_level_in
from nap1540.plans.models import Plan
from nap1540.registry.models import Agency, State

Status = Plan.Status

PLAN_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "adoption_act",
    "adoption_act_number",
    "adoption_act_date",
    "coordinating_agency",
    "introduction",
    "coordination_mechanism",
    "visibility",
    "is_demo",
)

# What the history keeps of a plan, before and after each change.
AUDIT_FIELDS = (*(f for f in PLAN_FIELDS if f != "is_demo"), "status", "replaces")

# draft -> adopted -> submitted -> closed; "superseded" only through create_successor.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.ADOPTED, Status.CLOSED),
    Status.ADOPTED: (Status.SUBMITTED, Status.CLOSED),
    Status.SUBMITTED: (Status.CLOSED,),
    Status.SUPERSEDED: (),
    Status.CLOSED: (),
}


def _check_agency(state: State, agency: Agency | None) -> None:
    if agency is not None and agency.state_id != state.pk:
        raise ValidationError(
            _("%(agency)s is not an agency of %(state)s.") % {"agency": agency, "state": state}
        )


@transaction.atomic
def create_plan(*, state: State, by: User | None, **values: Any) -> Plan:
    """Start a national action plan for a State, as a draft."""
    unknown = set(values) - {*PLAN_FIELDS, "replaces", "status"}
    if unknown:
        raise TypeError(f"create_plan() got unexpected fields: {sorted(unknown)}")
    plan = Plan(state=state, created_by=by if getattr(by, "is_authenticated", False) else None)
    for name, value in values.items():
        setattr(plan, name, value)
    _check_agency(state, plan.coordinating_agency)
    plan.full_clean()
    plan.save()
    AuditEvent.record(
        "plan.created", target=plan, by=by, data={"after": snapshot(plan, AUDIT_FIELDS)}
    )
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, by: User | None, **values: Any) -> Plan:
    """Change a plan's details; the audit trail keeps each field's before and after."""
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"update_plan() got unexpected fields: {sorted(unknown)}")
    refuse_level_in(values)
    before = snapshot(plan, AUDIT_FIELDS)
    for name, value in values.items():
        setattr(plan, name, value)
    _check_agency(plan.state, plan.coordinating_agency)
    plan.updated_at = timezone.now()
    plan.full_clean()
    plan.save()
    changes = changes_between(before, snapshot(plan, AUDIT_FIELDS))
    if changes:
        AuditEvent.record("plan.updated", target=plan, by=by, data={"changes": changes})
    return plan


@transaction.atomic
def change_plan_status(
    plan: Plan, *, by: User | None, status: str, confirmed: bool = False
) -> Plan:
    """Move a plan along draft -> adopted -> submitted -> closed.

    Submitting shares a private plan with the Committee; that needs `confirmed`."""
    if status not in ALLOWED_TRANSITIONS.get(plan.status, ()):
        raise ValidationError(
            _("A plan that is %(current)s cannot become %(new)s.")
            % {
                "current": plan.get_status_display().lower(),
                "new": str(Status(status).label).lower() if status in Status.values else status,
            }
        )
    before = plan.status
    if status == Status.SUBMITTED:
        share_on_submission(plan, by=by, confirmed=confirmed)
    plan.status = status
    now = timezone.now()
    if status == Status.SUBMITTED:
        plan.submitted_at = now
    plan.updated_at = now
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    AuditEvent.record(
        f"plan.{status}", target=plan, by=by, data={"changes": {"status": [before, status]}}
    )
    return plan


@transaction.atomic
def delete_plan(plan: Plan, *, by: User | None) -> None:
    """Delete a draft plan and its tasks; adopted plans are closed, never deleted."""
    if plan.status != Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be deleted; close it instead."))
    if plan.successors.exists():
        raise ValidationError(_("This plan has a successor; delete that first."))
    AuditEvent.record(
        "plan.deleted",
        target=plan,
        by=by,
        data={"before": snapshot(plan, AUDIT_FIELDS), "tasks": plan.tasks.count()},
    )
    # Deleting a draft successor puts the plan it replaced back in force.
    replaced = plan.replaces
    previous = plan.update_summary.get("status_before_update") or Status.ADOPTED
    plan.delete()
    if replaced is not None and replaced.status == Status.SUPERSEDED:
        replaced.status = previous
        replaced.save(update_fields=["status"])
        AuditEvent.record(
            "plan.reinstated",
            target=replaced,
            by=by,
            data={"changes": {"status": [Status.SUPERSEDED, previous]}},
        )
