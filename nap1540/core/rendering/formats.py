"""How documents write dates and other values, the same in every document."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language

from .document import bcp47


def document_language() -> str:
    """The active language as documents and workbooks declare it ("zh-hans" -> "zh-Hans")."""
    return bcp47(get_language() or settings.LANGUAGE_CODE)


def fmt_date(value: date | None) -> str:
    """A date in the active language's document style; an em dash for none."""
    return date_format(value, "DATE_FORMAT") if value else "\u2014"
