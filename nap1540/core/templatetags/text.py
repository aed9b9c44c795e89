"""`{{ items|join_list }}`: a list as the reader's language writes it (see `core.text`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from nap1540.core import text

register = template.Library()


@register.filter
def join_list(items: Iterable[Any] | None) -> str:
    return text.join_list(items or ())
