"""Demo data for trying nap1540, built from the Uzbekistan information note.

Each app that has demo content offers `load(ctx)`; `load_demo()` runs them in
dependency order inside one transaction. Running it twice changes nothing.
Illustrative content about a real State is flagged `is_demo` and shown with a
"Demo data" badge.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

DEMO_PASSWORD = "demo-1540"  # noqa: S105 - printed by `nap1540 demo`; demo accounts only
DEMO_APPS = ["registry", "accounts", "matrix", "plans", "assistance", "events"]


@dataclass
class DemoContext:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


@transaction.atomic
def load_demo() -> DemoContext:
    """Load every app's demo content; requires the reference data."""
    from nap1540.registry.models import State

    if not State.objects.filter(iso3="UZB").exists():
        raise RuntimeError("Reference data is missing: run `nap1540 load-reference` first.")
    ctx = DemoContext()
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"nap1540.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"nap1540.{app}.demo":
                raise
            continue
        module.load(ctx)
    return ctx
