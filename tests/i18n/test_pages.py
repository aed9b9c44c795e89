"""No page shows an English interface string to a reader of another language.

The walk reuses the confidentiality world and URL enumeration (`tests/walk`): every HTML page
of the URL conf (each URL pattern, with the ids of the world's objects), as every persona, in
each of the five languages other than English (and, where a page answers htmx with a
fragment, that fragment too). What counts as an English string is read from each language's
catalogue (`untranslated.py`), not from a list kept here. All findings are reported at once.

Rendering is the cost (every URL of the walk in every language is some 13,000 requests), so
each persona reads each page once per language, and a pattern's URLs take turns between the
languages and the personas, so that between them they cover most URLs. A pattern that answers
GET with 405 (an action) is not asked again. Pages a persona cannot open (an object it may
not see, the admin for non-staff) are left out: the confidentiality walk checks those
answers, and 403 and 404 pages are still read here. One test per language, so that parallel
workers share the walk.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

import pytest
from django.conf import settings

from nap1540.core.references import can_see
from tests.i18n.untranslated import Matcher, shown_strings
from tests.walk.fixtures import client_for, fetch
from tests.walk.walker import Instance
from tests.walk.world import PERSONAS, World

pytestmark = [pytest.mark.walker, pytest.mark.django_db]

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# English strings still expected on pages, each with where it comes from. They are reference
# data that another change translates; empty this set when it lands (the test fails on an
# entry no page shows any more).
EXPECTED: dict[str, str] = {}
# Not ours to translate: Django 5.2's admin/search_form.html writes the search icon's
# alt="Search" without {% translate %}. Fixing it means overriding Django's template.
NOT_OURS: dict[str, str] = {"Search": "django.contrib.admin, admin/search_form.html"}


def _reference_english() -> list[str]:
    from nap1540.matrix.models import FieldDef, Section
    from nap1540.registry.models import Group, Organisation

    return [
        *FieldDef.objects.values_list("label", flat=True),
        *Section.objects.values_list("title", flat=True),
        *Group.objects.values_list("name", flat=True),
        *Organisation.objects.values_list("name", flat=True),
    ]


def _pages(world: World, persona: str, instances: list[Instance]) -> list[Instance]:
    user = world.user(persona)
    staff = user is not None and user.is_staff
    return [
        instance
        for instance in instances
        if not instance.pattern.is_api
        and (staff or not instance.pattern.is_admin)
        and not instance.pattern.is_file
        and all(can_see(user, obj) for obj in instance.objects)
    ]


class Walk:
    def __init__(self) -> None:
        self.matchers = {language: Matcher.for_language(language) for language in LANGUAGES}
        self.seen: dict[tuple[str, str], set[str]] = {}
        self.findings: set[tuple[str, str, str, str]] = set()
        self.rendered = 0
        self.patterns: set[str] = set()

    def found_in(self, language: str, text: str) -> set[str]:
        key = (language, text)
        if key not in self.seen:
            self.seen[key] = self.matchers[language].find(text)
        return self.seen[key]

    def read(self, response: Any, language: str, persona: str, where: str) -> None:
        self.rendered += 1
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        if "Content-Disposition" in response:
            return
        for text in shown_strings(response.content.decode(), language):
            for msgid in self.found_in(language, text):
                self.findings.add((msgid, language, persona, where))


def _walk_all(walk: Walk, world: World, instances: list[Instance], language: str) -> None:
    post_only: set[str] = set()  # patterns that answered GET with 405: actions, not pages
    shift = LANGUAGES.index(language)
    for turn, persona in enumerate(PERSONAS):
        client = client_for(world, persona)
        by_pattern: dict[str, list[Instance]] = defaultdict(list)
        for instance in _pages(world, persona, instances):
            by_pattern[instance.pattern.name].append(instance)
        for name, urls in by_pattern.items():
            if name in post_only:
                continue
            instance = urls[(turn + shift) % len(urls)]
            response = fetch(client, instance, language=language)
            walk.patterns.add(name)
            if response.status_code == 405:
                post_only.add(name)
            walk.read(response, language, persona, instance.path)
            if response.status_code == 200 and "HX-Request" in response.get("Vary", ""):
                partial = fetch(client, instance, htmx=True, language=language)
                walk.read(partial, language, persona, f"{instance.path} (htmx)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_an_untranslated_interface_string(
    world: World, instances: list[Instance], language: str
) -> None:
    walk = Walk()
    # Refused requests are logged with their traceback; formatting them costs more than
    # some pages do, and nothing reads them here.
    logger = logging.getLogger("django.request")
    logger.disabled = True
    try:
        _walk_all(walk, world, instances, language)
    finally:
        logger.disabled = False
    assert walk.rendered > len(PERSONAS) * 50, "the walk rendered almost nothing"
    patterns = {i.pattern.name for i in instances if not (i.pattern.is_api or i.pattern.is_file)}
    assert len(walk.patterns) > 0.9 * len(patterns), "the walk missed most pages"
    source = _reference_english()
    unexpected = sorted(
        f
        for f in walk.findings
        if f[0] not in EXPECTED | NOT_OURS
        # The admin edits reference data in its source language, English, next to the
        # translations: there a stored English label is the record, not interface text.
        and not (f[3].startswith("/admin/") and any(f[0] in text for text in source))
    )
    assert not unexpected, f"{len(unexpected)} untranslated strings on pages:\n" + "\n".join(
        f"{language} {persona} {where}: {msgid!r}" for msgid, language, persona, where in unexpected
    )
    stale = sorted(set(EXPECTED | NOT_OURS) - {f[0] for f in walk.findings})
    assert not stale, f"translated now; remove them from EXPECTED or NOT_OURS: {stale}"
