"""Sections that other capabilities add to the State page, region pages and the dashboard.

Each app registers a function `(request, state_or_group) -> dict | None` returning
{"title", "template", "context"} (a dashboard panel: `(request) -> dict | None`); the page
renders those that answer, in order. Apps register from their AppConfig.ready(), so the
registry, below them, never imports them.

The dashboard is each role's work queue. A panel registered with `menu="<url name>"` may also
answer a `count` (what waits for the user), which the main menu shows beside that entry on
every page; its "context" may then be a function, so the menu costs only the count's queries
and the lists are read on the dashboard alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from nap1540.registry.models import State

SectionProvider = Callable[[HttpRequest, Any], dict[str, Any] | None]
Panel = Callable[[HttpRequest], dict[str, Any] | None]
_PROVIDERS: dict[str, list[tuple[int, SectionProvider]]] = {"state": [], "region": []}
_PANELS: list[tuple[int, Panel, str]] = []


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


def register_dashboard(order: int, menu: str = "") -> Callable[[Panel], Panel]:
    """Register a panel for the dashboard (the home page); `menu` names the main menu's entry
    that shows the panel's `count`."""

    def decorator(func: Panel) -> Panel:
        _PANELS.append((order, func, menu))
        _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def _answers(request: HttpRequest, *, menu_only: bool) -> list[tuple[str, dict[str, Any]]]:
    """Each panel's answer, asked once per request (the menu and the dashboard share them)."""
    cache: dict[int, dict[str, Any] | None] = request.__dict__.setdefault("_nap1540_panels", {})
    out = []
    for index, (_order, func, menu) in enumerate(_PANELS):
        if menu_only and not menu:
            continue
        if index not in cache:
            cache[index] = func(request)
        if (panel := cache[index]) is not None:
            out.append((menu, panel))
    return out


def dashboard_panels(request: HttpRequest) -> list[dict[str, Any]]:
    """The panels that answer, in order, with their contexts read."""
    panels = []
    for _menu, panel in _answers(request, menu_only=False):
        context = panel.get("context")
        panels.append({**panel, "context": context() if callable(context) else context})
    return panels


def menu_counts(request: HttpRequest) -> dict[str, int]:
    """{main menu entry: what waits for the user there}, from the panels' counts."""
    counts: dict[str, int] = {}
    for menu, panel in _answers(request, menu_only=True):
        if panel.get("count"):
            counts[menu] = counts.get(menu, 0) + int(panel["count"])
    return counts
