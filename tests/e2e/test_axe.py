"""The axe helper fails on a page with a serious violation and passes a clean one."""

from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible, watch

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken</h1><img src="data:," id="logo"><button id="empty"></button>
<p style="color:#bbb;background:#fff">Pale text</p></main></body></html>"""
CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head><body><main>
<h1>Clean</h1><img src="data:," alt="Logo"><button>Save</button></main></body></html>"""


@pytest.fixture
def bare_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_axe_lists_rule_help_and_target_of_each_serious_violation(bare_page):
    bare_page.set_content(BROKEN)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(bare_page, "broken page")
    message = str(failure.value)
    assert "broken page" in message
    assert "image-alt" in message and "#logo" in message
    assert "button-name" in message and "#empty" in message
    assert "color-contrast" in message


def test_axe_passes_a_page_without_violations(bare_page):
    bare_page.set_content(CLEAN)
    assert_accessible(bare_page, "clean page")


def test_watcher_checks_each_page_load(bare_page):
    page = watch(bare_page)
    page.goto("data:text/html," + CLEAN)
    page.goto("data:text/html," + BROKEN.replace("#", "%23"))
    assert page.title() == "Broken"
    assert len(page.checked) == 2
    with pytest.raises(AssertionError, match="image-alt") as failure:
        page.assert_clean()
    assert "Clean" not in str(failure.value)
