"""The world and the URL instances every walk shares (one per test module).

A test package that walks imports these fixtures into its `conftest.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.walk.walker import Instance, all_instances
from tests.walk.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world for the module, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
