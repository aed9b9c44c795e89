"""Run requests at the same moment from several threads, as several people would.

Each call runs in its own thread behind a barrier, with its own database connection (closed
when the call ends). Tests that use this need `django_db(transaction=True)`: the threads see
only what is committed. On SQLite the test database must be a file (`DATABASE_TEST_NAME`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """The results of `calls`, each started in its own thread at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except BaseException as exc:  # raised again below, in the test's thread
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
