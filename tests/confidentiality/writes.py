"""Writes: every form a page offers, replayed by a persona without the right, and every write
method of every URL, are refused and change nothing in the database (compared as a dump).

The forms are those the read walks of the State's coordinator, its focal point and the
expert were offered (`reads.Kept`), or a walk of their own when the check runs alone; the
tests are in `test_walk_one.py`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.apps import apps

from nap1540.core.visibility import root_record
from tests.confidentiality.conftest import client_for
from tests.confidentiality.reads import (
    FORM_PERSONAS,
    Form,
    Kept,
    may_offer_forms,
    offered_forms,
)
from tests.walk.walker import Instance
from tests.walk.world import World

# --- writes ------------------------------------------------------------------------------------

UNTRACKED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
IGNORED_COLUMNS = {"last_login", "last_used_at"}
SESSION_ONLY = {":login", ":logout", ":set_language", "admin:login", "admin:logout"}


def database_dump() -> dict[str, list[tuple[Any, ...]]]:
    dump = {}
    for model in apps.get_models():
        if model._meta.label_lower in UNTRACKED or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED_COLUMNS]
        dump[model._meta.label_lower] = [
            tuple(json.dumps(v, default=str, sort_keys=True) for v in row)
            for row in model._base_manager.order_by("pk").values_list(*names)
        ]
    return dump


def _diff(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [
        f"{label}: {len(before[label])} -> {len(after[label])} rows"
        + ("" if len(before[label]) != len(after[label]) else " (values changed)")
        for label in before
        if before[label] != after[label]
    ]


def forms_to_replay(world: World, instances: list[Instance], kept: Kept) -> list[Form]:
    """Every POST form the State's coordinator, the expert and the focal point are offered,
    with its values, once each."""
    forms: dict[tuple[str, str], list[Any]] = {}
    for persona in FORM_PERSONAS:
        offered = kept.forms.get(persona)
        if offered is None:
            client = client_for(world, persona)
            offered = [
                form
                for instance in instances
                if may_offer_forms(instance)
                for form in offered_forms(instance, client.get(instance.path))
            ]
        for action, variant in offered:
            forms.setdefault((action, json.dumps(variant)), variant)
    return [(action, fields) for (action, _k), fields in forms.items()]


WRITE_PERSONAS = ("anonymous", "viewer", "outsider", "partner", "third", "provider")


def _may_change(world: World, persona: str, path: str, instance: Instance | None) -> bool:
    """What the persona may legitimately change: its own State's records, its own offers."""
    if any(path.startswith(p) for p in ("/accounts/", "/i18n/", "/admin/login", "/admin/logout")):
        return True
    if "/inbox/mark/" in path:  # marks the user's own reminders read
        return True
    if persona in ("anonymous", "viewer"):
        return False
    objs = instance.objects if instance is not None else ()
    if not objs and (instance is None or not instance.pattern.route.count("<")):
        return True  # "new" pages act for the user's own State or organisation
    user = world.user(persona)
    own_state = {"outsider": "KAZ", "partner": "TJK", "third": "KGZ"}.get(persona)
    for obj in objs:
        if own_state and getattr(obj, "iso3", None) == own_state:
            return True
        owner = getattr(root_record(obj), "state", None)
        if own_state and getattr(owner, "iso3", None) == own_state:
            return True  # the persona's own State's record (its plan, its event...)
        if persona == "provider" and obj in (world.objects["offer_osce"],):
            return True
        if (
            persona == "provider"
            and getattr(obj, "offer_id", None) == world.objects["offer_osce"].pk
        ):
            return bool(getattr(obj, "can_edit", lambda _user: False)(user))
    return False


def refused_writes_change_nothing(
    world: World, instances: list[Instance], forms: list[Form], persona: str
) -> int:
    """Try them all as `persona`; return how many writes were tried."""
    client = client_for(world, persona)
    by_path = {i.path: i for i in instances}
    attempts: list[tuple[str, str, Any]] = []
    for action, fields in forms:
        path = action.split("?")[0].split("#")[0]
        if not _may_change(world, persona, path, by_path.get(path)):
            attempts.append(("POST", action, fields))
    for instance in instances:
        if instance.pattern.name in SESSION_ONLY or _may_change(
            world, persona, instance.path, instance
        ):
            continue
        if instance.pattern.is_api:
            for method in sorted(instance.pattern.methods - {"GET"}):
                attempts.append((method, instance.path, None))
        else:
            attempts.append(("POST", instance.path, []))
    before = database_dump()
    refused_statuses: dict[int, int] = {}
    changed: list[str] = []
    for method, path, data in attempts:
        if method == "POST" and data is not None:
            response = client.post(path, data=_encode(data), content_type=FORM)
        else:
            body = json.dumps({})
            response = client.generic(method, path, body, content_type="application/json")
        refused_statuses[response.status_code] = refused_statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            changed.append(f"{method} {path} -> {response.status_code}")
    after = database_dump()
    sys.stdout.write(
        f"\n{persona}: {len(attempts)} refused writes tried, statuses {refused_statuses}\n"
    )
    if before != after:
        changed += _locate(world, persona, attempts) or [
            "the database changed, but no single request did it again: "
            + "; ".join(_diff(before, after))
        ]
    assert not changed, f"{persona} changed the database:\n" + "\n".join(changed)
    return len(attempts)


FORM = "application/x-www-form-urlencoded"


def _encode(fields: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def _locate(world: World, persona: str, attempts: list[tuple[str, str, Any]]) -> list[str]:
    """Replay one by one to name the request that changed something."""
    client = client_for(world, persona)
    found = []
    for method, path, data in attempts:
        before = database_dump()
        if method == "POST" and data is not None:
            client.post(path, data=_encode(data), content_type=FORM)
        else:
            client.generic(method, path, json.dumps({}), content_type="application/json")
        after = database_dump()
        if before != after:
            found.append(f"{method} {path}: " + "; ".join(_diff(before, after)))
    return found
