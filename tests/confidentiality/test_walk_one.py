"""The confidentiality walk, first half: the public, State A's coordinator, focal point and
viewer, the outsider and the expert read every URL (`reads.py`); then the public, the outsider
and the expert watch secret records being added (`counts.py`), and six personas try every
write they have no right to (`writes.py`), replaying the forms the read walks were offered.
See `halves.py` for the split.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.confidentiality import reads
from tests.confidentiality.halves import HALVES, half_tests
from tests.confidentiality.reads import Kept, every_url_pattern_is_walked
from tests.confidentiality.writes import (
    WRITE_PERSONAS,
    forms_to_replay,
    refused_writes_change_nothing,
)
from tests.walk.walker import Instance
from tests.walk.world import PERSONAS, World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]


def test_every_persona_reads_in_one_half_and_the_replayed_forms_are_kept_here() -> None:
    assert sorted(p for half in HALVES for p in half) == sorted(PERSONAS)
    assert set(reads.FORM_PERSONAS) <= set(HALVES[0])
    assert set(reads.WATCHERS) <= set(PERSONAS)


def test_every_url_pattern_is_walked(world: World) -> None:
    every_url_pattern_is_walked()


(
    test_no_canary_reaches_a_persona_who_may_not_see_it,
    test_adding_secret_records_changes_nothing_others_see,
) = half_tests(HALVES[0])


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
