"""Reports are laid out once per version of what the viewer may see, then read from the cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nap1540.core.rendering import cache as document_cache
from nap1540.core.rendering.formats import fmt_date
from nap1540.events.tests.helpers import docx_texts, pdf_text
from nap1540.plans import services
from nap1540.registry.models import Group
from nap1540.reports import views

TODAY = date(2018, 1, 15)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the report views laid out (not those read from the cache)."""
    made: list[str] = []
    real = views.rendered_file

    def counting(doc: Any, fmt: str, name: str, **kwargs: Any) -> Any:
        made.append(f"{name}.{fmt}")
        return real(doc, fmt, name, **kwargs)

    monkeypatch.setattr(views, "rendered_file", counting)
    return made


def kept_files() -> int:
    return len(list(Path(cast(Any, caches["documents"])._dir).glob("*.djcache")))


def text(content: bytes, fmt: str) -> str:
    return "\n".join(docx_texts(content)) if fmt == "docx" else pdf_text(content)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_second_download_of_an_unchanged_plan_report_is_not_laid_out_again(
    personas: Any, plan: Any, renders: list[str], fmt: str
) -> None:
    client = personas.client("coordinator")
    url = reverse("reports:report_plan", args=[plan.pk, fmt])
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert renders == [f"plan-status-UZB-{plan.pk}.{fmt}"]
    # The kept file is found from a few stamps: the tasks are not read again row by row.
    assert len(warm) < len(cold)
    task_reads = [q["sql"] for q in warm if 'FROM "plans_task"' in q["sql"]]
    assert task_reads and all("COUNT(" in sql for sql in task_reads), task_reads
    # A private plan's report stays out of shared caches, from the cache as when laid out.
    assert again["Cache-Control"] == first["Cache-Control"] == "private, no-store"
    assert again["Content-Disposition"] == first["Content-Disposition"]


@time_machine.travel(TODAY, tick=False)
def test_a_changed_task_gives_a_new_report_and_the_old_file_is_dropped(
    personas: Any, plan: Any, renders: list[str]
) -> None:
    client = personas.client("coordinator")
    url = reverse("reports:report_plan", args=[plan.pk, "docx"])
    before = client.get(url).content
    files = kept_files()
    task = plan.tasks.get(number="4")
    services.update_task(task, by=personas.coordinator, title="Biosafety law adopted by decree")
    after = client.get(url).content
    assert len(renders) == 2
    assert "Biosafety law adopted by decree" in text(after, "docx")
    assert "Biosafety law adopted by decree" not in text(before, "docx")
    # The new version took the old one's place: one file per report, not one per change.
    assert kept_files() == files
    client.get(url)
    assert len(renders) == 2


@time_machine.travel(TODAY, tick=False)
def test_a_new_review_and_the_next_day_each_give_a_new_report(
    personas: Any, plan: Any, renders: list[str]
) -> None:
    from nap1540.plans.models import Review

    client = personas.client("coordinator")
    url = reverse("reports:report_plan", args=[plan.pk, "docx"])
    client.get(url)
    Review.objects.create(
        plan=plan, title="Mid-term review", held_on=date(2017, 10, 1), implementation_rate=0.5
    )
    reviewed = client.get(url).content
    assert "Mid-term review" in text(reviewed, "docx")
    with time_machine.travel(date(2018, 1, 16), tick=False):
        # "Status as of" and the days late move on with the calendar (a new day, a new login).
        tomorrow = personas.client("coordinator").get(url).content
    assert len(renders) == 3
    assert fmt_date(date(2018, 1, 16)) in text(tomorrow, "docx")
    assert fmt_date(date(2018, 1, 16)) not in text(reviewed, "docx")


@time_machine.travel(TODAY, tick=False)
def test_viewers_who_see_different_records_get_different_briefs(
    personas: Any, plan: Any, renders: list[str]
) -> None:
    group = Group.objects.create(code="UZB-KAZ", name="Uzbekistan and Kazakhstan", kind="other")
    group.members.set([personas.uzb, personas.kaz])
    url = reverse("reports:report_region", args=[group.code, "docx"])
    own = personas.client("coordinator").get(url)
    other = personas.client("outsider").get(url)
    assert own.status_code == other.status_code == 200
    assert plan.title in text(own.content, "docx")
    # The outsider never gets the file made for Uzbekistan: the private plan is not in it.
    assert plan.title not in text(other.content, "docx")
    assert len(renders) == 2
    # A viewer who may see exactly the same records shares the file already laid out.
    assert personas.client("viewer").get(url).content == own.content
    assert len(renders) == 2
    assert own["Cache-Control"] == "private, no-store"


@time_machine.travel(TODAY, tick=False)
def test_sharing_a_record_with_a_viewer_gives_them_a_new_brief(
    personas: Any, plan: Any, renders: list[str]
) -> None:
    from nap1540.core.visibility import Visibility

    group = Group.objects.create(code="UZB-KAZ", name="Uzbekistan and Kazakhstan", kind="other")
    group.members.set([personas.uzb, personas.kaz])
    url = reverse("reports:report_region", args=[group.code, "docx"])
    expert = personas.client("expert")
    assert plan.title not in text(expert.get(url).content, "docx")
    plan.visibility = Visibility.COMMITTEE
    plan.save(update_fields=["visibility"])
    assert plan.title in text(expert.get(url).content, "docx")
    assert len(renders) == 2


@time_machine.travel(TODAY, tick=False)
def test_the_language_is_part_of_the_key(
    personas: Any, plan: Any, renders: list[str], settings: Any
) -> None:
    client = personas.client("coordinator")
    url = reverse("reports:report_plan", args=[plan.pk, "pdf"])
    english = client.get(url, headers={"Accept-Language": "en"})
    french = client.get(url, headers={"Accept-Language": "fr"})
    assert len(renders) == 2
    assert "Plan status report" in text(english.content, "pdf")
    assert "Plan status report" not in text(french.content, "pdf")
    assert client.get(url, headers={"Accept-Language": "fr"}).content == french.content
    assert len(renders) == 2


@time_machine.travel(TODAY, tick=False)
def test_forgetting_all_documents_lays_the_next_download_out_again(
    personas: Any, plan: Any, renders: list[str]
) -> None:
    client = personas.client("coordinator")
    url = reverse("reports:report_plan", args=[plan.pk, "docx"])
    client.get(url)
    document_cache.forget_all()
    client.get(url)
    assert len(renders) == 2
