"""Every page a persona can reach from home, at phone width and at desktop width.

For each persona the walk starts at home, follows the same-site page links on it and on the
pages those lead to (two levels), keeps a few URLs per URL pattern, and opens each one at 390 px
and at 1280 px. `check_page` is the one place where per-page checks go: the page does not scroll
sideways, and axe-core (tests/e2e/axe.py) finds no serious or critical WCAG 2.1 AA violation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e import axe
from tests.e2e.conftest import log_in

PERSONAS = ["anonymous", "coordinator", "focal", "expert", "provider"]
WIDTHS = (390, 1280)
# Three levels from home reach the matrix diff, field history and review pages too.
DEPTH = 3
# URLs kept per (URL name, query keys): the second one catches pages that differ by object.
PER_PATTERN = 2
MAX_PAGES = 120

SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/accounts/logout/", "/api/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".ics", ".json", ".zip", ".png", ".svg")
SKIPPED_WORDS = ("export", "download")

# The widest element that sticks out past the window and is not inside a scrolling frame
# (a frame that scrolls on its own is fine: the page does not move sideways).
_OVERFLOW_JS = """
() => {
  const doc = document.documentElement;
  const limit = doc.clientWidth;
  // Only the end side scrolls: the skip link waits off screen on the start side.
  const rtl = getComputedStyle(doc).direction === 'rtl';
  // Whether a frame that clips or scrolls holds the element in. An absolutely placed element
  // (a visually hidden label) escapes every frame that is not positioned itself.
  const scrolls = (el) => {
    let absolute = getComputedStyle(el).position === 'absolute';
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (absolute && style.position === 'static') continue;
      const o = style.overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      absolute = style.position === 'absolute';
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  let worst = null, worstOut = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    const out = rtl ? -r.left : r.right - limit;
    if (out > 1 && out > worstOut && !scrolls(el)) {
      worst = el; worstOut = out;
    }
  }
  let path = '';
  for (let el = worst; el && el !== document.body; el = el.parentElement) {
    path = name(el) + (path ? ' > ' + path : '');
  }
  return {
    scrollWidth: doc.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth,
    widest: worst ? path + ' (' + Math.round(worst.getBoundingClientRect().width) + ' px wide, ' +
      Math.round(worstOut) + ' px outside)' : '',
  };
}
"""


def overflow_problem(page: Any) -> str:
    """'' when the page does not scroll sideways, else what sticks out and by how much."""
    m = page.evaluate(_OVERFLOW_JS)
    if m["scrollWidth"] <= m["clientWidth"] and m["scrollWidth"] <= m["innerWidth"]:
        return ""
    return f"{m['scrollWidth']} px wide in a {m['clientWidth']} px window; widest: {m['widest']}"


def check_page(page: Any, url: str, width: int) -> list[str]:
    """Every per-page check, on the page as it is shown at `width`; returns what is wrong."""
    problems = []
    if problem := overflow_problem(page):
        problems.append(f"{url} at {width} px: {problem}")
    # At both widths: the phone layout (folded menu, matrix cards) is a different page to axe.
    if found := axe.violations(page):
        problems.append(axe.describe(f"{url} at {width} px", page.url, found))
    return problems


def _pattern(path: str, query: str) -> tuple[str, tuple[str, ...]]:
    from django.urls import Resolver404, resolve

    try:
        name = resolve(path).view_name
    except Resolver404:
        name = path
    return name, tuple(sorted({key for key, _value in parse_qsl(query)}))


def _wanted(base: str, href: str) -> str | None:
    """The URL to visit for a link, or None for other sites, downloads and the like."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    path = parts.path.lower()
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
        return None
    if any(word in path or word in parts.query.lower() for word in SKIPPED_WORDS):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    return [url for href in hrefs if (url := _wanted(base, href))]


def _walk(page: Any, base: str, depth_limit: int = DEPTH) -> tuple[list[str], list[str]]:
    """Visit the pages reachable from home; returns (URLs checked, problems found)."""
    seen: set[str] = set()
    per_pattern: dict[tuple[str, tuple[str, ...]], int] = defaultdict(int)
    level = ["/"]
    checked: list[str] = []
    problems: list[str] = []
    for depth in range(depth_limit + 1):
        following: list[str] = []
        for url in level:
            if url in seen or len(checked) >= MAX_PAGES:
                continue
            seen.add(url)
            parts = urlsplit(url)
            key = _pattern(parts.path, parts.query)
            if per_pattern[key] >= PER_PATTERN:
                continue
            per_pattern[key] += 1
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            try:
                response = page.goto(base + url)
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # a file, not a page
                    continue
                raise
            status = response.status if response else 0
            if status == 405:  # a POST-only address that a link should not point to
                problems.append(f"{url}: a link points to a POST-only address")
                continue
            if status >= 400:
                problems.append(f"{url}: HTTP {status}")
                continue
            checked.append(url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                problems += check_page(page, url, width)
            if depth < depth_limit:
                following += _links(page, base)
        level = following
    return checked, problems


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe(live_demo, browser, persona):
    base = live_demo.url
    context = browser.new_context(locale="en-GB", viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        if persona != "anonymous":
            log_in(page, base, persona)
        checked, problems = _walk(page, base)
    finally:
        context.close()
    # The walk must have gone somewhere: home, the main menu and pages below them.
    assert len(checked) >= 10, checked
    assert not problems, "\n".join(problems)


def test_arabic_pages_fit_a_phone_from_the_right(live_demo, browser):
    """Right to left, the end side is the left one: the main pages again, in Arabic."""
    base = live_demo.url
    context = browser.new_context(locale="en-GB", viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    page.set_default_timeout(30000)
    try:
        log_in(page, base, "coordinator")
        page.locator("#language-select").select_option("ar")
        page.locator("#language-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("dir") == "rtl"
        checked, problems = _walk(page, base, depth_limit=1)
    finally:
        context.close()
    assert len(checked) >= 10, checked
    assert not problems, "\n".join(problems)
