"""Data built once for a test module, in a transaction rolled back when the module ends.

Each test of the module still runs in its own savepoint (pytest-django's `db`), so what one
test changes is gone for the next, and the module's data is gone for the other modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")


@contextmanager
def built_for_the_module(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    from nap1540.core.rendering.cache import forget_all

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
            forget_all()  # nor one laid out before, from records rolled back since
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            forget_all()  # no document laid out from records that are gone
