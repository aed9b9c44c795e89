"""Demo data for trying nap1540, built from the Uzbekistan information note.

Each app that has demo content offers `load(ctx)`; `load_demo()` runs them in
dependency order inside one transaction. Running it twice changes nothing.
Illustrative content about a real State is flagged `is_demo` and shown with a
"Demo data" badge. `reset_demo()` empties the database and loads it all again, so a
trainer can start afresh.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from nap1540.accounts import demo as accounts_demo
from nap1540.accounts.models import User
from nap1540.assistance import demo as assistance_demo
from nap1540.assistance.matching_adapter import offer_index
from nap1540.core.demo import DemoContext
from nap1540.events import demo as events_demo
from nap1540.matrix import demo as matrix_demo
from nap1540.matrix.loaders import load_reference
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


class ResetRefused(RuntimeError):
    """The database holds more than the demo: emptying it would delete real work."""


def demo_is_loaded() -> bool:
    return User.objects.filter(username__in=accounts_demo.DEMO_USERNAMES).exists()


@transaction.atomic
def reset_demo() -> DemoContext:
    """Empty the database, then load the reference and demo data again (all or nothing).

    A database with accounts other than the demo's is left untouched, unless it is the
    embedded SQLite database of a demo (`nap1540 demo`, demo mode), where trainees add
    accounts: a PostgreSQL database is a production one even when `DATABASE_URL` points the
    demo at it."""
    others = User.objects.exclude(username__in=accounts_demo.DEMO_USERNAMES)
    trainees_allowed = settings.NAP1540_DEMO and connection.vendor == "sqlite"
    if not trainees_allowed and others.exists():
        if settings.NAP1540_DEMO:
            raise ResetRefused(
                "This PostgreSQL database has accounts that are not demo accounts, so --reset, "
                "which deletes everything in it, will not run here. Nothing was deleted. Run the "
                "demo on its own SQLite database (unset DATABASE_URL), or delete those accounts "
                "first if this really is a demo database."
            )
        raise ResetRefused(
            "This database has accounts that are not demo accounts, so --reset, which deletes "
            "everything in it, will not run here. Nothing was deleted. If this is a demo "
            "database, run `nap1540 demo --reset` (demo mode) instead."
        )
    call_command("flush", interactive=False, verbosity=0)
    # The process-wide offer index still holds the deleted offers and regions.
    offer_index.reset()
    load_reference()
    return load_demo()
