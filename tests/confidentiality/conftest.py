"""The confidentiality walks share the world and URL instances of `tests/walk`, and within
a module what the read walks saw (`reads.Kept`)."""

from __future__ import annotations

import pytest

from tests.walk.fixtures import client_for, fetch, instances, world

__all__ = ["DOCUMENTS", "client_for", "fetch", "instances", "kept", "world"]

DOCUMENTS = ("application/pdf", "application/vnd.openxmlformats")


@pytest.fixture(scope="module")
def kept() -> object:
    from tests.confidentiality.reads import Kept

    return Kept()
