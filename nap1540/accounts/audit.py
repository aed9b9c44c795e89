"""The sharing acts as a history says them; registered from AccountsConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nap1540.core.audit import ActionType, Reading
from nap1540.core.text import join_list
from nap1540.core.visibility import Visibility


def _level(value: Any) -> str:
    return str(Visibility(value).label) if value in Visibility.values else str(value or "—")


def _level_change(reading: Reading) -> dict[str, Any]:
    return {
        "record": reading.subject,
        "old": _level(reading.data.get("from")),
        "new": _level(reading.data.get("to")),
    }


def _shares(reading: Reading) -> dict[str, Any]:
    return {
        "record": reading.subject,
        "states": join_list(reading.data.get("states") or []) or "—",
        "group": reading.data.get("group") or "",
    }


def _reason(reading: Reading) -> str:
    return str(reading.data.get("reason") or "")


def _through_group(reading: Reading) -> str:
    return "group" if reading.data.get("group") else ""


ACTIONS = (
    ActionType(
        "sharing.level_changed",
        _("%(actor)s changed who sees %(record)s from “%(old)s” to “%(new)s”."),
        _level_change,
        variants={
            "submitted": _(
                "%(actor)s submitted %(record)s to the Committee: who sees it went from "
                "“%(old)s” to “%(new)s”."
            )
        },
        pick=_reason,
        owner_only=True,
    ),
    ActionType(
        "sharing.shared",
        _("%(actor)s shared %(record)s with %(states)s."),
        _shares,
        variants={
            "group": _("%(actor)s shared %(record)s with %(states)s, through the group %(group)s.")
        },
        pick=_through_group,
        owner_only=True,
    ),
    ActionType(
        "sharing.withdrawn",
        _("%(actor)s withdrew %(record)s from %(states)s."),
        _shares,
        variants={"group": _("%(actor)s withdrew %(record)s from %(states)s (group %(group)s).")},
        pick=_through_group,
        owner_only=True,
    ),
)
