"""How documents write dates and other values, the same in every document."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format


def fmt_date(value: date | None) -> str:
    """A date in the active language's document style; an em dash for none."""
    return date_format(value, "DATE_FORMAT") if value else "\u2014"
