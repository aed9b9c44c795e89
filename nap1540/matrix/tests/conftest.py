"""Matrix fixtures: the shipped template, and matrices built through the services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from nap1540.core.visibility import Visibility
from nap1540.matrix import services
from nap1540.matrix.models import Framework, Matrix
from nap1540.registry.models import State

MakeMatrix = Callable[..., Matrix]


@pytest.fixture
def framework(db: Any) -> Framework:
    return Framework.objects.get(library="1540-matrix", version=1)


def build_matrix(
    state: State,
    marks: Mapping[str, str | dict[str, Any]] | None = None,
    *,
    by: Any = None,
    approve: bool = False,
    approved_at: datetime | None = None,
    visibility: str = Visibility.PUBLIC,
    draft_visibility: str | None = None,
) -> Matrix:
    """A new version of `state`'s matrix with `marks` ({key: "X"} or {key: {values}})."""
    changes = []
    for key, value in (marks or {}).items():
        values = {"mark": value} if isinstance(value, str) else dict(value)
        changes.append({"field_key": key, **values})
    matrix = services.start_draft(state, by=by, visibility=draft_visibility or Visibility.PRIVATE)
    if changes:
        services.propose_changes(state=state, by=by, changes=changes)
    if approve:
        services.submit_matrix(matrix, by=by, confirmed=True)
        services.approve_matrix(
            matrix, by=by, at=approved_at or datetime(2020, 6, 1, 12, tzinfo=UTC)
        )
    # Set up as the State left it; the sharing acts themselves are tested in accounts.
    Matrix.objects.filter(pk=matrix.pk).update(
        visibility=visibility if approve else draft_visibility or visibility
    )
    matrix.refresh_from_db()
    return matrix


@pytest.fixture
def make_matrix(framework: Framework) -> MakeMatrix:
    return build_matrix


@pytest.fixture
def uzb_matrices(personas: Any, make_matrix: MakeMatrix) -> dict[str, Matrix]:
    """UZB: v1 approved 2016 (public), v2 approved 2021 (public), v3 open draft (private)."""
    v1 = make_matrix(
        personas.uzb,
        {"OP1-01": "X", "OP1-07": "X", "OP2-N-01": "?"},
        approve=True,
        approved_at=datetime(2016, 3, 1, tzinfo=UTC),
    )
    v2 = make_matrix(
        personas.uzb,
        {"OP2-N-01": "X", "OP1-02": "X"},
        approve=True,
        approved_at=datetime(2021, 5, 1, tzinfo=UTC),
    )
    v3 = make_matrix(
        personas.uzb, {"OP1-03": "X"}, by=personas.coordinator, draft_visibility=Visibility.PRIVATE
    )
    return {"v1": v1, "v2": v2, "v3": v3}
