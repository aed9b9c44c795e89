"""The design system in the browser: charts fill their card and keep readable text; badges
have their status colour."""

from __future__ import annotations

import re

import pytest

from nap1540.core.rendering.statuses import status_style
from tests.e2e.conftest import log_in

PLAN_2014 = re.compile(r"National Action Plan of Uzbekistan .* 2014 \(demo\)")


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_the_plan_charts_fill_their_card_with_text_of_11_px_or_more(live_demo, browser, viewport):
    context = browser.new_context(locale="en-GB", viewport=viewport)
    page = context.new_page()
    try:
        base = live_demo.url
        log_in(page, base, "coordinator")
        page.goto(f"{base}/plans/")  # on a phone the menu is folded: go there directly
        page.get_by_role("link", name=PLAN_2014).click()
        figures = page.locator("figure.chart")
        assert figures.count() >= 3
        for i in range(figures.count()):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            sizes = figure.evaluate(
                """f => {
                  const svg = f.querySelector('svg');
                  const box = svg.viewBox.baseVal;
                  const scale = svg.getBoundingClientRect().width / box.width;
                  const texts = [...svg.querySelectorAll('text')];
                  return {
                    svg: svg.getBoundingClientRect().width,
                    box: f.clientWidth,
                    smallest: scale * Math.min(...texts.map(
                      t => parseFloat(t.getAttribute('font-size') || '12'))),
                  };
                }"""
            )
            assert sizes["smallest"] >= 11, sizes
            # On a wide screen the chart fills the card; on a phone it scrolls inside it.
            if viewport["width"] >= 1280:
                assert sizes["svg"] >= sizes["box"] - 2, sizes
        badge = page.locator(".badge.st-completed").first
        assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == _rgb(
            status_style("completed").colour
        )
        # The page itself does not scroll sideways: only a chart may.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()


def test_the_request_page_marks_the_current_step(live_demo, page):
    base = live_demo.url
    log_in(page, base, "expert")
    page.goto(f"{base}/assistance/requests/")
    page.locator("table a[href*='/assistance/requests/']").first.click()
    current = page.locator("ol.step-indicator [aria-current='step']")
    assert current.count() == 1
    assert "(current step)" in current.inner_text()
