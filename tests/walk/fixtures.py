"""The world and the URL instances every walk shares (one per test module).

A test package that walks imports these fixtures into its `conftest.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.module_data import built_for_the_module
from tests.walk.walker import Instance, all_instances
from tests.walk.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world for the module, rolled back at the end."""
    with built_for_the_module(django_db_blocker, build_world) as built:
        yield built


@pytest.fixture(scope="module")
def instances(world: World) -> list[Instance]:
    return list(all_instances())


def client_for(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def fetch(client: Client, instance: Instance, *, htmx: bool = False, language: str = "") -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    if language:
        headers["Accept-Language"] = language
    return client.get(instance.path, headers=headers)
