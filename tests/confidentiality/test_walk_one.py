"""The confidentiality walk, first half: the public, State A's coordinator, focal point and
viewer, the outsider and the expert read every URL (`reads.py`); then the public, the outsider
and the expert watch secret records being added (`counts.py`), and six personas try every
write they have no right to (`writes.py`).

The walks are split over `test_walk_one.py` and `test_walk_two.py` so that two parallel test
workers share them; the count and write checks sit in the module whose read walks saw the
pages they compare and the forms they replay, so no page is asked twice for the same answer.
The read tests come first in each module: later tests read what they kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.confidentiality import reads
from tests.confidentiality.counts import secret_records_change_nothing
from tests.confidentiality.reads import Kept, every_url_pattern_is_walked, read_walk
from tests.confidentiality.writes import (
    WRITE_PERSONAS,
    forms_to_replay,
    refused_writes_change_nothing,
)
from tests.walk.walker import Instance
from tests.walk.world import PERSONAS, World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]

READERS = reads.HALVES[0]
WATCHERS = [w for w in reads.WATCHERS if w in READERS]


def test_every_persona_reads_in_one_half_and_the_replayed_forms_are_kept_here() -> None:
    assert sorted(p for half in reads.HALVES for p in half) == sorted(PERSONAS)
    assert set(reads.FORM_PERSONAS) <= set(READERS)


def test_every_url_pattern_is_walked(world: World) -> None:
    every_url_pattern_is_walked()


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


@pytest.fixture(scope="module")
def forms(world: World, instances: list[Instance], kept: Kept) -> list[Any]:
    return forms_to_replay(world, instances, kept)


@pytest.mark.parametrize("persona", WRITE_PERSONAS)
def test_refused_writes_change_nothing(
    world: World, instances: list[Instance], forms: list[Any], persona: str, record_property: Any
) -> None:
    record_property(
        "refused writes", refused_writes_change_nothing(world, instances, forms, persona)
    )
