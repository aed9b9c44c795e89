"""Lists and quoted values as each language writes them, for pages, documents and messages.

A list joined in code with ", " reads wrongly in Arabic ("، ") and Chinese ("、"), and a
value shown with `%r` carries Python's quotes ('x', u'x'). The catalogues give the
separator and the quotation marks, so each language writes its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import pgettext


def join_list(items: Iterable[Any]) -> str:
    """The non-empty items as one list in the active language: "A, B, C", "A، B، C", "A、B、C"."""
    parts = _present(items)
    if not parts:
        return ""
    # Translators: how a list shown on a page adds one more item; keep both placeholders.
    pattern = pgettext("list of items, adding one", "%(items)s, %(item)s")
    return _fold(parts, pattern)


def join_clauses(items: Iterable[Any]) -> str:
    """Items that hold commas themselves ("title: A → B; agencies: C, D"), as one list.

    English separates them with "; "; Arabic and Chinese with their own semicolons.
    """
    parts = _present(items)
    if not parts:
        return ""
    # Translators: how a list of items that contain commas adds one more; keep both placeholders.
    pattern = pgettext("list of clauses, adding one", "%(items)s; %(item)s")
    return _fold(parts, pattern)


def quoted(value: Any) -> str:
    """A value a user typed, in the active language's quotation marks: “x”, « x », «x»."""
    # Translators: quotation marks around a value the user typed (a name, a date, a code).
    return pgettext("a quoted value", "“%(value)s”") % {"value": value}


def sentences(items: Iterable[Any]) -> str:
    """Whole sentences one after another: a space between them, none in Chinese."""
    parts = _present(items)
    if not parts:
        return ""
    # Translators: sentences one after another in a paragraph; keep both placeholders.
    pattern = pgettext("sentences in a row", "%(items)s %(item)s")
    return _fold(parts, pattern)


def _present(items: Iterable[Any]) -> list[str]:
    return [str(item) for item in items if item not in (None, "")]


def _fold(parts: list[str], pattern: str) -> str:
    """Add the parts one by one with the language's `pattern` ("%(items)s, %(item)s")."""
    text = parts[0]
    for part in parts[1:]:
        text = pattern % {"items": text, "item": part}
    return text
