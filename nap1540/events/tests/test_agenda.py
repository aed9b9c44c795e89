"""Draft agenda of a review meeting from due, overdue and blocked tasks and matrix changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from nap1540.core.rendering.files import render
from nap1540.core.visibility import Visibility
from nap1540.events.agenda import agenda_document, draft_agenda
from nap1540.events.tests.helpers import assert_in_order, docx_texts


def test_agenda_lists_overdue_blocked_and_due_tasks(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    from nap1540.plans.models import Review

    Review.objects.create(plan=plan, title="First review", held_on=date(2017, 6, 1))
    event = event_factory(
        Visibility.PRIVATE,
        kind="review_meeting",
        plan=plan,
        starts_on=date(2018, 1, 10),
        ends_on=date(2018, 1, 11),
    )
    agenda = draft_agenda(event, personas.coordinator)
    assert agenda is not None
    assert agenda.since == date(2017, 6, 1)
    assert [t.number for t in agenda.overdue] == ["5", "4"]  # by due date
    assert [t.number for t in agenda.blocked] == ["3"]
    assert [t.number for t in agenda.due] == ["2"]  # due 31 Mar 2018, within six months
    assert [t.number for t in agenda.completed] == ["1"]
    texts = "\n".join(docx_texts(render(agenda_document(agenda), "docx")))
    assert_in_order(
        texts,
        ["Draft agenda", "Overdue tasks (2)", "Blocked or delayed tasks (1)", "Overdue tasks",
         "Outreach to industry", "Blocked or delayed tasks", "Secure radioactive sources",
         "Changes to the 1540 matrix"],
    )  # fmt: skip
    page = personas.client("coordinator").get(reverse("events:agenda", args=[event.slug]))
    assert "Secure radioactive sources" in page.content.decode()
    api = personas.client("coordinator").get(f"/api/v1/events/{event.slug}/agenda").json()
    assert [t["number"] for t in api["overdue"]] == ["5", "4"]
    pdf = personas.client("coordinator").get(
        reverse("events:agenda_download", args=[event.slug, "pdf"])
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_public_event_does_not_reveal_a_private_plans_tasks(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    event = event_factory(Visibility.PUBLIC, kind="review_meeting", plan=plan)
    assert draft_agenda(event, personas.outsider) is None
    page = personas.client("outsider").get(reverse("events:agenda", args=[event.slug]))
    assert page.status_code == 200
    assert "Secure radioactive sources" not in page.content.decode()
    assert personas.client("outsider").get(f"/api/v1/events/{event.slug}/agenda").status_code == 404
    detail = personas.client("outsider").get(f"/api/v1/events/{event.slug}").json()
    assert detail["plan_id"] is None


def test_agenda_includes_matrix_changes_since_the_last_review(
    personas: Any, plan: Any, event_factory: Any, monkeypatch: Any
) -> None:
    from datetime import UTC, datetime

    from nap1540.matrix import services as matrix_services

    class FakeMatrix:
        def is_visible_to(self, user: Any) -> bool:
            return True

    class FakeChange:
        field_key, label, section = "OP3-12", "Export licensing", "OP3(d)"
        mark_before, mark_after = "", "X"
        changed_at = datetime(2017, 12, 1, tzinfo=UTC)
        matrix = FakeMatrix()

    seen: list[Any] = []

    class LaterChange(FakeChange):
        field_key = "OP3-13"
        changed_at = datetime(2019, 3, 1, tzinfo=UTC)  # after the meeting: not on its agenda

    def fake_changes_since(state: Any, since: Any) -> list[Any]:
        seen.append((state, since))
        return [FakeChange(), LaterChange()]

    monkeypatch.setattr(matrix_services, "changes_since", fake_changes_since)
    event = event_factory(
        Visibility.PRIVATE, kind="review_meeting", plan=plan,
        starts_on=date(2018, 1, 10), ends_on=date(2018, 1, 10),
    )  # fmt: skip
    agenda = draft_agenda(event, personas.coordinator)
    assert agenda is not None and len(agenda.matrix_changes) == 1
    assert seen[0][0] == personas.uzb and seen[0][1].date() == date(2017, 1, 1)
    texts = "\n".join(docx_texts(render(agenda_document(agenda), "docx")))
    assert "OP3-12 Export licensing" in texts


def test_an_overdue_delayed_task_is_counted_as_delayed_too(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    # Task 3 is delayed and due 30 Jun 2019: at a 2020 meeting it is overdue as well. The
    # agenda must not list a "Delayed" task while announcing "Blocked or delayed tasks (0)".
    from nap1540.events.agenda import agenda_items
    from nap1540.plans.models import Review

    Review.objects.create(plan=plan, title="Mid-term review", held_on=date(2019, 12, 5))
    event = event_factory(
        Visibility.PRIVATE,
        kind="review_meeting",
        plan=plan,
        starts_on=date(2020, 3, 10),
        ends_on=date(2020, 3, 11),
    )
    agenda = draft_agenda(event, personas.coordinator)
    assert agenda is not None
    assert "3" in [t.number for t in agenda.overdue]
    assert [t.number for t in agenda.blocked] == ["3"]
    items = agenda_items(agenda)
    assert "Blocked or delayed tasks (1)." in items
    # The review is named by its date, in a sentence that reads, not by its raw title.
    assert items[1].startswith("Implementation of the plan since the last review (5 December 2019)")
