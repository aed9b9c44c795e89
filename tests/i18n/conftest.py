"""The page walk in every language shares the world and URL instances of `tests/walk`."""

from __future__ import annotations

from tests.walk.fixtures import instances, world

__all__ = ["instances", "world"]
