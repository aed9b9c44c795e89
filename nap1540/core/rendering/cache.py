"""Rendered documents kept in the `documents` cache, so an unchanged report is laid out once.

Two keys lead to a kept file, both in the one `documents` cache (files under
``var/cache/documents``, or ``DOCUMENT_CACHE_DIR``):

- `remember_file`: a report whose content version is known *before* it is built. The caller
  describes what the document reads with a `Fingerprint`: the exact ids of the records the
  viewer may see (the *scope*) and cheap version stamps of their content (ids, lock versions,
  ``updated_at``, counts), plus the language and the day. A download of an unchanged report
  then costs the fingerprint's few queries and one file read: no query of the content, no
  chart, no layout. Each (kind, subject, format, language, scope) keeps only its latest
  version: storing a new one deletes the file of the previous one.
- `remember_bytes`: a rendering keyed by a hash of its own input (the print HTML of a PDF),
  which is right by construction and shared by everyone whose document says the same.

A cached file is only ever looked up after the caller has checked that the viewer may open
the record, and its key names every record the viewer may see, so a viewer who sees more or
less than another gets a document of their own. See docs/decisions/ (document cache).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet, Sum
from django.utils.translation import get_language

CACHE = "documents"
PACKAGE = Path(__file__).resolve().parents[2]
T = TypeVar("T")


@cache
def code_revision() -> str:
    """The installed code and translations: a deploy that changes either starts afresh.

    A fingerprint names records, not what the code makes of them, so a new version of a
    report's builder, of the renderer or of a catalogue must not find the old files.
    """
    seen = []
    for folder, _dirs, names in os.walk(PACKAGE):
        for name in names:
            if name.endswith((".py", ".mo")):
                info = os.stat(os.path.join(folder, name))
                seen.append((folder, name, info.st_size, info.st_mtime_ns))
    return _digest(sorted(seen))[:16]


def _store() -> Any:
    return caches[CACHE]


def remember_bytes(key: str, render: Callable[[], bytes]) -> bytes:
    """`render()`, or the bytes kept under `key` by an earlier call."""
    store = _store()
    kept = store.get(key)
    if kept is not None:
        return bytes(kept)
    made = bytes(render())
    store.set(key, made)
    return made


def _digest(values: Iterable[Any]) -> str:
    h = hashlib.sha256()
    for value in values:
        h.update(repr(value).encode())
        h.update(b"\x1f")
    return h.hexdigest()


class Fingerprint:
    """What a document reads, as the viewer may see it: record ids (scope) and versions."""

    def __init__(self) -> None:
        self._scope: list[Any] = []
        self._content: list[Any] = []

    def add(self, label: str, *values: Any) -> Fingerprint:
        """Plain values the document depends on (the plan's own fields, the day)."""
        self._content.append((label, values))
        return self

    def rows(self, label: str, queryset: QuerySet[Any], *fields: str) -> Fingerprint:
        """Every row of a small visible queryset: its ids are scope, its `fields` content."""
        rows = list(queryset.order_by("pk").values_list("pk", *fields))
        self._scope.append((label, [row[0] for row in rows]))
        self._content.append((label, rows))
        return self

    def ids(self, label: str, queryset: QuerySet[Any]) -> Fingerprint:
        """Only the ids of a visible queryset whose rows never change (approved versions)."""
        ids = list(queryset.order_by("pk").values_list("pk", flat=True).distinct())
        self._scope.append((label, ids))
        return self

    def stamps(
        self,
        label: str,
        queryset: QuerySet[Any],
        *,
        updated: str = "updated_at",
        counter: str | None = None,
    ) -> Fingerprint:
        """One aggregate row for many children of records already in the scope (tasks).

        Which rows there are is told by their count and highest id (ids only grow), and
        every write through the services raises `updated` and the `counter` (lock_version).
        """
        stamps: dict[str, Any] = {"n": Count("pk"), "last": Max("pk"), "updated": Max(updated)}
        if counter:
            stamps["counter"] = Sum(counter)
        row = queryset.order_by().aggregate(**stamps)
        self._content.append((label, sorted(row.items())))
        return self

    @property
    def scope(self) -> str:
        return _digest(self._scope)

    @property
    def content(self) -> str:
        return _digest(self._content)


@dataclass(frozen=True)
class Slot:
    """One document a viewer can download: its kind, its record, its format."""

    kind: str
    subject: Any
    fmt: str

    def key(self, scope: str) -> str:
        lang = get_language() or "-"
        revision = f"{code_revision()}:{generation()}"
        return f"doc:{revision}:{self.kind}:{self.subject}:{self.fmt}:{lang}:{scope}"


def generation() -> int:
    """Bumped by `forget_all`: every fingerprinted document before it is stale."""
    return int(_store().get_or_set("doc:generation", 1, timeout=None))


def forget_all() -> None:
    """Make every fingerprinted document stale (reference data or translations reloaded)."""
    store = _store()
    store.set("doc:generation", generation() + 1, timeout=None)


def remember_file(slot: Slot, fingerprint: Fingerprint, render: Callable[[], T]) -> T:
    """The file kept for this slot, scope and content version, or `render()` kept for next time."""
    store = _store()
    slot_key = slot.key(fingerprint.scope)
    version = fingerprint.content
    file_key = f"{slot_key}:{version}"
    kept = store.get(file_key)
    if kept is not None:
        return kept
    made = render()
    previous = store.get(slot_key)
    if previous and previous != version:
        store.delete(f"{slot_key}:{previous}")
    store.set_many({file_key: made, slot_key: version})
    return made
