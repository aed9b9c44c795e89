"""The fragment-or-page rule, on requests that went through django-htmx's middleware."""

from __future__ import annotations

from typing import cast

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from nap1540.core.http.htmx import HtmxHttpRequest, vary_on_htmx, wants_fragment

SWAP = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def _request(headers: dict[str, str]) -> HtmxHttpRequest:
    request = RequestFactory().get("/plans/1/?status=completed", headers=headers)
    HtmxMiddleware(lambda r: HttpResponse())(request)
    return cast(HtmxHttpRequest, request)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        (SWAP, True),
        ({"HX-Request": "false"}, False),
        (RESTORE, False),  # Back missed htmx's history cache: it replaces the whole <body>
        ({"HX-History-Restore-Request": "true"}, False),
    ],
)
def test_only_a_swap_that_is_not_a_history_restore_wants_a_fragment(headers, expected):
    assert wants_fragment(_request(headers)) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({**SWAP, "HX-Target": "matrix-table"}, True),
        ({**SWAP, "HX-Target": "entry-4"}, False),
        (SWAP, False),
        ({**RESTORE, "HX-Target": "matrix-table"}, False),
    ],
)
def test_a_target_narrows_the_rule_to_swaps_into_it(headers, expected):
    assert wants_fragment(_request(headers), target="matrix-table") is expected


def test_vary_names_what_the_rule_reads_and_keeps_what_was_there():
    response = HttpResponse()
    response["Vary"] = "Cookie"
    assert vary_on_htmx(response) is response
    assert response["Vary"] == "Cookie, HX-Request, HX-History-Restore-Request"
    targeted = vary_on_htmx(HttpResponse(), target="matrix-table")
    assert targeted["Vary"] == "HX-Request, HX-History-Restore-Request, HX-Target"
