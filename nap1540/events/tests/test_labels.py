# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""Dates, lists and group headings as the note words them, in English and Russian."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nap1540.events import note_labels as nl
from nap1540.events.notes import format_participants, parse_participants


def test_date_ranges() -> None:
    assert nl.format_date_range(date(2017, 5, 22), date(2017, 5, 24), "en") == "22-24 May 2017"
    assert nl.format_date_range(date(2017, 5, 22), date(2017, 5, 24), "ru") == "22-24 мая 2017 г."
    assert nl.format_date_range(date(2017, 5, 30), date(2017, 6, 2), "en") == "30 May-2 June 2017"
    assert (
        nl.format_date_range(date(2016, 12, 30), date(2017, 1, 2), "en")
        == "30 December 2016-2 January 2017"
    )
    assert nl.format_date_range(date(2024, 6, 25), date(2024, 6, 25), "en") == "25 June 2024"
    assert nl.format_month_year(date(2016, 12, 20), "ru") == "декабре 2016 г."


def test_join_names() -> None:
    assert nl.join_names(["A"], "en") == "A"
    assert nl.join_names(["A", "B", "C"], "en") == "A, B and C"
    assert nl.join_names(["A", "", "B"], "ru") == "A и B"
    assert nl.join_names([], "en") == ""


def test_every_language_has_every_label() -> None:
    for lang, words in nl.LABELS.items():
        assert set(words) == set(nl.LABELS["en"]), lang
        assert set(nl.KIND_WORDS[lang]) == set(nl.KIND_WORDS["en"]), lang
        assert nl.CONTACT_EMAIL not in words["contact"]  # filled in with format()
        assert "{email}" in words["contact"]


def test_ui_labels_go_through_gettext() -> None:
    assert nl.ui_label("title") == "Information Note"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_date_ranges_always_name_the_last_year(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    for lang in nl.LANGUAGES:
        text = nl.format_date_range(start, end, lang)
        assert str(end.year) in text and str(end.day) in text


headings = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=":"
        ),
        min_size=1,
    )
    .map(str.strip)
    .filter(bool)
)
members = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(st.tuples(headings, members), max_size=6))
def test_participant_groups_round_trip_through_the_edit_text(groups: list[tuple[str, str]]) -> None:
    assert parse_participants(format_participants(groups)) == groups
