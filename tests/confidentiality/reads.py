"""No page, partial, file or API answer shows a persona what it may not see.

The world (`world.py`) marks every secret with canaries. For each persona the walker requests
every URL of the URL conf and the API with the ids of every object (pages also as HTMX
partials), reads every response (HTML, JSON, CSV, DOCX, XLSX, PDF, file names, redirects) and
checks that no canary reaches a persona who may not read it, that each persona does see every
canary it may read, and that no page carries inline code the Content-Security-Policy refuses.

The walk also keeps, in `Kept`, what the count and write checks read of the same answers
(`counts.py`, `writes.py`), so those do not ask every page again. The tests are in
`test_walk_one.py` and `test_walk_two.py`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from tests.confidentiality.conftest import DOCUMENTS, client_for, fetch
from tests.walk.walker import (
    Instance,
    Unfillable,
    patterns,
    post_forms,
    readable_text,
    squash,
    url_instances,
)
from tests.walk.world import World

# The personas whose plain answers the other checks read: the watchers of `counts.py`, and
# the personas whose forms `writes.py` replays as others.
WATCHERS = ("anonymous", "outsider", "provider", "expert")
FORM_PERSONAS = ("coordinator", "expert", "focal")

CSRF = re.compile(r"(csrfmiddlewaretoken\" value=\"|X-CSRFToken\": \"|data-csrf-token=\")[^\"]+")
Form = tuple[str, list[tuple[str, str]]]  # (action, fields with the pressed button)


@dataclass
class Kept:
    """What the read walks of one module saw, for the other checks of the same world."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # persona: {path: text}
    forms: dict[str, list[Form]] = field(default_factory=dict)  # persona: forms offered
    days: dict[str, date] = field(default_factory=dict)  # persona: the day its pages were read

    def pages_of_today(self, persona: str) -> dict[str, str] | None:
        """The persona's pages, if read today: pages say "today" (due, overdue, as of), so
        pages read before midnight are no baseline after it."""
        if self.days.get(persona) != timezone.localdate():
            return None
        return self.pages.get(persona)


def page_text(response: Any, text: str | None = None) -> str | None:
    """What a page says (its `readable_text`), for comparing two walks; None for documents."""
    if response.get("Content-Type", "").startswith(DOCUMENTS):
        return None
    said = readable_text(response) if text is None else text
    return f"{response.status_code} " + CSRF.sub(r"\1", said)


def may_offer_forms(instance: Instance) -> bool:
    """No form to collect in JSON, the admin or a download."""
    return not (instance.pattern.is_api or instance.pattern.is_admin or instance.pattern.is_file)


def offered_forms(instance: Instance, response: Any) -> list[Form]:
    """Every POST form (one per button) a page offers, with the values it fills in."""
    if not may_offer_forms(instance):
        return []
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    return [
        (form.action, variant)
        for form in post_forms(instance.path, response.content.decode())
        for variant in form.variants()
    ]


def every_url_pattern_is_walked() -> None:
    empty = []
    for pattern in patterns():
        try:
            if not url_instances(pattern):
                empty.append(pattern.name)
        except Unfillable as exc:
            pytest.fail(f"The walker cannot fill {exc}; teach tests/walk/walker.py.")
    assert not empty, f"patterns with no object to walk them with: {empty}"


def _leaks(world: World, persona: str, text: str, path: str) -> tuple[list[str], set[str]]:
    """Canaries in the response; those the request itself carried (a slug) tell nothing new."""
    flat, asked = squash(text), squash(path)
    seen = {token for token in world.canaries if token in flat and token not in asked}
    leaked = [token for token in seen if persona not in world.canaries[token][1]]
    return leaked, seen


INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b|\sstyle=\"")


def _is_site_html(instance: Instance, response: Any) -> bool:
    return (
        not instance.pattern.is_admin
        and response.get("Content-Type", "").startswith("text/html")
        and "Content-Disposition" not in response
    )


def _inline_code(html: str) -> list[str]:
    return sorted({m.group(0) for m in INLINE.finditer(html)})


