"""What every app's demo loader shares: the context it fills and the demo password."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "demo-1540"  # noqa: S105 - printed by `nap1540 demo`; demo accounts only


@dataclass
class DemoContext:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
