from datetime import date

import pytest
import time_machine

from nap1540.accounts import demo as accounts_demo
from nap1540.core.demo import DemoContext
from nap1540.plans import demo, reminders
from nap1540.plans.models import Plan, Review, Task
from nap1540.registry import demo as registry_demo


def _load() -> DemoContext:
    ctx = DemoContext()
    registry_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


@pytest.fixture
def ctx(db):
    return _load()


def test_demo_has_the_2014_plan_reviewed_in_tashkent_and_vienna(ctx):
    plan = ctx.objects["plan_2014"]
    assert plan.is_demo and plan.status == Plan.Status.SUPERSEDED
    assert {t.section_code[:3] for t in plan.tasks.all()} == {"OP1", "OP2", "OP3"}
    tashkent, vienna = ctx.objects["review_2016"], ctx.objects["review_2017"]
    assert (tashkent.held_on, vienna.held_on) == (date(2016, 12, 20), date(2017, 5, 22))
    assert round(tashkent.implementation_rate, 2) == 0.43
    assert vienna.implementation_rate == pytest.approx(0.7)
    assert (vienna.tasks_completed, vienna.tasks_due) == (7, 10)
    assert all(r.is_demo for r in Review.objects.filter(plan=plan))


def test_demo_successor_carries_over_the_three_unfinished_tasks(ctx):
    successor = ctx.objects["plan_2017"]
    assert successor.replaces == ctx.objects["plan_2014"]
    assert successor.period_start == date(2017, 1, 1)
    carried = successor.tasks.filter(carried_over_from__isnull=False)
    assert sorted(t.carried_over_from.number for t in carried) == ["11", "3", "8"]
    new = successor.tasks.filter(carried_over_from__isnull=True).order_by("order")
    # Two from the 2017 note, three of the focal point's dated from the day the demo loads.
    assert [t.number for t in new] == ["12", "13", "14", "15", "16"]
    assert all(t.is_demo for t in successor.tasks.all())


def test_demo_focal_point_has_tasks_to_update(ctx):
    focal = ctx.users["focal"]
    mes = ctx.objects["uzb_agencies"]["MES"]
    mine = Task.objects.visible_to(focal).current().filter(lead_agency=mes).open()
    assert sorted(mine.values_list("number", flat=True)) == ["11", "12", "14", "15", "16"]


@pytest.mark.parametrize("year", [2026, 2031])
def test_demo_focal_point_has_tasks_due_soon_and_one_just_overdue_in_any_year(db, year):
    with time_machine.travel(date(year, 3, 1), tick=False):
        ctx = _load()
        today = date(year, 3, 1)
        found = reminders.reminders_for(ctx.users["focal"])
    soon = [r.task.number for r in found if r.kind == "due_soon"]
    overdue = [r for r in found if r.kind == "overdue"]
    assert soon == ["14", "15"] and all(0 < r.days <= 30 for r in found if r.kind == "due_soon")
    assert [r.task.number for r in overdue if r.due_date.year == year] == ["16"]
    assert all(r.due_date < today for r in overdue)


def test_loading_the_demo_twice_changes_nothing(ctx):
    counts = (Plan.objects.count(), Task.objects.count(), Review.objects.count())
    again = _load()
    assert (Plan.objects.count(), Task.objects.count(), Review.objects.count()) == counts
    assert again.objects["plan_2017"] == ctx.objects["plan_2017"]


def test_demo_plan_pages_render(ctx, client):
    client.force_login(ctx.users["coordinator"])
    page = client.get(ctx.objects["plan_2014"].get_absolute_url()).content.decode()
    assert "Demo data" in page and "70\u00a0%" in page
    assert client.get(ctx.objects["plan_2017"].get_absolute_url()).status_code == 200
    assert client.get(f"/plans/{ctx.objects['plan_2017'].pk}/update-summary/").status_code == 200
