"""Demo data for trying nap1540, built from the Uzbekistan information note.

Each app that has demo content offers `load(ctx)`; `load_demo()` runs them in
dependency order inside one transaction. Running it twice changes nothing.
Illustrative content about a real State is flagged `is_demo` and shown with a
"Demo data" badge.
"""

from __future__ import annotations

from django.db import transaction

from nap1540.accounts import demo as accounts_demo
from nap1540.assistance import demo as assistance_demo
from nap1540.core.demo import DemoContext
from nap1540.events import demo as events_demo
from nap1540.matrix import demo as matrix_demo
from nap1540.plans import demo as plans_demo
from nap1540.registry import demo as registry_demo
from nap1540.registry.models import State

# In the order the apps stand on each other.
LOADERS = [registry_demo, accounts_demo, matrix_demo, plans_demo, assistance_demo, events_demo]


@transaction.atomic
def load_demo() -> DemoContext:
    """Load every app's demo content; requires the reference data."""
    if not State.objects.filter(iso3="UZB").exists():
        raise RuntimeError("Reference data is missing: run `nap1540 load-reference` first.")
    ctx = DemoContext()
    for module in LOADERS:
        module.load(ctx)
    return ctx
