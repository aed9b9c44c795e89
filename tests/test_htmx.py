"""Every view that answers htmx with a fragment keeps to the one rule in core.http.htmx.

A swap gets the fragment; a history restore (`HX-History-Restore-Request`, sent when
Back misses htmx's history cache) and a plain request get the whole page; every answer
says `Vary: HX-Request`. The list of views is read from the code: a view that calls the
rule must have a case here, no module reads the HX- headers itself, and every hx-get or
hx-post in a template leads to a view with a case (or to one that only ever answers a
fragment and is never pushed into history).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from nap1540.core.visibility import Visibility
from nap1540.matrix.models import Entry, Matrix
from nap1540.matrix.tests.conftest import build_matrix
from nap1540.plans.models import Plan, Task

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "nap1540"
RULE = {"wants_fragment", "render_page"}
RULE_MODULE = APP / "core" / "http" / "htmx.py"
HEADER = re.compile(r"hx-[a-z-]+|http_hx_[a-z_]+", re.IGNORECASE)  # "HX-Target", META keys
SWAP = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


class World:
    """What the cases need, built only when a case asks for it."""

    def __init__(self, personas: Any) -> None:
        self.personas = personas

    @cached_property
    def plan(self) -> Plan:
        return Plan.objects.create(
            state=self.personas.uzb,
            title="National action plan",
            period_start=date(2014, 1, 1),
            period_end=date(2016, 12, 31),
            visibility=Visibility.PRIVATE,
            status=Plan.Status.ADOPTED,
        )

    @cached_property
    def task(self) -> Task:
        return Task.objects.create(
            plan=self.plan, number="1", order=1, title="Task 1", lead_agency=self.personas.agency
        )

    @cached_property
    def matrix(self) -> Matrix:
        return build_matrix(self.personas.uzb, draft_visibility=Visibility.COMMITTEE)

    @cached_property
    def entry(self) -> Entry:
        return self.matrix.entries.get(field__key="OP1-04")

    def matrix_url(self, rest: str) -> str:
        return f"/matrix/{self.matrix.state.iso3}/{rest}"

    def entry_url(self, suffix: str = "") -> str:
        return self.matrix_url(f"v{self.matrix.version}/entries/{self.entry.pk}/{suffix}")


@dataclass(frozen=True)
class Case:
    id: str
    persona: str
    url: Callable[[World], str]
    page: str  # the whole page's template; "" for a POST, which redirects instead
    fragment: str
    target: str | None = None  # the HX-Target the view answers with the fragment
    data: Callable[[World], dict[str, Any]] | None = None  # a POST when given

    def send(self, world: World, headers: dict[str, str]) -> Any:
        client = world.personas.client(self.persona)
        if self.target is not None and headers:
            headers = {**headers, "HX-Target": self.target}
        if self.data is None:
            return client.get(self.url(world), headers=headers)
        return client.post(self.url(world), self.data(world), headers=headers)


CASES = [
    Case(
        "gaps page of unmatched requests",
        "expert",
        lambda w: "/assistance/gaps/?page=1",
        page="assistance/gaps.html",
        fragment="assistance/_gaps_unmatched.html",
        target="gaps-unmatched",
    ),
    Case(
        "gaps page of unused offers",
        "expert",
        lambda w: "/assistance/gaps/?offers_page=1",
        page="assistance/gaps.html",
        fragment="assistance/_gaps_unused.html",
        target="gaps-unused",
    ),
    Case(
        "plan task filter",
        "viewer",
        lambda w: f"/plans/{w.plan.pk}/?status=not_started&sort=due",
        page="plans/plan_detail.html",
        fragment="plans/_task_rows.html",
    ),
    Case(
        "my tasks row update",
        "focal",
        lambda w: f"/plans/tasks/{w.task.pk}/progress/",
        page="",
        fragment="plans/_my_task_row.html",
        data=lambda w: {"status": "in_progress", "progress": 10, "lock_version": 1},
    ),
    Case(
        "matrix table filter",
        "coordinator",
        lambda w: w.matrix_url("?section=OP1&mark=blank"),
        page="matrix/detail.html",
        fragment="matrix/_table.html",
        target="matrix-table",
    ),
    Case(
        "matrix version table filter",
        "coordinator",
        lambda w: w.matrix_url(f"v{w.matrix.version}/?section=OP1"),
        page="matrix/detail.html",
        fragment="matrix/_table.html",
        target="matrix-table",
    ),
    Case(
        "matrix entry edit form",
        "expert",
        lambda w: w.entry_url("edit/"),
        page="matrix/entry_edit.html",
        fragment="matrix/_entry_form.html",
    ),
    Case(
        "matrix entry save",
        "expert",
        lambda w: w.entry_url("edit/"),
        page="",
        fragment="matrix/_cell.html",
        data=lambda w: {"mark": "X", "revision": w.entry.revision},
    ),
    Case(
        "events list",
        "anonymous",
        lambda w: "/events/?when=upcoming",
        page="events/index.html",
        fragment="events/_event_rows.html",
    ),
    Case(
        "registry state list",
        "anonymous",
        lambda w: "/states/?q=Tajik",
        page="registry/state_list.html",
        fragment="registry/_state_rows.html",
    ),
    Case(
        "assistance offers list",
        "anonymous",
        lambda w: "/assistance/offers/?q=training",
        page="assistance/offer_list.html",
        fragment="assistance/_offer_rows.html",
    ),
]

# Views reached from an hx- attribute that answer with a fragment whatever is asked, and
# are never pushed into history (no hx-push-url), so Back cannot land on them.
FRAGMENT_ONLY = {
    "matrix:entry": "the Cancel of an inline edit puts the cell back",
    "assistance:drafting_aid": "POST only: the drafting aid's flags beside the form",
}
# hx- attributes whose URL is not a {% url %}: the view each one asks.
COMPUTED_URLS = {
    ("plans/templates/plans/plan_detail.html", "{{ plan.get_absolute_url }}"): "plans:detail",
    ("plans/templates/plans/_task_rows.html", "{% query_with sort=target %}"): "plans:detail",
    ("matrix/templates/matrix/detail.html", "{{ request.path }}"): "matrix:state",
    ("matrix/render.py", "{edit}"): "matrix:entry_edit",
    (
        "assistance/templates/assistance/_gaps_pager.html",
        "?{{ query }}&amp;{{ param }}={{ page.previous_page_number }}",
    ): "assistance:gaps",
    (
        "assistance/templates/assistance/_gaps_pager.html",
        "?{{ query }}&amp;{{ param }}={{ page.next_page_number }}",
    ): "assistance:gaps",
}


@pytest.fixture
def world(personas: Any) -> World:
    return World(personas)


def _vary(response: Any) -> set[str]:
    return {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}


def _templates(response: Any) -> list[str]:
    return [t.name for t in response.templates]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_an_htmx_swap_gets_the_fragment(world: World, case: Case) -> None:
    response = case.send(world, SWAP)
    assert response.status_code == 200, response.content[:300]
    assert case.fragment in _templates(response)
    assert "web/base.html" not in _templates(response)
    assert "<html" not in response.content.decode()
    assert {"hx-request", "hx-history-restore-request"} <= _vary(response)
    if case.target is not None:
        assert "hx-target" in _vary(response)


@pytest.mark.parametrize("headers", [RESTORE, {}], ids=["history restore", "plain request"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_history_restore_or_a_plain_request_gets_the_whole_page(
    world: World, case: Case, headers: dict[str, str]
) -> None:
    response = case.send(world, headers)
    assert {"hx-request", "hx-history-restore-request"} <= _vary(response)
    if not case.page:
        assert response.status_code == 302  # a form's answer: back to the page it came from
        return
    assert response.status_code == 200, response.content[:300]
    assert {case.page, "web/base.html"} <= set(_templates(response))
    body = response.content.decode()
    assert body.lstrip().startswith("<!doctype html>")
    assert '<header class="site">' in body and '<nav class="main"' in body


def test_a_swap_into_another_target_gets_the_whole_matrix_page(world: World) -> None:
    response = world.personas.client("coordinator").get(
        world.matrix_url(""), headers={**SWAP, "HX-Target": "content"}
    )
    assert "matrix/detail.html" in _templates(response)
    assert "hx-target" in _vary(response)


# --- the list of views, read from the code --------------------------------------------


def _application_modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(APP.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {"tests", "migrations"} or path == RULE_MODULE:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield module, path, ast.parse(path.read_text(encoding="utf-8"))


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def _functions_applying_the_rule() -> set[str]:
    """Dotted names of functions that call the rule, or a function of their module that does."""
    found: set[str] = set()
    for module, _path, tree in _application_modules():
        calls = {
            f.name: _called_names(f)
            for f in tree.body
            if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        applying = {name for name, called in calls.items() if called & RULE}
        while grown := {n for n, called in calls.items() if called & applying} - applying:
            applying |= grown
        found |= {f"{module}.{name}" for name in applying}
    return found


def _views_by_url_name() -> dict[str, str]:
    views: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                views[namespace + pattern.name] = _dotted(pattern.callback)

    walk(get_resolver().url_patterns, "")
    return views


def _dotted(view: Any) -> str:
    # Decorators keep the view's names (functools.wraps); the API's partials have none.
    return f"{view.__module__}.{getattr(view, '__qualname__', '')}"


def _view_of(case: Case, world: World) -> str:
    return _dotted(resolve(case.url(world).split("?")[0]).func)


def _htmx_views() -> set[str]:
    return set(_views_by_url_name().values()) & _functions_applying_the_rule()


@pytest.mark.django_db
def test_every_view_that_applies_the_rule_has_a_case_here(world: World) -> None:
    with_cases = {_view_of(case, world) for case in CASES}
    assert _htmx_views() - with_cases == set(), "add a Case for each of these views"
    assert with_cases - _htmx_views() == set(), "these views no longer call the rule"


def _reads_htmx_headers(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "htmx"  # request.htmx
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HEADER.fullmatch(node.value) is not None
    )


def test_no_module_but_core_reads_the_htmx_headers() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for _module, path, tree in _application_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.expr) and _reads_htmx_headers(node)
    ]
    assert found == [], "ask nap1540.core.http.htmx (wants_fragment, render_page) instead"


# An element's opening tag; template tags inside it may hold any character.
TAG = re.compile(r"<[a-z](?:[^<>{]|\{\{.*?\}\}|\{%.*?%\}|\{)*>", re.IGNORECASE | re.DOTALL)
REQUEST = re.compile(r'\bhx-(?:get|post|put|patch|delete)="([^"]*)"')
URL_TAG = re.compile(r"""^\{% url ['"]([\w:-]+)['"]""")


@dataclass(frozen=True)
class HxRequest:
    source: str
    url: str
    pushes: bool


def _hx_requests() -> Iterator[HxRequest]:
    for path in sorted(APP.rglob("*.html")):
        source = str(path.relative_to(APP))
        for tag in TAG.findall(path.read_text(encoding="utf-8")):
            for url in REQUEST.findall(tag):
                yield HxRequest(source, url, 'hx-push-url="true"' in tag)
    for _module, path, _tree in _application_modules():
        text = path.read_text(encoding="utf-8")
        assert "hx-push-url" not in text, f"{path}: push URLs from a template, not from Python"
        for url in REQUEST.findall(text):
            yield HxRequest(str(path.relative_to(APP)), url, pushes=False)


def test_every_hx_request_in_the_code_asks_a_view_that_keeps_the_rule() -> None:
    views, htmx_views = _views_by_url_name(), _htmx_views()
    problems = []
    seen = 0
    for hx in _hx_requests():
        seen += 1
        match = URL_TAG.match(hx.url)
        name = match.group(1) if match else COMPUTED_URLS.get((hx.source, hx.url))
        if name is None:
            problems.append(f"{hx.source}: {hx.url!r}: say in COMPUTED_URLS which view it asks")
        elif name in FRAGMENT_ONLY:
            if hx.pushes:
                problems.append(f"{hx.source}: {name} answers only a fragment: do not push it")
        elif views.get(name) not in htmx_views:
            problems.append(f"{hx.source}: {name} answers htmx without the rule in core.http.htmx")
    assert seen >= 10  # the scan still finds the attributes it is meant to
    assert problems == []


# --- htmx's own configuration -----------------------------------------------------------

CONFIG = re.compile(r"""<meta name="htmx-config" content='([^']*)'>""")


@pytest.mark.django_db
def test_one_htmx_config_serves_every_page_and_swaps_refused_saves(client: Any) -> None:
    carriers = [
        str(path.relative_to(APP))
        for path in sorted(APP.rglob("*.html"))
        if "htmx-config" in path.read_text(encoding="utf-8")
    ]
    # htmx reads the first htmx-config of a page and ignores any other.
    assert carriers == ["web/templates/web/base.html"]
    page = client.get("/matrix/").content.decode()
    assert len(CONFIG.findall(page)) == 1
    config = json.loads(CONFIG.findall(page)[0])
    # A refused save answers 409 or 422 with the fragment saying why (matrix entries,
    # the focal point's task rows); a snapshot would restore stale filters.
    assert {"409", "422"} <= {rule["code"] for rule in config["responseHandling"] if rule["swap"]}
    assert config["historyCacheSize"] == 0
