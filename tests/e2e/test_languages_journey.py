"""The interface in Arabic, Chinese and Russian: direction, script and no English left over.

Screenshots of the Arabic and Chinese pages are written to docs/screenshots/languages/ for a
person to look at (docs/decisions/015-right-to-left.md).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import log_in

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots" / "languages"
RU_CATALOGUE = ROOT / "nap1540" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
VIEWPORT = {"width": 1280, "height": 800}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _pages(base: str) -> dict[str, str]:
    """Home, the Uzbek matrix, the 2014 plan and a demo assistance request of Uzbekistan."""
    from nap1540.assistance.models import Request
    from nap1540.plans.models import Plan

    plan = Plan.objects.filter(state__iso3="UZB", title__contains="2014").get()
    request = Request.objects.filter(state__iso3="UZB", is_demo=True).order_by("pk").first()
    assert request is not None
    return {
        "home": f"{base}/",
        "matrix": f"{base}/matrix/UZB/",
        "plan": base + plan.get_absolute_url(),
        "request": f"{base}/assistance/requests/{request.pk}/",
    }


def _in_language(new_page: Any, base: str, username: str, language: str) -> Any:
    """A 1280 px wide page, logged in as `username`, switched to `language` by the selector."""
    page = new_page(viewport=VIEWPORT)  # checked by axe on every load (tests/e2e/axe.py)
    log_in(page, base, username)
    page.locator("#language-select").select_option(language)
    page.locator("#language-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    return page


def _overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when nothing sticks out)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def _nav_x(page: Any) -> tuple[float, float]:
    links = page.locator("nav.main a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first is not None and last is not None
    return first["x"], last["x"]


def _shot(page: Any, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


# --- Arabic --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["coordinator", "expert"])
def test_arabic_pages_read_from_the_right_without_overflow(live_demo, new_page, username):
    base = live_demo.url
    pages = _pages(base)
    page = _in_language(new_page, base, username, "ar")
    try:
        for name, url in pages.items():
            page.goto(url)
            assert page.locator("html").get_attribute("dir") == "rtl", name
            first, last = _nav_x(page)
            assert first > last, f"{name}: the first menu item should stand at the right"
            assert _overflow(page) <= 0, f"{name}: the page is wider than 1280 px"
            if name != "home":  # codes and dates keep their order inside Arabic text
                assert page.locator('bdi[dir="ltr"]').count() > 0, name
            _shot(page, f"ar-{username}-{name}", full_page=name == "home")
        page.goto(pages["plan"])
        # The Gantt reads from the right too: its first month stands right of its last. Its
        # axis names months as the language writes them ("مايو 2017"): a month and a year.
        months = page.locator("svg text").filter(
            has_text=re.compile(r"^[^\d]+ \d{4}$|^\d{4} [^\d]+$")
        )
        assert months.count() >= 2
        first_month, last_month = months.first.bounding_box(), months.last.bounding_box()
        assert first_month is not None and last_month is not None
        assert first_month["x"] > last_month["x"]
    finally:
        page.context.close()


# --- Chinese -------------------------------------------------------------------------------


def test_chinese_pages_show_chinese_text(live_demo, new_page):
    base = live_demo.url
    page = _in_language(new_page, base, "coordinator", "zh-hans")
    try:
        for name, url in _pages(base).items():
            page.goto(url)
            assert page.locator("html").get_attribute("dir") == "ltr", name
            nav = page.locator("nav.main").inner_text()
            assert CJK.search(nav), f"{name}: the menu is not in Chinese: {nav!r}"
            assert len(CJK.findall(page.locator("main").inner_text())) >= 20, name
            assert _overflow(page) <= 0, f"{name}: the page is wider than 1280 px"
            _shot(page, f"zh-{name}", full_page=name == "home")
    finally:
        page.context.close()


# --- Russian: no English interface text ------------------------------------------------------


@dataclass
class Catalogue:
    """What the Russian catalogue says about English: whole strings and their words."""

    strings: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)


def _po_entries(path: Path) -> list[dict[str, Any]]:
    """A tiny .po reader: each entry's msgctxt, msgid, msgid_plural, msgstr list and fuzzy."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    name = ""

    def finish() -> None:
        if "msgid" in entry:
            forms = sorted(k for k in entry if k.startswith("msgstr"))
            entry["msgstr"] = [entry.pop(k) for k in forms]
            entries.append(dict(entry))
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        starts_entry = line.startswith(("#", "msgctxt ", "msgid ")) and not line.startswith("#|")
        if not line or (starts_entry and any(k.startswith("msgstr") for k in entry)):
            finish()
        if not line or line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            continue
        if line.startswith('"'):
            entry[name] += ast.literal_eval(line)
        else:
            name, _, quoted = line.partition(" ")
            entry[name] = ast.literal_eval(quoted)
    finish()
    return entries


PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdif%]|\{[^}]*\}")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'\u2019]*(?:[ \u00a0,]+[A-Za-z][A-Za-z'\u2019]*)+")


def _normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def russian_catalogue() -> Catalogue:
    """English strings the Russian catalogue translates differently, and their words.

    A word that also appears in a Russian translation (an acronym such as PDF, a code
    such as OP1) is kept as it is in Russian and does not count as English.
    """
    catalogue = Catalogue()
    kept: set[str] = set()
    english_words: set[str] = set()
    for entry in _po_entries(RU_CATALOGUE):
        english = [entry["msgid"], entry.get("msgid_plural", "")]
        russian = entry.get("msgstr", [])
        if not entry["msgid"] or entry.get("fuzzy") or not any(russian):
            continue
        for translated in russian:
            kept.update(w.lower() for w in LATIN_WORD.findall(PLACEHOLDER.sub(" ", translated)))
        for text in filter(None, english):
            if text in russian:
                continue
            bare = _normalise(PLACEHOLDER.sub(" ", text))
            english_words.update(w.lower() for w in LATIN_WORD.findall(bare))
            if not PLACEHOLDER.search(text):
                catalogue.strings.add(_normalise(text))
    catalogue.words = english_words - kept
    return catalogue


def english_in(text: str, catalogue: Catalogue) -> str | None:
    """The English in `text`: the whole of a catalogue string, or 3+ of its words in a row."""
    text = _normalise(text)
    if not text:
        return None
    if text in catalogue.strings:
        return text
    for run in LATIN_RUN.findall(text):
        words = LATIN_WORD.findall(run)
        streak: list[str] = []
        for word in words:
            streak = [*streak, word] if word.lower() in catalogue.words else []
            if len(streak) >= 3:
                return " ".join(streak)
    return None


# Visible text and shown attributes, leaving out what the templates mark as user content
# (data-user-content) or as written in another language (a lang attribute of its own).
VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const skip = (el) => el.closest('[data-user-content]')
    || (el.closest('[lang]') && el.closest('[lang]').getAttribute('lang') !== lang);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || skip(el)) continue;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'title', 'desc'].includes(el.tagName)) continue;
    if (el.tagName !== 'OPTION' && !el.checkVisibility({visibilityProperty: true})) continue;
    out.push([el.tagName.toLowerCase(), node.textContent]);
  }
  for (const el of document.body.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'placeholder', 'aria-label']) {
      if (!el.hasAttribute(name)) continue;
      out.push([`${el.tagName.toLowerCase()}@${name}`, el.getAttribute(name)]);
    }
  }
  return out;
}"""


def test_russian_pages_show_no_english_interface_text(live_demo, new_page):
    base = live_demo.url
    catalogue = russian_catalogue()
    assert len(catalogue.strings) > 500 and "plan" in catalogue.words  # the catalogue was read
    page = _in_language(new_page, base, "coordinator", "ru")
    found: dict[str, set[str]] = {}
    try:
        for name, url in _pages(base).items():
            page.goto(url)
            for where, text in page.evaluate(VISIBLE_TEXT):
                english = english_in(_normalise(text), catalogue)
                if english:
                    found.setdefault(name, set()).add(f"{where}: {_normalise(text)[:120]}")
    finally:
        page.context.close()
    assert not found, "English interface text on Russian pages:\n" + "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in sorted(lines)
    )


def test_the_english_check_catches_what_it_should():
    catalogue = russian_catalogue()
    assert english_in("Implementation rate", catalogue) == "Implementation rate"
    assert english_in("  Log   out ", catalogue) == "Log out"
    assert english_in("Коэффициент: see the plan of the State", catalogue)
    assert english_in("Узбекистан, UZB, OP1-01, 2017-2021", catalogue) is None
    assert english_in("PDF DOCX XLSX", catalogue) is None  # kept as they are in Russian
