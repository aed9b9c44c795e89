"""Dates and language tags as documents write them in the active language."""

from datetime import date

import pytest
from django.utils import translation

from nap1540.core.rendering.document import Document, bcp47
from nap1540.core.rendering.formats import document_language, fmt_date


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "3 December 2026"), ("ar", "3 ديسمبر 2026"), ("zh-hans", "2026年12月3日")],
)
def test_dates_follow_the_active_language(lang: str, expected: str):
    with translation.override(lang):
        assert fmt_date(date(2026, 12, 3)) == expected
    assert fmt_date(None) == "\u2014"


def test_documents_declare_the_active_language_as_bcp_47():
    with translation.override("zh-hans"):
        assert document_language() == "zh-Hans"
    assert bcp47("en_gb") == "en-GB" and bcp47("sr-latn-RS") == "sr-Latn-RS"
    assert Document(title="T", lang="zh-hans").lang == "zh-Hans"
    assert Document(title="T", lang="").lang == "en"
