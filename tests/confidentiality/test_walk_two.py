"""The confidentiality walk, second half: State C's and State D's coordinators, the
administrator and the provider read every URL (`reads.py`); then the provider watches secret
records being added (`counts.py`). See `test_walk_one.py` for the split.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.confidentiality import reads
from tests.confidentiality.counts import secret_records_change_nothing
from tests.confidentiality.reads import Kept, read_walk
from tests.walk.walker import Instance
from tests.walk.world import World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]

READERS = reads.HALVES[1]
WATCHERS = [w for w in reads.WATCHERS if w in READERS]


@pytest.mark.parametrize("persona", READERS)
def test_no_canary_reaches_a_persona_who_may_not_see_it(
    world: World, instances: list[Instance], kept: Kept, persona: str, record_property: Any
) -> None:
    record_property("walked pairs", read_walk(world, instances, persona, kept))


@pytest.mark.parametrize("watcher", WATCHERS)
def test_adding_secret_records_changes_nothing_others_see(
    world: World, instances: list[Instance], kept: Kept, watcher: str
) -> None:
    secret_records_change_nothing(world, instances, watcher, kept)
