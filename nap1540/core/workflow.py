"""Step tables: a record's procedure declared once, read by the pages, the API and the buttons.

A `Workflow` is an ordered table of `Step`s over records that carry a status. A step is one
action: its name (the code a button or the API sends), the statuses it goes from and the one
it goes to, who may press it (a guard given the actor's principal and the record, returning
why not, or None), its translated button label and optional confirmation, and the function
that makes it (and records its history: audit event, transition row).

- `available(record, user)`: the buttons to show that user now, in the table's order.
- `perform(name, record, by=user, **data)`: checks the same guard and state again, refuses with
  `PermissionDenied` (who) or `ValidationError` (when), and makes the step in one transaction.
- `advance(name, record, **data)`: the system makes a step (a timer): the state is checked,
  nobody's rights. A step without a guard is made only this way; no one presses it.

Core names no app: a record is anything with a status attribute (`status` unless told).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nap1540.core.visibility import AnyUser, Principal, principal

R = TypeVar("R")
Text = str | Promise
OUT_OF_ORDER = gettext_lazy("“%(action)s” is not possible while the status is “%(status)s”.")


@dataclass(frozen=True)
class Step(Generic[R]):
    """One action of a procedure; `refused` may name `%(status)s`, `%(step)s` and `%(action)s`."""

    name: str
    label: Text
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (an event within a step, such as an objection)
    run: Callable[..., R]  # run(record, *, by, **data); writes and records the history
    guard: Callable[[Principal, R], Text | None] | None  # None: made by the system only
    when: Callable[[R], Text | None] | None = None  # what else the record must be, or why not
    refused: Text = OUT_OF_ORDER
    confirm: Text = ""  # a sentence the person confirms with the button (`confirmed=True`)
    style: str = ""  # how the button looks: "", "secondary" or "danger"


def _lock(record: Any) -> None:
    """Re-read a saved model instance in place under a row lock (others wait until commit)."""
    if isinstance(record, models.Model) and record.pk is not None:
        manager = type(record)._default_manager
        record.refresh_from_db(from_queryset=manager.select_for_update())


class Workflow(Generic[R]):
    """An ordered table of steps; `labels` names the statuses in refusals."""

    def __init__(
        self, steps: Iterable[Step[R]], *, labels: Mapping[str, Text], field: str = "status"
    ) -> None:
        self.steps: dict[str, Step[R]] = {}
        for step in steps:
            if step.name in self.steps:
                raise ValueError(f"two steps are named {step.name!r}")
            self.steps[step.name] = step
        self.labels = labels
        self.field = field

    def __iter__(self) -> Iterator[Step[R]]:
        return iter(self.steps.values())

    def step(self, name: str) -> Step[R]:
        try:
            return self.steps[name]
        except KeyError:
            raise ValidationError(_("Unknown action “%(value)s”.") % {"value": name}) from None

    def blocked(self, name: str, record: R) -> str | None:
        """Why the record cannot take this step now (its status, its state), or None."""
        step = self.step(name)
        status = getattr(record, self.field)
        if status not in step.sources:
            target = step.target
            return str(step.refused) % {
                "status": self.labels.get(status, status),
                "step": self.labels.get(target, target) if target else step.label,
                "action": step.label,
            }
        reason = step.when(record) if step.when else None
        return None if reason is None else str(reason)

    def refusal(
        self, name: str, record: R, user: AnyUser
    ) -> PermissionDenied | ValidationError | None:
        """What `perform` would raise for this user now: who is checked first, then when."""
        step = self.step(name)
        if step.guard is None:
            return PermissionDenied(_("This step is not made by hand."))
        reason = step.guard(principal(user), record)
        if reason is not None:
            return PermissionDenied(str(reason))
        blocked = self.blocked(name, record)
        return None if blocked is None else ValidationError(blocked)

    def available(self, record: R, user: AnyUser) -> list[Step[R]]:
        """The steps this user may take now: the buttons to show, in the table's order."""
        return [s for s in self if self.refusal(s.name, record, user) is None]

    def perform(self, name: str, record: R, *, by: AnyUser, **data: Any) -> R:
        """A person presses the button: checked again, then made in one transaction."""
        refusal = self.refusal(name, record, by)
        if refusal is not None:
            raise refusal
        with transaction.atomic():
            # Checked again on the row as it is now: two people pressing at once make the
            # step once, and the second is told why not.
            _lock(record)
            refusal = self.refusal(name, record, by)
            if refusal is not None:
                raise refusal
            return self.steps[name].run(record, by=by, **data)

    def advance(self, name: str, record: R, **data: Any) -> R:
        """The system makes the step (a timer, a replay): the state is checked, no one's rights."""
        blocked = self.blocked(name, record)
        if blocked is not None:
            raise ValidationError(blocked)
        with transaction.atomic():
            _lock(record)
            blocked = self.blocked(name, record)
            if blocked is not None:
                raise ValidationError(blocked)
            return self.steps[name].run(record, **data)
