"""The check of `test_pages.py` finds English where a reader would, and only there."""

from __future__ import annotations

from tests.i18n.untranslated import Matcher, english_strings, shown_strings

STRINGS = {
    "Plans",
    "Log out",
    "Signed in as %(name)s",
    "%(counter)s States",
    "%(items)s and %(last)s",
    'Carried over from task <a href="%(url)s">%(n)s</a> of %(plan)s.',
    "national implementation action plan",
}


def _found(page: str, language: str = "fr") -> set[str]:
    matcher = Matcher.from_strings(STRINGS)
    return {m for text in shown_strings(page, language) for m in matcher.find(text)}


def test_an_english_string_on_a_french_page_is_found() -> None:
    page = '<html lang="fr"><body><nav><a href="/">Plans</a></nav><p>Tâches</p></body></html>'
    assert _found(page) == {"Plans"}


def test_attributes_and_buttons_are_read_but_not_scripts() -> None:
    page = (
        '<nav aria-label="Plans"></nav><input type="submit" value="Log out">'
        '<input type="hidden" name="x" value="Plans"><script>var t = "Log out";</script>'
    )
    assert _found(page) == {"Plans", "Log out"}


def test_a_sentence_with_values_and_a_link_is_found() -> None:
    page = '<p>Carried over from task <a href="/t/3/">3</a> of Plan 2014-2016.</p>'
    assert _found(page) == {'Carried over from task <a href="%(url)s">%(n)s</a> of %(plan)s.'}
    assert _found("<span>Signed in as walk-admin</span>") == {"Signed in as %(name)s"}


def test_a_long_string_is_found_inside_other_text() -> None:
    page = "<td>Adopt the national implementation action plan by June</td>"
    assert _found(page) == {"national implementation action plan"}


def test_a_short_string_counts_only_numbers_in_its_placeholders() -> None:
    assert _found("<li>12 States</li>") == {"%(counter)s States"}
    assert _found("<li>African States</li><li>Latin America and the Caribbean</li>") == set()


def test_text_marked_as_user_content_or_another_language_is_left_out() -> None:
    page = (
        '<html lang="fr"><body><h1 data-user-content>Plans <b>Log out</b></h1>'
        '<select><option lang="en">Plans</option><option lang="fr">Log out</option></select>'
        '<textarea name="t">Plans</textarea></body></html>'
    )
    assert _found(page) == {"Log out"}


def test_the_catalogue_gives_translated_strings_and_keeps_those_left_as_they_are() -> None:
    french = english_strings("fr")
    assert "Log out" in french
    assert "national action plan" in french
    # Words French writes as English does may be shown.
    assert "Description" not in french
    assert "Plans" not in french
    assert all(s == " ".join(s.split()) for s in french)
