"""Who sees a record: its level, shares with chosen States, and the State's acts that change it.

Disclosure is the owning State's own, explicit act (decision 001): only the record's sharer
(`Shareable.can_share`, the State's national coordinator) widens or narrows it; widening to
the public needs a confirmation that names who will see it; narrowing is refused where
something depends on the wider level; every change is kept in the history with who and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core import audit
from nap1540.core.audit import AuditEvent, HistoryLine
from nap1540.core.text import quoted
from nap1540.core.visibility import (
    LEVEL_ORDER,
    Share,
    Shareable,
    Visibility,
    content_type_id,
    forget_cached_access,
    shareable_models,
)
from nap1540.registry.models import Group, State


class ConfirmationNeeded(ValidationError):
    """Publishing was asked for without the confirmation that names who will see the record."""


def audience_sentence(level: str) -> str:
    """Who reads a record at `level`, in words a coordinator confirms."""
    return {
        Visibility.PRIVATE: _("Only your State's users, and the States you share it with."),
        Visibility.COMMITTEE: _(
            "Your State's users, the 1540 Committee's experts and administrators, and the "
            "States you share it with."
        ),
        Visibility.PUBLIC: _(
            "Everyone: any visitor of this site, logged in or not, in every State and "
            "organisation, and anyone who downloads its documents or uses the API."
        ),
    }[Visibility(level)]


def initial_level(by: User | None, owner_id: int | None) -> str:
    """The level a new record starts at: its State's own, or the Committee's when an expert
    records it for a State (the Committee already holds what it writes down)."""
    from nap1540.core.visibility import principal

    p = principal(by)
    if p.is_expert and not p.belongs_to(owner_id):
        return Visibility.COMMITTEE
    return Visibility.PRIVATE


def submission_sentence() -> str:
    return _(
        "Submitting shares this record with the 1540 Committee: its experts and administrators "
        "will see it. It does not make it public; only your national coordinator can do that."
    )


def share_on_submission(record: Any, *, by: User | None, confirmed: bool) -> None:
    """Submitting to the Committee is a disclosure to it: a private record becomes Committee.

    Called inside the submitting service's transaction, after its own permission check (only
    those who already see the record submit it, so only the owner submits a private one).
    """
    if record.visibility != Visibility.PRIVATE:
        return
    if not confirmed:
        raise ConfirmationNeeded(
            _("Confirm the submission: %(what)s") % {"what": submission_sentence()}
        )
    type(record).objects.filter(pk=record.pk).update(visibility=Visibility.COMMITTEE)
    record.visibility = Visibility.COMMITTEE
    AuditEvent.record(
        "sharing.level_changed",
        target=record,
        by=by,
        data={"from": Visibility.PRIVATE, "to": Visibility.COMMITTEE, "reason": "submitted"},
    )


def _check_sharer(record: Shareable, by: User) -> None:
    if not record.can_share(by):
        raise PermissionDenied(
            _(
                "Only the national coordinator of the State that owns this record decides "
                "who sees it."
            )
        )


def _lock(record: Any) -> Any:
    return type(record).objects.select_for_update().get(pk=record.pk)


@transaction.atomic
def set_level(record: Any, *, level: str, by: User, confirmed: bool = False) -> Any:
    """Change a record's level; publishing needs `confirmed`, narrowing may be refused."""
    if level not in Visibility.values:
        raise ValidationError(
            _("Choose private, committee or public; %(value)s is not a level.")
            % {"value": quoted(level)}
        )
    _check_sharer(record, by)
    locked = _lock(record)
    old = locked.visibility
    if old == level:
        return locked
    if level == Visibility.PUBLIC and not confirmed:
        raise ConfirmationNeeded(
            _("Publishing needs your confirmation: %(who)s")
            % {"who": audience_sentence(Visibility.PUBLIC)}
        )
    if LEVEL_ORDER[Visibility(level)] < LEVEL_ORDER[Visibility(old)]:
        blockers = locked.narrowing_blockers(level)
        if blockers:
            raise ValidationError(blockers)
    locked.visibility = level
    fields = ["visibility"]
    if hasattr(locked, "updated_at"):
        locked.updated_at = timezone.now()
        fields.append("updated_at")
    locked.save(update_fields=fields)
    AuditEvent.record(
        "sharing.level_changed", target=locked, by=by, data={"from": old, "to": level}
    )
    record.visibility = level
    return locked


