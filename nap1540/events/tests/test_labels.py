# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""Dates, lists and group headings as the note words them, in the six UN languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from nap1540.events import note_labels as nl
from nap1540.events.models import Event
from nap1540.events.notes import format_participants, parse_participants

# The wording exists in each of the site's languages, offered for notes or not.
UN_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


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


# One date style per language, as UN documents write dates (Arabic with Latin digits).
DAYS = {
    "ar": ("22 مايو 2017", "22-24 مايو 2017", "30 مايو-2 يونيو 2017", "ديسمبر 2016"),
    "zh-hans": ("2017年5月22日", "2017年5月22日至24日", "2017年5月30日至6月2日", "2016年12月"),
    "en": ("22 May 2017", "22-24 May 2017", "30 May-2 June 2017", "December 2016"),
    "fr": ("22 mai 2017", "22-24 mai 2017", "30 mai-2 juin 2017", "décembre 2016"),
    "ru": ("22 мая 2017 г.", "22-24 мая 2017 г.", "30 мая-2 июня 2017 г.", "декабре 2016 г."),
    "es": (
        "22 de mayo de 2017",
        "22 a 24 de mayo de 2017",
        "30 de mayo a 2 de junio de 2017",
        "diciembre de 2016",
    ),
}


@pytest.mark.parametrize("lang", UN_LANGUAGES)
def test_each_language_writes_dates_in_its_own_style(lang: str) -> None:
    day, month_range, year_range, month_year = DAYS[lang]
    assert nl.format_day(date(2017, 5, 22), lang) == day
    assert nl.format_date_range(date(2017, 5, 22), date(2017, 5, 22), lang) == day
    assert nl.format_date_range(date(2017, 5, 22), date(2017, 5, 24), lang) == month_range
    assert nl.format_date_range(date(2017, 5, 30), date(2017, 6, 2), lang) == year_range
    assert nl.format_month_year(date(2016, 12, 20), lang) == month_year
    with translation.override(lang):  # the same style as the rest of the site
        assert day == date_format(date(2017, 5, 22), "DATE_FORMAT")
        start, end = date(2016, 12, 30), date(2017, 1, 2)
        text = nl.format_date_range(start, end, lang)
        assert date_format(start, "DATE_FORMAT") in text
        assert date_format(end, "DATE_FORMAT") in text


def test_dates_follow_the_notes_language_not_the_readers() -> None:
    with translation.override("fr"):
        assert nl.format_day(date(2017, 5, 22), "ru") == "22 мая 2017 г."


def test_join_names() -> None:
    assert nl.join_names(["A"], "en") == "A"
    assert nl.join_names(["A", "B", "C"], "en") == "A, B and C"
    assert nl.join_names(["A", "", "B"], "ru") == "A и B"
    assert nl.join_names([], "en") == ""


@pytest.mark.parametrize(
    ("lang", "three", "two"),
    [
        ("ar", "A، B و C", "A و B"),
        ("zh-hans", "A、B和C", "A和B"),
        ("en", "A, B and C", "A and B"),
        ("fr", "A, B et C", "A et B"),
        ("ru", "A, B и C", "A и B"),
        ("es", "A, B y C", "A y B"),
    ],
)
def test_each_language_joins_a_list_its_own_way(lang: str, three: str, two: str) -> None:
    assert nl.join_names(["A", "B", "C"], lang) == three
    assert nl.join_names(["A", "B"], lang) == two


@pytest.mark.parametrize("lang", UN_LANGUAGES)
def test_every_label_and_sentence_is_translated(lang: str) -> None:
    with translation.override(lang):
        for key, msgid in nl.LABELS.items():
            text = gettext(msgid)
            assert (text != msgid) == (lang != "en"), (lang, key)
    for kinds, word in (
        (nl.KIND_AS_SUBJECT, nl.kind_as_subject),
        (nl.KIND_FOLLOWED_UP, nl.kind_followed_up),
    ):
        assert set(kinds) == set(Event.Kind.values)
        for kind in kinds:
            assert (word(kind, lang) != word(kind, "en")) == (lang != "en"), (lang, kind)
    assert nl.labels(lang)["contact"] % {"email": nl.CONTACT_EMAIL}


def test_labels_come_in_the_notes_language_whatever_the_readers() -> None:
    with translation.override("fr"):
        assert nl.labels("ru")["title"] == "Информационная записка"
        assert nl.labels("en")["title"] == "Information Note"
        assert gettext(nl.LABELS["title"]) == "Note d'information"


@pytest.mark.parametrize("lang", UN_LANGUAGES)
def test_group_headings_never_hold_the_separator_of_the_edit_text(lang: str) -> None:
    """ "Heading: members" is how the edit form holds a group, so a heading has no ": "."""
    headings = [nl.labels(lang)[key] for key in ("international", "committee", "other")]
    headings += [nl.government_officials("State", iso3, lang) for iso3 in ("UZB", "FRA", "ZZZ")]
    for heading in headings:
        assert ": " not in heading, (lang, heading)
        assert parse_participants(format_participants([(heading, "A.")])) == [(heading, "A.")]


def test_people_counts_take_the_plural_of_each_language() -> None:
    assert nl.people("Experts", 2, "en") == "Experts (2 people)"
    assert nl.people("Experts", 1, "en") == "Experts (1 person)"
    assert nl.people("Эксперты", 2, "ru") == "Эксперты (2 человека)"
    assert nl.people("Эксперты", 5, "ru") == "Эксперты (5 человек)"
    assert nl.people("Эксперты", 21, "ru") == "Эксперты (21 человек)"
    assert nl.people("Experts", 5, "fr") == "Experts (5 personnes)"
    assert nl.people("Expertos", 5, "es") == "Expertos (5 personas)"
    assert nl.people("专家", 5, "zh-hans") == "专家（5人）"
    assert nl.people("خبراء", 5, "ar") == "خبراء (5 أشخاص)"
    assert nl.people("خبراء", 20, "ar") == "خبراء (20 شخصًا)"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_date_ranges_always_name_the_last_year(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    for lang in UN_LANGUAGES:
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
