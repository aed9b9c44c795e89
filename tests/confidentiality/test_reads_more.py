"""The read walk of `test_reads.py` for the second half of the personas (see there)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.confidentiality.test_reads import read_walk
from tests.walk.walker import Instance
from tests.walk.world import PERSONAS, World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]


@pytest.mark.parametrize("persona", PERSONAS[len(PERSONAS) // 2 :])
def test_no_canary_reaches_a_persona_who_may_not_see_it(
    world: World, instances: list[Instance], persona: str, record_property: Any
) -> None:
    record_property("walked pairs", read_walk(world, instances, persona))
