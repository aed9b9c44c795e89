"""The step table on a plain record: who sees which button, and what pressing it does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nap1540.core import workflow as core_workflow
from nap1540.core.visibility import Principal
from nap1540.core.workflow import Step, Workflow


@dataclass
class Door:
    status: str = "shut"
    jammed: bool = False
    log: list[tuple[str, Any]] = field(default_factory=list)


@dataclass
class Person:
    """A user as core sees it (`core.visibility.Actor`)."""

    roles: Principal
    pk: int = 1
    is_authenticated: bool = True

    def load_principal(self) -> Principal:
        return self.roles


KEEPER = Person(Principal(user_id=1, is_expert=True))
VISITOR = Person(Principal(user_id=2), pk=2)


def keepers(p: Principal, door: Door) -> str | None:
    return None if p.is_expert else "Only the keeper holds the key."


def not_jammed(door: Door) -> str | None:
    return "The door is jammed." if door.jammed else None


def move(to: str) -> Any:
    def run(door: Door, *, by: Any = None, **data: Any) -> Door:
        door.status = to
        door.log.append((to, by, *sorted(data.items())))
        return door

    return run


DOORS: Workflow[Door] = Workflow(
    [
        Step(
            name="open",
            label="Open",
            sources=("shut",),
            target="open",
            guard=lambda p, door: None if p.is_authenticated else "Sign in first.",
            when=not_jammed,
            run=move("open"),
        ),
        Step(
            name="lock",
            label="Lock",
            sources=("shut",),
            target="locked",
            guard=keepers,
            refused="A door that is “%(status)s” cannot be “%(step)s”.",
            confirm="Nobody gets in until it is unlocked.",
            style="danger",
            run=move("locked"),
        ),
        Step(
            name="close",
            label="Close",
            sources=("open",),
            target="shut",
            guard=None,  # the door closes by itself
            run=move("shut"),
        ),
    ],
    labels={"shut": "Shut", "open": "Open", "locked": "Locked"},
)


@pytest.fixture
def atomic_blocks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each transaction the workflow opens (the run inside it appends its status)."""
    opened: list[str] = []

    @contextmanager
    def atomic() -> Iterator[None]:
        opened.append("begin")
        yield
        opened.append("commit")

    monkeypatch.setattr(core_workflow.transaction, "atomic", atomic)
    return opened


def names(steps: list[Step[Door]]) -> list[str]:
    return [s.name for s in steps]


def test_the_buttons_are_the_steps_the_guard_admits_from_this_status_in_order() -> None:
    assert names(DOORS.available(Door(), KEEPER)) == ["open", "lock"]
    assert names(DOORS.available(Door(), VISITOR)) == ["open"]
    assert names(DOORS.available(Door(), None)) == []
    assert names(DOORS.available(Door(status="open"), KEEPER)) == []  # "close" is the system's


def test_a_step_the_record_is_not_ready_for_shows_no_button() -> None:
    assert names(DOORS.available(Door(jammed=True), KEEPER)) == ["lock"]


def test_perform_checks_the_guard_before_the_status(atomic_blocks: list[str]) -> None:
    with pytest.raises(PermissionDenied, match="Only the keeper holds the key"):
        DOORS.perform("lock", Door(status="open"), by=VISITOR)
    assert atomic_blocks == []


def test_perform_refuses_out_of_order_with_the_labels_of_the_statuses() -> None:
    with pytest.raises(ValidationError) as refused:
        DOORS.perform("lock", Door(status="open"), by=KEEPER)
    assert refused.value.messages == ["A door that is “Open” cannot be “Locked”."]
    with pytest.raises(ValidationError) as refused:
        DOORS.perform("open", Door(status="locked"), by=KEEPER)
    assert refused.value.messages == ["“Open” is not possible while the status is “Locked”."]


def test_perform_refuses_what_the_record_is_not_ready_for() -> None:
    with pytest.raises(ValidationError, match="The door is jammed"):
        DOORS.perform("open", Door(jammed=True), by=KEEPER)


def test_perform_runs_the_step_in_a_transaction_with_the_data(atomic_blocks: list[str]) -> None:
    door = Door()
    assert DOORS.perform("lock", door, by=KEEPER, note="night", confirmed=True) is door
    assert door.status == "locked"
    assert door.log == [("locked", KEEPER, ("confirmed", True), ("note", "night"))]
    assert atomic_blocks == ["begin", "commit"]


def test_nobody_presses_a_step_of_the_system_but_the_system_makes_it(
    atomic_blocks: list[str],
) -> None:
    door = Door(status="open")
    with pytest.raises(PermissionDenied, match="not made by hand"):
        DOORS.perform("close", door, by=KEEPER)
    DOORS.advance("close", door)
    assert door.status == "shut" and atomic_blocks == ["begin", "commit"]
    with pytest.raises(ValidationError):
        DOORS.advance("close", door)  # the status is still checked


def test_an_unknown_action_is_named_in_the_refusal() -> None:
    with pytest.raises(ValidationError, match="Unknown action “kick”"):
        DOORS.perform("kick", Door(), by=KEEPER)


def test_refusal_is_what_perform_would_raise() -> None:
    assert DOORS.refusal("lock", Door(), KEEPER) is None
    assert isinstance(DOORS.refusal("lock", Door(), VISITOR), PermissionDenied)
    assert isinstance(DOORS.refusal("open", Door(jammed=True), VISITOR), ValidationError)
    assert DOORS.blocked("open", Door(jammed=True)) == "The door is jammed."


def test_the_table_keeps_its_order_and_its_confirmations() -> None:
    assert [s.name for s in DOORS] == ["open", "lock", "close"]
    lock = DOORS.step("lock")
    assert (lock.confirm, lock.style, lock.target) == (
        "Nobody gets in until it is unlocked.",
        "danger",
        "locked",
    )


def test_two_steps_cannot_share_a_name() -> None:
    step = DOORS.step("open")
    with pytest.raises(ValueError, match="'open'"):
        Workflow([step, step], labels={})
