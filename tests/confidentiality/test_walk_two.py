"""The confidentiality walk, second half: State C's and State D's coordinators, the
administrator and the provider read every URL (`reads.py`); then the provider watches secret
records being added (`counts.py`). See `halves.py` for the split.
"""

from __future__ import annotations

import pytest

from tests.confidentiality.halves import HALVES, half_tests

pytestmark = [pytest.mark.walker, pytest.mark.django_db]

(
    test_no_canary_reaches_a_persona_who_may_not_see_it,
    test_adding_secret_records_changes_nothing_others_see,
) = half_tests(HALVES[1])
