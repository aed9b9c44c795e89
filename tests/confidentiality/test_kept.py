"""The count check's baseline: a watcher's pages from the read walk, if read the same day."""

from __future__ import annotations

from datetime import date

import time_machine

from tests.confidentiality.reads import Kept


def test_pages_read_before_midnight_are_no_baseline_after_it():
    kept = Kept(pages={"outsider": {"/": "200 page"}}, days={"outsider": date(2026, 12, 7)})
    with time_machine.travel("2026-12-07 23:59:59+00:00", tick=False):
        assert kept.pages_of_today("outsider") == {"/": "200 page"}
    with time_machine.travel("2026-12-08 00:00:01+00:00", tick=False):
        assert kept.pages_of_today("outsider") is None
    assert Kept().pages_of_today("outsider") is None
