"""Two experts save the same matrix field at the same moment: one is kept, the other told."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from nap1540.core.tests.threads import at_once
from nap1540.core.visibility import Visibility
from nap1540.matrix.loaders import load_reference
from nap1540.matrix.tests.conftest import build_matrix
from nap1540.registry.models import State

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 20


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    if not State.objects.exists():
        load_reference()


def test_the_same_field_saved_twice_at_once_keeps_one_and_names_the_winner(personas):
    draft = build_matrix(personas.uzb, {"OP1-04": "?"}, draft_visibility=Visibility.COMMITTEE)
    entry = draft.entries.get(field__key="OP1-04")
    api = f"/api/v1/matrix/matrices/{draft.pk}/entries/OP1-04"
    page = f"/matrix/UZB/v{draft.version}/entries/{entry.pk}/edit/"
    expert, admin = personas.client("expert"), personas.client("admin")
    for i in range(ROUNDS):
        entry.refresh_from_db()
        revision = entry.revision
        by_api, by_page = at_once(
            partial(
                expert.patch,
                api,
                {"remarks": f"expert {i}", "revision": revision},
                content_type="application/json",
            ),
            partial(
                admin.post,
                page,
                {"mark": "X", "remarks": f"admin {i}", "revision": revision},
                headers={"HX-Request": "true"},
            ),
        )
        codes = sorted([by_api.status_code, by_page.status_code])
        assert codes == [200, 409], codes
        entry.refresh_from_db()
        assert entry.revision == revision + 1
        if by_api.status_code == 200:
            assert entry.remarks == f"expert {i}"
            assert "was changed by expert" in by_page.content.decode()
        else:
            assert entry.remarks == f"admin {i}"
            assert "was changed by admin" in by_api.json()["detail"]
    assert entry.history.count() == ROUNDS + 1  # the first mark, then one change a round
