"""The home page's work queues: short lists of what waits for the user, each row with its
next step, each list with why it is empty and a link to all of it.

Panels (registry.sections.register_dashboard) build `Queue`s from the user's `visible_to`
querysets and render them with "core/_queue.html".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
