"""Lists of names written inside a sentence, with the separator of the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language

# Arabic writes its own comma, Chinese the enumeration comma (顿号); the others a Latin comma.
# No "and": a list that ends in "and" needs each language's grammar, so sentences put the
# list where a plain enumeration reads well (after a colon or in parentheses).
SEPARATORS = {"ar": "، ", "zh": "、"}
DEFAULT_SEPARATOR = ", "


def separator(language: str | None = None) -> str:
    """The list separator of `language` (default: the active language)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).lower()
    return SEPARATORS.get(code.split("-")[0].split("_")[0], DEFAULT_SEPARATOR)


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """Items joined as an enumeration: "A, B, C", "A، B، C", "A、B、C"; empty items dropped."""
    return separator(language).join(text for text in map(str, items) if text)
