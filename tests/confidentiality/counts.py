"""Counts: adding secret records changes nothing that an outsider, the public or a provider
sees (no page counts, names or links them).

Each watcher's pages before the additions are those its read walk saw (`reads.Kept`), or a
walk of its own when the check runs alone or the day changed since; the tests are in
`test_walk_one.py` and `test_walk_two.py`.
"""

from __future__ import annotations

from django.db import transaction

from tests.confidentiality.conftest import client_for, fetch
from tests.confidentiality.reads import Kept, page_text
from tests.walk.walker import Instance
from tests.walk.world import World


def _snapshot(world: World, persona: str, instances: list[Instance]) -> dict[str, str]:
    client = client_for(world, persona)
    pages = {}
    for instance in instances:
        if instance.pattern.is_admin:
            continue
        said = page_text(fetch(client, instance))
        if said is not None:
            pages[instance.path] = said
    return pages


def secret_records_change_nothing(
    world: World, instances: list[Instance], watcher: str, kept: Kept
) -> None:
    """The expert may see what is shared with the Committee, so only private additions are
    hidden from it."""
    from tests.walk.world import add_more_secrets

    before = kept.pages_of_today(watcher) or _snapshot(world, watcher, instances)
    after = []
    sid = transaction.savepoint()
    try:
        add_more_secrets(world, committee=False)
        after.append(_snapshot(world, watcher, instances))
        if watcher != "expert":
            add_more_secrets(world, committee=True)
            after.append(_snapshot(world, watcher, instances))
    finally:
        transaction.savepoint_rollback(sid)
    differences = [
        f"{watcher}: {path}"
        for pages in after
        for path, text in pages.items()
        if before.get(path) != text
    ]
    assert not differences, "pages that changed when secret records were added:\n" + "\n".join(
        differences
    )
