"""Task reminders by e-mail: each person's unread reminders, in their language, once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail

from nap1540.plans import reminders, services


@pytest.fixture
def addressed(personas: Any, settings: Any) -> Any:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://nap1540.example.org"
    for user, address in ((personas.focal, "focal@mes.uz"), (personas.coordinator, "nc@mfa.uz")):
        user.email = address
        user.save(update_fields=["email"])
    return personas


@time_machine.travel(date(2015, 1, 3))
def test_each_person_gets_their_reminders_once(addressed: Any, plan: Any) -> None:
    assert reminders.email_reminders() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    focal = by_address["focal@mes.uz"]
    assert focal.subject == "nap1540: 2 tasks need your attention"
    # Tasks 1 and 3 are led by the focal point's agency; task 2 by another agency.
    assert "1 Task 1 (National action plan): overdue by 1 day" in focal.body
    assert "3 Task 3 (National action plan): due in 1 day" in focal.body
    assert "Task 2" not in focal.body
    task_1 = plan.tasks.get(number="1")
    assert f"https://nap1540.example.org{task_1.get_absolute_url()}" in focal.body
    assert "https://nap1540.example.org/plans/inbox/" in focal.body
    coordinator = by_address["nc@mfa.uz"]
    assert "Task 1" in coordinator.body  # every task of the State, the focal point's or not
    assert "2 Task 2 (National action plan): due today" in coordinator.body
    # The next run (the same day, or cron running twice) sends nothing again.
    assert reminders.email_reminders() == 0
    assert len(mail.outbox) == 2


@time_machine.travel(date(2015, 1, 3))
def test_read_dismissed_and_address_less_people_get_nothing(addressed: Any, plan: Any) -> None:
    keys = [r.key for r in reminders.reminders_for(addressed.focal)]
    reminders.mark(addressed.focal, keys[:1], dismissed=True)
    reminders.mark(addressed.focal, keys[1:], read=True)
    addressed.coordinator.email = ""
    addressed.coordinator.save(update_fields=["email"])
    assert reminders.email_reminders() == 0
    assert mail.outbox == []


@time_machine.travel(date(2015, 1, 3))
def test_a_new_due_date_is_a_new_reminder(addressed: Any, plan: Any) -> None:
    reminders.email_reminders()
    mail.outbox.clear()
    task = plan.tasks.get(number="3")
    services.update_task(task, by=addressed.coordinator, due_date=date(2015, 1, 20))
    assert reminders.email_reminders() == 2  # the focal point and the coordinator
    assert all("3 Task 3" in m.body and "due in 17 days" in m.body for m in mail.outbox)
    assert all("Task 1" not in m.body for m in mail.outbox)


@time_machine.travel(date(2015, 1, 3))
def test_the_message_is_in_the_readers_language(addressed: Any, plan: Any) -> None:
    addressed.focal.preferred_language = "fr"
    addressed.focal.save(update_fields=["preferred_language"])
    reminders.email_reminders()
    focal = next(m for m in mail.outbox if m.to == ["focal@mes.uz"])
    assert focal.subject == "nap1540 : 2 tâches demandent votre attention"
    assert "en retard de 1 jour" in focal.body
    coordinator = next(m for m in mail.outbox if m.to == ["nc@mfa.uz"])
    assert coordinator.subject.startswith("nap1540: 3 tasks")