def _readers(states: Iterable[State], owner_id: int | None) -> list[State]:
    return [s for s in states if s.pk != owner_id]


@transaction.atomic
def share_with(
    record: Any, *, by: User, states: Iterable[State] = (), group: Group | None = None
) -> list[Share]:
    """Open a record to chosen States, or to a group's members as they are today."""
    _check_sharer(record, by)
    locked = _lock(record)
    chosen = list(states)
    if group is not None:
        chosen += list(group.members.all())
    readers = _readers({s.pk: s for s in chosen}.values(), locked.owner_id)
    if not readers:
        raise ValidationError(_("Choose at least one other State, or a group with other members."))
    ct = content_type_id(type(locked))
    existing = set(
        Share.objects.filter(content_type_id=ct, object_id=locked.pk).values_list(
            "state_id", flat=True
        )
    )
    new = [
        Share(
            content_type_id=ct,
            object_id=locked.pk,
            state=s,
            group=group,
            shared_by=by,
        )
        for s in readers
        if s.pk not in existing
    ]
    Share.objects.bulk_create(new)
    if new:
        AuditEvent.record(
            "sharing.shared",
            target=locked,
            by=by,
            data={
                "states": sorted(s.state.iso3 for s in new),
                "group": group.code if group else "",
            },
        )
    forget_cached_access(by)
    return new


@transaction.atomic
def withdraw(
    record: Any, *, by: User, state: State | None = None, group: Group | None = None
) -> int:
    """Close a record again to one State, or to every State it was shared with through a group."""
    _check_sharer(record, by)
    locked = _lock(record)
    rows = Share.objects.filter(content_type_id=content_type_id(type(locked)), object_id=locked.pk)
    if state is not None:
        rows = rows.filter(state=state)
    elif group is not None:
        rows = rows.filter(group=group)
    else:
        raise ValidationError(_("Say which State or group to stop sharing with."))
    codes = sorted(rows.values_list("state__iso3", flat=True))
    if not codes:
        raise ValidationError(_("This record is not shared with that State or group."))
    rows.delete()
    AuditEvent.record(
        "sharing.withdrawn",
        target=locked,
        by=by,
        data={"states": codes, "group": group.code if group else ""},
    )
    forget_cached_access(by)
    return len(codes)


@dataclass(frozen=True)
class ShareLine:
    """One line of "shared with": a group (with its member States) or one State."""

    group: Group | None
    states: list[State]
    shared_at: Any
    shared_by: Any


def shares_of(record: models.Model) -> list[ShareLine]:
    """The record's shares, grouped as the State made them (by group, then single States)."""
    rows = (
        Share.objects.filter(content_type_id=content_type_id(type(record)), object_id=record.pk)
        .select_related("state", "group", "shared_by")
        .order_by("group__name", "state__name")
    )
    by_group: dict[int | None, list[Share]] = {}
    for row in rows:
        by_group.setdefault(row.group_id, []).append(row)
    lines = []
    for group_id, shares in by_group.items():
        if group_id is None:
            lines += [ShareLine(None, [s.state], s.shared_at, s.shared_by) for s in shares]
        else:
            first = shares[0]
            lines.append(
                ShareLine(first.group, [s.state for s in shares], first.shared_at, first.shared_by)
            )
    return sorted(lines, key=lambda line: (line.group is None, str(line.group or line.states[0])))


def sharing_history(record: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.for_target(record).filter(action__startswith="sharing.")


# --- the one sharing page and API: which records, found for whom ---------------------------


def record_for(user: Any, kind: str, pk: int) -> Any:
    """The record `user` may see, or Http404 worded alike for missing and not shared."""
    from django.http import Http404

    from nap1540.core.access import get_visible

    model = shareable_models().get(kind)
    if model is None:
        raise Http404(_("No such record, or it is not shared with you."))
    return get_visible(model._default_manager.all(), user, pk)


def history_lines(record: models.Model, viewer: Any) -> list[HistoryLine]:
    """The sharing history of a record, as sentences in the reader's language."""
    return audit.history_lines(sharing_history(record).order_by("-created_at", "-id"), viewer)
