"""Lists and quoted values are written as the reader's language writes them."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.template import Context, Template
from django.utils import translation

from nap1540.core.access import get_visible
from nap1540.core.text import join_clauses, join_list, quoted, sentences


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "OP1, OP2, OP3"),
        ("fr", "OP1, OP2, OP3"),
        ("ar", "OP1\u060c OP2\u060c OP3"),
        ("zh-hans", "OP1\u3001OP2\u3001OP3"),
    ],
)
def test_lists_use_the_languages_separator(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert join_list(["OP1", "", "OP2", None, "OP3"]) == expected
        template = Template("{% load text %}{{ codes|join_list }}")
        assert template.render(Context({"codes": ["OP1", "OP2", "OP3"]})) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "title: A \u2192 B; agencies: C, D"),
        ("ar", "title: A \u2192 B\u061b agencies: C, D"),
        ("zh-hans", "title: A \u2192 B\uff1bagencies: C, D"),
    ],
)
def test_items_holding_commas_are_kept_apart_by_semicolons(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert join_clauses(["title: A \u2192 B", "agencies: C, D"]) == expected


def test_sentences_follow_each_other_with_a_space_except_in_chinese() -> None:
    with translation.override("en"):
        assert sentences(["One.", "Two."]) == "One. Two."
    with translation.override("zh-hans"):
        assert sentences(["\u4e00\u3002", "\u4e8c\u3002"]) == "\u4e00\u3002\u4e8c\u3002"


def test_a_list_of_one_or_none_has_no_separator() -> None:
    assert join_list(["OP1"]) == "OP1"
    assert join_list([]) == ""
    with translation.override("ar"):
        assert join_list(["\u062a\u062f\u0631\u064a\u0628"]) == "\u062a\u062f\u0631\u064a\u0628"


def test_names_in_the_readers_script_are_joined_with_its_separator() -> None:
    with translation.override("zh-hans"):
        joined = join_list(["\u51fa\u53e3\u7ba1\u5236", "", "\u8fb9\u5883\u7ba1\u5236"])
        assert joined == "\u51fa\u53e3\u7ba1\u5236\u3001\u8fb9\u5883\u7ba1\u5236"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "\u201cfoo\u201d"),
        ("fr", "\u00ab\u00a0foo\u00a0\u00bb"),
        ("ru", "\u00abfoo\u00bb"),
        ("es", "\u00abfoo\u00bb"),
        ("ar", "\u00abfoo\u00bb"),
        ("zh-hans", "\u201cfoo\u201d"),
    ],
)
def test_values_are_quoted_in_the_languages_marks_not_pythons(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert quoted("foo") == expected
        assert "'" not in quoted("foo")


@pytest.mark.django_db
def test_a_record_that_is_not_visible_is_named_by_the_callers_whole_sentence(personas) -> None:
    from nap1540.plans.models import Plan

    with pytest.raises(Http404) as caught:
        get_visible(
            Plan.objects.all(),
            personas.outsider,
            999999,
            not_found="No plan %(pk)s that you can see.",
        )
    assert str(caught.value) == "No plan 999999 that you can see."
    with translation.override("fr"), pytest.raises(Http404) as caught:
        get_visible(Plan.objects.all(), personas.outsider, 999999)
    assert str(caught.value) == "Aucun enregistrement 999999 n'est visible pour vous."
