"""Panels other capabilities add to the dashboard (same pattern as registry.sections)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Panel = Callable[[HttpRequest], dict[str, Any] | None]
_PANELS: list[tuple[int, Panel]] = []


def register(order: int) -> Callable[[Panel], Panel]:
    def decorator(func: Panel) -> Panel:
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def dashboard_panels(request: HttpRequest) -> list[dict[str, Any]]:
    return [panel for _order, func in _PANELS if (panel := func(request)) is not None]
