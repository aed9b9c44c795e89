"""The confidentiality walks share the world and URL instances of `tests/walk`."""

from __future__ import annotations

from tests.walk.fixtures import client_for, fetch, instances, world

__all__ = ["DOCUMENTS", "client_for", "fetch", "instances", "world"]

DOCUMENTS = ("application/pdf", "application/vnd.openxmlformats")
