"""Counts: adding secret records changes nothing that an outsider, the public or a provider
sees (no page counts, names or links them)."""

from __future__ import annotations

import re

import pytest
from django.db import transaction

from tests.confidentiality.conftest import DOCUMENTS, client_for, fetch
from tests.walk.walker import (
    Instance,
    readable_text,
)
from tests.walk.world import World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]

# --- counts ---------------------------------------------------------------------------------------

CSRF = re.compile(r"(csrfmiddlewaretoken\" value=\"|X-CSRFToken\": \"|data-csrf-token=\")[^\"]+")


def _snapshot(world: World, persona: str, instances: list[Instance]) -> dict[str, str]:
    client = client_for(world, persona)
    pages = {}
    for instance in instances:
        if instance.pattern.is_admin:
            continue
        response = fetch(client, instance)
        kind = response.get("Content-Type", "")
        if kind.startswith(DOCUMENTS):
            continue
        pages[instance.path] = f"{response.status_code} " + CSRF.sub(r"\1", readable_text(response))
    return pages


# One test per watcher, so that parallel workers share the walk; the expert may see what is
# shared with the Committee, so only private additions are hidden from it.
@pytest.mark.parametrize("watcher", ["anonymous", "outsider", "provider", "expert"])
def test_adding_secret_records_changes_nothing_others_see(
    world: World, instances: list[Instance], watcher: str
) -> None:
    from tests.walk.world import add_more_secrets

    before = _snapshot(world, watcher, instances)
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
