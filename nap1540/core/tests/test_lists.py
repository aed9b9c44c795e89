"""Lists inside sentences use the separator of the reader's language."""

from __future__ import annotations

from django.utils import translation

from nap1540.core.lists import join_list


def test_each_language_joins_a_list_with_its_own_separator() -> None:
    items = ["A", "B", "C"]
    assert join_list(items, "en") == "A, B, C"
    assert join_list(items, "fr") == "A, B, C"
    assert join_list(items, "ar") == "A، B، C"
    assert join_list(items, "zh-hans") == "A、B、C"


def test_the_active_language_is_the_default_and_empty_items_are_dropped() -> None:
    with translation.override("zh-hans"):
        assert join_list(["出口管制", "", "边境管制"]) == "出口管制、边境管制"
    with translation.override("ar"):
        assert join_list(["تدريب"]) == "تدريب"
    assert join_list([]) == ""