# API fields that name another record by id (or slug): each must be one the persona may open.
REFERENCE_FIELDS = {
    "replaces": "plans.Plan",
    "carried_over_from": "plans.Task",
    "carried_over_to": "plans.Task",
    "source_task": "plans.Task",
    "plan_id": "plans.Plan",
    "review_id": "plans.Review",
    "task_id": "plans.Task",
    "follow_up_to": "events.Event",
}


def _references(data: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            values = value if isinstance(value, list) else [value]
            if key in REFERENCE_FIELDS and all(isinstance(v, int | str) for v in values):
                yield from ((key, v) for v in values)
            else:  # nested objects, and the OpenAPI schema, which describes these fields
                yield from _references(value)
    elif isinstance(data, list):
        for item in data:
            yield from _references(item)


def _hidden_ids(world: World, persona: str, response: Any) -> list[str]:
    """Ids in an API answer that point at records the persona may not open."""
    from nap1540.core.references import can_see

    user = world.user(persona)
    found = []
    for key, value in _references(json.loads(response.content or b"null")):
        model = apps.get_model(REFERENCE_FIELDS[key])
        lookup = {"slug": value} if isinstance(value, str) else {"pk": value}
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None and not can_see(user, obj):
            found.append(f"{key}={value}")
    return found


def _kept_private(response: Any) -> bool:
    cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= cache and response.get("X-Content-Type-Options") == "nosniff"


def _is_page(instance: Instance, response: Any) -> bool:
    return (
        not (instance.pattern.is_api or instance.pattern.is_admin)
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
    )


def read_walk(world: World, instances: list[Instance], persona: str, kept: Kept) -> int:
    """Walk every instance as `persona`; return the number of (persona, URL) pairs checked."""
    client = client_for(world, persona)
    day = timezone.localdate()
    pages: dict[str, str] | None = {} if persona in WATCHERS else None
    forms: list[Form] | None = [] if persona in FORM_PERSONAS else None
    leaks: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    inline: list[str] = []
    hidden_ids: list[str] = []
    uncached: list[str] = []
    checked = 0
    for instance in instances:
        for htmx in (False, True):
            response = fetch(client, instance, htmx=htmx)
            checked += 1
            text = readable_text(response)
            if not htmx:
                if pages is not None and not instance.pattern.is_admin:
                    said = page_text(response, text)
                    if said is not None:
                        pages[instance.path] = said
                if forms is not None:
                    forms += offered_forms(instance, response)
            if response.status_code >= 500:
                errors.append(f"{instance}{' (htmx)' if htmx else ''} -> {response.status_code}")
                break
            if "Content-Disposition" in response and not _kept_private(response):
                uncached.append(str(instance))
            if _is_site_html(instance, response):
                inline += [f"{instance}: {m}" for m in _inline_code(response.content.decode())]
            if instance.pattern.is_api and "json" in response.get("Content-Type", ""):
                hidden_ids += [f"{instance}: {r}" for r in _hidden_ids(world, persona, response)]
            leaked, found = _leaks(world, persona, text, instance.path)
            seen |= found
            leaks += [
                f"{instance}{' (htmx)' if htmx else ''}: {world.canaries[t][0]}" for t in leaked
            ]
            # Pages answer HTMX requests with a partial; files, JSON and redirects do not.
            if not _is_page(instance, response):
                break
    may_read = {t for t, (_name, readers) in world.canaries.items() if persona in readers}
    unseen = sorted(world.canaries[t][0] for t in may_read - seen)
    sys.stdout.write(f"\n{persona}: {checked} (persona, URL) pairs checked\n")
    if pages is not None:
        kept.pages[persona] = pages
        kept.days[persona] = day
    if forms is not None:
        kept.forms[persona] = forms
    assert not leaks, f"{persona} was shown:\n" + "\n".join(sorted(leaks))
    assert not errors, "server errors:\n" + "\n".join(errors)
    # The Content-Security-Policy refuses inline code: a page that has some is broken.
    assert not inline, "inline script or style (refused by the CSP):\n" + "\n".join(inline)
    assert not unseen, f"{persona} may read these but no page showed them: {unseen}"
    assert not hidden_ids, f"{persona} was given ids of records it may not open:\n" + "\n".join(
        sorted(set(hidden_ids))
    )
    # A download of a State's record must not linger in a shared or disk cache.
    assert not uncached, "downloads a cache may keep:\n" + "\n".join(sorted(set(uncached)))
    return checked
