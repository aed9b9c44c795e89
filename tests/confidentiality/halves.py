"""The read and count tests of one half of the personas (`test_walk_one.py`, `test_walk_two.py`).

The walks are split so that two parallel test workers share them; the count check sits in the
module whose read walks saw the pages it compares (`reads.Kept`), and the read tests come first
in each module, since later tests read what they kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.confidentiality.counts import secret_records_change_nothing
from tests.confidentiality.reads import WATCHERS, Kept, read_walk
from tests.walk.walker import Instance
from tests.walk.world import World

# Who reads in `test_walk_one.py` and in `test_walk_two.py`: the first has the write check,
# so it walks every persona whose forms are replayed.
HALVES = (
    ("anonymous", "coordinator", "focal", "viewer", "outsider", "expert"),
    ("partner", "third", "admin", "provider"),
)


def half_tests(readers: tuple[str, ...]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The read test for `readers`, and the count test for the watchers among them."""

    @pytest.mark.parametrize("persona", readers)
    def test_no_canary_reaches_a_persona_who_may_not_see_it(
        world: World, instances: list[Instance], kept: Kept, persona: str, record_property: Any
    ) -> None:
        record_property("walked pairs", read_walk(world, instances, persona, kept))

    @pytest.mark.parametrize("watcher", [w for w in WATCHERS if w in readers])
    def test_adding_secret_records_changes_nothing_others_see(
        world: World, instances: list[Instance], kept: Kept, watcher: str
    ) -> None:
        secret_records_change_nothing(world, instances, watcher, kept)

    return (
        test_no_canary_reaches_a_persona_who_may_not_see_it,
        test_adding_secret_records_changes_nothing_others_see,
    )
