"""The home page's work queues: short lists of what waits for the user, each row with its
next step, each list with why it is empty and a link to all of it.

Panels (registry.sections.register_dashboard) build `Queue`s from the user's `visible_to`
querysets and render them with "core/_queue.html". Their counts, which the main menu shows on
every page, come from `counts`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from threading import Lock
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from nap1540.core.visibility import AnyUser, Principal, principal

# How many rows a queue shows on the home page; the rest are one "all N" link away.
SHOWN = 5


@dataclass(frozen=True)
class Row:
    """One record in a queue: its link, and what to do next about it."""

    url: str
    text: str
    code: str = ""  # a number or ISO code shown left to right before the text
    when: date | None = None
    note: str = ""
    verb: str = ""
    verb_url: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Queue:
    heading: str
    empty: str  # why the list is empty, as a sentence
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    all_url: str = ""
    all_label: str = ""  # "All 12 …", shown when there are more rows than SHOWN
    more_url: str = ""  # where the list's own next step is (shown even when empty)
    more_label: str = ""

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def first(rows: Any, limit: int = SHOWN) -> list[Any]:
    return list(rows[:limit])


# --- counts of what waits, in one statement -------------------------------------------------

Statement = tuple[tuple[str, ...], str, tuple[Any, ...]]  # (names, SQL, params)
_STATEMENTS: OrderedDict[tuple[Any, ...], Statement] = OrderedDict()
_STATEMENTS_KEPT = 4096  # (panel, reader, day): a few KB each
_ALIAS = "default"
_lock = Lock()


def counts(
    user: AnyUser,
    name: str,
    day: date,
    build: Callable[[], Mapping[str, QuerySet[Any]]],
) -> dict[str, int]:
    """{label: how many rows} of the querysets `build()` returns, in one statement.

    Building a queue's queryset (the visibility rule, the procedure's filters, subqueries)
    costs Django several times what SQLite or PostgreSQL take to run it, and the main menu
    counts on every page. So the statement's SQL is compiled once per (panel `name`, the
    user's `Principal`, `day`) and kept; it runs on every call, against the data as
    they are, so a count is never stale and never counts a record the user may not open now.

    `build` must read nothing but the user's principal and `day`: they are the key.
    """
    p: Principal = principal(user)
    key = (name, p, day)
    with _lock:
        statement = _STATEMENTS.get(key)
        if statement is not None:
            _STATEMENTS.move_to_end(key)
    if statement is None:
        # The kept SQL must say which rows to count, not which rows there were: a builder
        # that reads data (ids into a list) would count yesterday's rows forever. Only the
        # content types, fixed for the life of the process, may be looked up.
        with connections[_ALIAS].execute_wrapper(_refuse_reads):
            statement = _statement(build())
        with _lock:
            _STATEMENTS[key] = statement
            while len(_STATEMENTS) > _STATEMENTS_KEPT:
                _STATEMENTS.popitem(last=False)
    names, sql, params = statement
    if not sql:
        return dict.fromkeys(names, 0)
    with connections[_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        values = cursor.fetchone()
    return {label: int(value) for label, value in zip(names, values, strict=True)}


class BuilderReadData(RuntimeError):
    """A count's builder ran a query: its SQL would hold data, not a filter."""


def _refuse_reads(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    if '"django_content_type"' not in sql:
        raise BuilderReadData(f"a count's builder may not run queries; it ran: {sql[:200]}")
    return execute(sql, params, many, context)


def _statement(querysets: Mapping[str, QuerySet[Any]]) -> Statement:
    """SELECT (SELECT COUNT(*) FROM (<each queryset>)), … ; an empty queryset counts 0."""
    names: list[str] = []
    parts: list[str] = []
    params: list[Any] = []
    for label, queryset in querysets.items():
        names.append(label)
        query = queryset.order_by().values("pk").query
        try:
            sql, own = query.get_compiler(using=_ALIAS).as_sql()
        except EmptyResultSet:
            parts.append("0")
            continue
        # The SQL is Django's own compilation of a queryset; values travel as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{len(parts)})")  # noqa: S608
        params.extend(own)
    if all(part == "0" for part in parts):
        return tuple(names), "", ()
    return tuple(names), "SELECT " + ", ".join(parts), tuple(params)
