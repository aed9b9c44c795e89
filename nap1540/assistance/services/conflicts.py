"""Concurrent edits: merge what a person changed into the row read under the lock, and
refuse (`ChangedMeanwhile`, naming who) a field someone else saved since they read it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.text import join_list


class ChangedMeanwhile(ValidationError):
    """Someone saved the same field since this person read it; `fields` names them."""

    def __init__(self, record: Any, fields: list[str], *, by: User | None) -> None:
        self.fields = fields
        labels = join_list(str(type(record)._meta.get_field(n).verbose_name) for n in fields)
        if by is not None:
            message = _(
                "Not saved: %(fields)s was changed by %(user)s since you opened this page. "
                "The current value is shown; make your change again if it still applies."
            ) % {"fields": labels, "user": by.get_username()}
        else:
            message = _(
                "Not saved: %(fields)s was changed by someone else since you opened this "
                "page. The current value is shown; make your change again if it still applies."
            ) % {"fields": labels}
        super().__init__(message, code="changed_meanwhile")


def last_writer(record: Any, action: str, fields: list[str], **data: Any) -> User | None:
    """Who last saved one of `fields` of `record`, from the audit trail."""
    events = AuditEvent.objects.filter(
        action=action, target_type=record._meta.label_lower, target_id=str(record.pk)
    )
    for key, value in data.items():
        events = events.filter(**{f"data__{key}": value})
    for event in events.select_related("actor")[:20]:
        # An item's event lists its fields; a request's event is keyed by them.
        written = event.data["fields"] if "fields" in event.data else list(event.data)
        if set(written) & set(fields):
            return event.actor
    return None


def merge_changes(
    locked: Any, values: dict[str, Any], read: dict[str, Any] | None
) -> tuple[list[str], list[str]]:
    """Apply `values` to the row read under the lock: (fields changed, fields in conflict).

    A field is in conflict when its stored value is neither what this person read nor what
    they now send: someone else saved it meanwhile.
    """
    changed, conflicts = [], []
    for name, value in values.items():
        current = getattr(locked, name)
        if current == value:
            continue
        if read is not None and name in read and read[name] != current:
            conflicts.append(name)
            continue
        setattr(locked, name, value)
        changed.append(name)
    return changed, conflicts


def show_to_caller(caller: Any, saved: Any) -> None:
    if caller is saved:
        return
    for f in type(saved)._meta.concrete_fields:
        setattr(caller, f.attname, getattr(saved, f.attname))
    caller._state.fields_cache.clear()
