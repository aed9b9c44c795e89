"""axe-core in the browser journeys: every page they open is checked against WCAG 2.1 A and AA.

axe (tests/e2e/vendor/axe.min.js, MPL-2.0, from `npm pack axe-core`) is for the tests only: it is
not a static file and the site never serves it. It is evaluated through Playwright, which the
site's Content-Security-Policy does not govern, so no context needs `bypass_csp`.

    assert_accessible(page, "plan detail")   # one check, now
    watch(page)                              # a check on every page load, failures at the end
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("serious", "critical")

_RUN = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" "))
  }));
}"""


@cache
def _source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    found = page.evaluate(_RUN, TAGS)
    return [v for v in found if v["impact"] in IMPACTS]


def describe(label: str, url: str, found: list[dict[str, Any]]) -> str:
    lines = [f"{label} ({url}): {len(found)} serious or critical accessibility violation(s)"]
    for v in found:
        targets = ", ".join(v["targets"][:5]) + (" …" if len(v["targets"]) > 5 else "")
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page: Any, label: str = "page") -> None:
    """Fail listing each serious or critical violation: rule id, help text, target selectors."""
    found = violations(page)
    assert not found, describe(label, page.url, found)


class CheckedPage:
    """A Playwright page that runs axe on each document it loads, before the journey's next step.

    A load only raises a flag (an event handler cannot wait for axe); the check runs when the
    test next touches the page, so it sees the new document before anything is typed into it.
    `assert_clean()` fails with everything found. htmx swaps are not loads: call `check()`.
    """

    def __init__(self, page: Any) -> None:
        self._page = page
        self._pending = False
        self._busy = False
        self.checked: list[str] = []
        self.failures: list[str] = []
        page.on("load", self._loaded)

    def _loaded(self, _page: Any) -> None:
        self._pending = True

    def __getattr__(self, name: str) -> Any:
        if self._pending and not self._busy:
            self.check()
        return getattr(self._page, name)

    def check(self, label: str | None = None) -> None:
        self._pending, self._busy = False, True
        try:
            for _attempt in range(3):
                try:
                    self._page.wait_for_load_state()
                    found = violations(self._page)
                except Exception as error:  # A navigation started while axe ran: again.
                    if "context was destroyed" in str(error) or "navigat" in str(error):
                        continue
                    raise
                self.checked.append(self._page.url)
                if found:
                    self.failures.append(describe(label or "page", self._page.url, found))
                return
        finally:
            self._busy = False

    def assert_clean(self) -> None:
        assert not self.failures, "\n".join(self.failures)


def watch(page: Any) -> CheckedPage:
    """The page, checked by axe on every document it loads (full loads, not htmx swaps)."""
    return CheckedPage(page)
