"""Writes to plans, tasks and reviews. Each service is atomic and records its audit event.

Other apps call these (assistance turns tasks needing assistance into requests; events
link meetings to reviews and create tasks from outcomes):

    create_task(plan, *, by, **fields) -> Task
    record_review(plan, *, by, held_on, title, updates, notes="") -> Review
"""

from nap1540.plans.services.gaps import (
    GapDraft,
    create_tasks_from_proposals,
    gap_draft,
    propose_matrix_changes,
)
from nap1540.plans.services.imports import ImportResult, RowError, import_tasks
from nap1540.plans.services.plans import (
    ALLOWED_TRANSITIONS,
    change_plan_status,
    create_plan,
    delete_plan,
    update_plan,
)
from nap1540.plans.services.reviews import delete_review, record_review
from nap1540.plans.services.successor import create_successor, successor_preview
from nap1540.plans.services.tasks import (
    StaleTaskError,
    create_task,
    delete_task,
    record_task_update,
    update_task,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "GapDraft",
    "ImportResult",
    "RowError",
    "StaleTaskError",
    "change_plan_status",
    "create_plan",
    "create_successor",
    "create_task",
    "create_tasks_from_proposals",
    "delete_plan",
    "delete_review",
    "delete_task",
    "gap_draft",
    "import_tasks",
    "propose_matrix_changes",
    "record_review",
    "record_task_update",
    "successor_preview",
    "update_plan",
    "update_task",
]
