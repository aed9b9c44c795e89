"""Sections that other capabilities add to the State page, region pages and the dashboard.

Each app registers a function `(request, state_or_group) -> dict | None` returning
{"title", "template", "context"} (a dashboard panel: `(request) -> dict | None`); the page
renders those that answer, in order. Apps register from their AppConfig.ready(), so the
registry, below them, never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from nap1540.registry.models import State

SectionProvider = Callable[[HttpRequest, Any], dict[str, Any] | None]
Panel = Callable[[HttpRequest], dict[str, Any] | None]
_PROVIDERS: dict[str, list[tuple[int, SectionProvider]]] = {"state": [], "region": []}
_PANELS: list[tuple[int, Panel]] = []


def register(order: int, page: str = "state") -> Callable[[SectionProvider], SectionProvider]:
    """Register a section for the State page (`page="state"`) or a region page ("region")."""

    def decorator(func: SectionProvider) -> SectionProvider:
        _PROVIDERS[page].append((order, func))
        _PROVIDERS[page].sort(key=lambda item: item[0])
        return func

    return decorator


def _sections(page: str, request: HttpRequest, obj: Any) -> list[dict[str, Any]]:
    return [s for _order, func in _PROVIDERS[page] if (s := func(request, obj)) is not None]


def state_sections(request: HttpRequest, state: State) -> list[dict[str, Any]]:
    return _sections("state", request, state)


def region_sections(request: HttpRequest, group: Any) -> list[dict[str, Any]]:
    return _sections("region", request, group)


def register_dashboard(order: int) -> Callable[[Panel], Panel]:
    """Register a panel for the dashboard (the home page)."""

    def decorator(func: Panel) -> Panel:
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def dashboard_panels(request: HttpRequest) -> list[dict[str, Any]]:
    return [panel for _order, func in _PANELS if (panel := func(request)) is not None]
