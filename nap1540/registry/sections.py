"""Sections that other capabilities add to the State page.

Each app registers a function `(request, state) -> dict | None` returning
{"title", "template", "context"}; the State page renders those that answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from nap1540.registry.models import State

SectionProvider = Callable[[HttpRequest, State], dict[str, Any] | None]
_PROVIDERS: list[tuple[int, SectionProvider]] = []


def register(order: int) -> Callable[[SectionProvider], SectionProvider]:
    def decorator(func: SectionProvider) -> SectionProvider:
        _PROVIDERS.append((order, func))
        _PROVIDERS.sort(key=lambda item: item[0])
        return func

    return decorator


def state_sections(request: HttpRequest, state: State) -> list[dict[str, Any]]:
    sections = []
    for _order, provider in _PROVIDERS:
        section = provider(request, state)
        if section is not None:
            sections.append(section)
    return sections
