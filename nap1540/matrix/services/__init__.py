"""Matrix services. Writes are atomic and audited; the contract other apps use:

- `latest_matrix(state, *, approved_only=False) -> Matrix | None`
- `gap_entries(matrix) -> QuerySet[Entry]`
- `propose_changes(*, state, by, changes) -> Matrix`
- `changes_since(state, since) -> list[FieldChange]`
- `group_coverage(group, user) -> dict`
"""

from nap1540.matrix.services.errors import MatrixConflict, MatrixLocked, StaleEntry
from nap1540.matrix.services.queries import (
    FieldChange,
    changes_since,
    changes_since_approved,
    coverage_table,
    diff_matrices,
    field_history,
    gap_entries,
    latest_matrix,
    matrix_summary,
    snapshots,
    snapshots_as_of,
    version_history,
    weapon_table,
)
from nap1540.matrix.services.regional import coverage_for_states, group_coverage
from nap1540.matrix.services.workflow import (
    MigrationReport,
    approve_matrix,
    default_framework,
    edit_entry,
    migrate_matrix,
    open_draft,
    plan_migration,
    propose_changes,
    return_to_draft,
    start_draft,
    submit_matrix,
    summary_of,
    update_header,
)

__all__ = [
    "FieldChange",
    "MatrixConflict",
    "MatrixLocked",
    "MigrationReport",
    "StaleEntry",
    "approve_matrix",
    "changes_since",
    "changes_since_approved",
    "coverage_for_states",
    "coverage_table",
    "default_framework",
    "diff_matrices",
    "edit_entry",
    "field_history",
    "gap_entries",
    "group_coverage",
    "latest_matrix",
    "matrix_summary",
    "migrate_matrix",
    "open_draft",
    "plan_migration",
    "propose_changes",
    "return_to_draft",
    "snapshots",
    "snapshots_as_of",
    "start_draft",
    "submit_matrix",
    "summary_of",
    "update_header",
    "version_history",
    "weapon_table",
]
