"""The document cache: one kept file per slot and scope, replaced when the version moves on."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.cache import caches
from django.utils import translation

from nap1540.core.rendering.cache import Fingerprint, Slot, forget_all, remember_file


def kept() -> set[str]:
    return {p.name for p in Path(cast(Any, caches["documents"])._dir).glob("*.djcache")}


def test_a_new_version_replaces_the_file_of_the_old_one() -> None:
    slot = Slot("test-report", 1, "pdf")
    made: list[str] = []

    def render(text: str) -> bytes:
        made.append(text)
        return text.encode()

    before = kept()
    v1 = Fingerprint().add("records", (1, "first"))
    assert remember_file(slot, v1, lambda: render("one")) == b"one"
    assert (
        remember_file(slot, Fingerprint().add("records", (1, "first")), lambda: render("x"))
        == b"one"
    )
    with_one = kept() - before
    v2 = Fingerprint().add("records", (1, "second"))
    assert remember_file(slot, v2, lambda: render("two")) == b"two"
    assert made == ["one", "two"]
    # Same number of files: the first version's file is gone, the slot's pointer moved on.
    assert len(kept() - before) == len(with_one)
    assert remember_file(slot, v1, lambda: render("one again")) == b"one again"


def test_language_scope_and_generation_each_lead_to_another_file() -> None:
    slot = Slot("test-report", 2, "docx")
    version = Fingerprint().add("day", "2018-01-15")
    with translation.override("en"):
        assert remember_file(slot, version, lambda: "en") == "en"
    with translation.override("fr"):
        assert remember_file(slot, version, lambda: "fr") == "fr"
    with translation.override("en"):
        assert remember_file(slot, version, lambda: "not used") == "en"
        forget_all()
        assert remember_file(slot, version, lambda: "after") == "after"
    assert Fingerprint().add("a", 1).scope == Fingerprint().add("a", 2).scope
    assert Fingerprint().add("a", 1).content != Fingerprint().add("a", 2).content
