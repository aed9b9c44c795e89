from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nap1540.plans.rates import (
    Change,
    TaskState,
    breakdown,
    compare,
    format_rate,
    implementation_rate,
    is_counted,
)

AS_OF = date(2017, 5, 22)
PAST = date(2016, 12, 31)
FUTURE = date(2018, 1, 1)


def test_no_tasks_due_gives_no_rate_rather_than_zero():
    rate = implementation_rate(
        [TaskState("in_progress", 50, FUTURE), TaskState("not_started", 0, FUTURE)], as_of=AS_OF
    )
    assert rate.counted == 0
    assert rate.rate is None
    assert rate.progress_rate is None
    assert rate.not_yet_due == 2


def test_an_empty_plan_has_no_rate():
    assert implementation_rate([], as_of=AS_OF).rate is None


def test_rate_is_completed_over_tasks_due():
    tasks = [TaskState("completed", 100, PAST)] * 7 + [TaskState("in_progress", 40, PAST)] * 3
    rate = implementation_rate(tasks, as_of=AS_OF)
    assert (rate.completed, rate.counted) == (7, 10)
    assert rate.rate == 0.7
    assert rate.progress_rate == (700 + 120) / 1000


def test_cancelled_tasks_are_excluded_even_when_due_or_at_full_progress():
    tasks = [
        TaskState("completed", 100, PAST),
        TaskState("cancelled", 100, PAST),
        TaskState("cancelled", 0, None),
        TaskState("delayed", 20, PAST),
    ]
    rate = implementation_rate(tasks, as_of=AS_OF)
    assert rate.counted == 2
    assert rate.rate == 0.5
    assert rate.cancelled == 2
    assert rate.total == 4


def test_a_plan_whose_tasks_are_all_cancelled_has_no_rate():
    rate = implementation_rate([TaskState("cancelled", 0, PAST)] * 3, as_of=AS_OF)
    assert rate.rate is None


def test_a_task_completed_before_its_due_date_counts_so_the_rate_stays_within_one():
    tasks = [TaskState("completed", 100, FUTURE), TaskState("in_progress", 10, FUTURE)]
    rate = implementation_rate(tasks, as_of=AS_OF)
    assert (rate.completed, rate.counted) == (1, 1)
    assert rate.rate == 1.0


def test_a_task_due_on_the_review_date_is_due():
    assert is_counted(TaskState("not_started", 0, AS_OF), as_of=AS_OF)


def test_a_task_without_due_date_is_due_at_the_end_of_the_period():
    task = TaskState("in_progress", 50, None)
    assert not is_counted(task, as_of=AS_OF, default_due=FUTURE)
    assert is_counted(task, as_of=AS_OF, default_due=PAST)
    assert not is_counted(task, as_of=AS_OF)


def test_completed_task_counts_as_full_progress_whatever_progress_says():
    rate = implementation_rate([TaskState("completed", 30, PAST)], as_of=AS_OF)
    assert rate.progress_rate == 1.0


def test_a_carried_over_task_counts_against_its_new_due_date():
    # In the successor plan, the task's original due date (2016) has passed but its new
    # one (2021) has not: it is not due yet, and the rate is not dragged down by it.
    carried = TaskState("in_progress", 60, date(2021, 12, 31), carried_over=True)
    fresh = TaskState("completed", 100, date(2017, 3, 1))
    rate = implementation_rate([carried, fresh], as_of=AS_OF)
    assert (rate.completed, rate.counted, rate.carried_over) == (1, 1, 0)
    later = implementation_rate([carried, fresh], as_of=date(2022, 1, 1))
    assert (later.completed, later.counted, later.carried_over) == (1, 2, 1)
    assert later.rate == 0.5


def test_carrying_a_task_over_leaves_the_old_plans_rate_as_it_was():
    # The original stays in the old plan, due and not completed: the old plan's rate
    # does not improve because the work moved to the next plan.
    old_plan = [TaskState("completed", 100, PAST), TaskState("in_progress", 60, PAST)]
    assert implementation_rate(old_plan, as_of=AS_OF).rate == 0.5


def test_breakdown_groups_by_key_in_first_seen_order():
    items = [
        ("OP1", TaskState("completed", 100, PAST)),
        ("OP3", TaskState("in_progress", 50, FUTURE)),
        ("OP1", TaskState("in_progress", 20, PAST)),
        ("OP3", TaskState("cancelled", 0, PAST)),
    ]
    groups = breakdown(items, as_of=AS_OF)
    assert [g.key for g in groups] == ["OP1", "OP3"]
    op1, op3 = groups
    assert op1.rate.rate == 0.5
    assert op1.mean_progress == 60
    assert op3.rate.rate is None
    assert op3.mean_progress == 50


def test_compare_reports_status_and_progress_changes_and_new_tasks():
    before = {1: ("in_progress", 40), 2: ("not_started", 0), 3: ("completed", 100)}
    after = {
        1: ("completed", 100),
        2: ("not_started", 0),
        3: ("completed", 100),
        4: ("in_progress", 10),
    }
    changes = {c.key: c for c in compare(before, after)}
    assert changes[1].kind == "status"
    assert changes[1].newly_completed
    assert changes[1].progress_delta == 60
    assert changes[2].kind == "unchanged"
    assert not changes[3].newly_completed
    assert changes[4].kind == "added"


def test_compare_reports_tasks_missing_from_the_later_review():
    changes = compare({1: ("in_progress", 10)}, {})
    assert [c.kind for c in changes] == ["removed"]


def test_a_progress_only_change_is_reported_as_progress():
    assert Change(1, ("in_progress", 10), ("in_progress", 35)).kind == "progress"


def test_format_rate_rounds_and_shows_a_dash_when_not_measurable():
    assert format_rate(0.7) == "70\u00a0%"
    assert format_rate(2 / 3) == "67\u00a0%"
    assert format_rate(None) == "\u2014"


STATUSES = st.sampled_from(["not_started", "in_progress", "completed", "delayed", "cancelled"])
TASKS = st.lists(
    st.builds(
        TaskState,
        status=STATUSES,
        progress=st.integers(min_value=0, max_value=100),
        due=st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2030, 1, 1))),
    ),
    max_size=40,
)


@given(TASKS, st.dates(date(2010, 1, 1), date(2030, 1, 1)))
def test_rates_stay_between_zero_and_one_and_progress_is_never_below_completion(tasks, as_of):
    rate = implementation_rate(tasks, as_of=as_of, default_due=date(2020, 1, 1))
    assert rate.completed <= rate.counted <= rate.total - rate.cancelled
    if rate.counted:
        assert rate.rate is not None and rate.progress_rate is not None
        assert 0 <= rate.rate <= 1
        assert rate.rate <= rate.progress_rate <= 1
    else:
        assert rate.rate is None


@given(TASKS, st.dates(date(2010, 1, 1), date(2030, 1, 1)))
def test_breakdown_adds_up_to_the_whole(tasks, as_of):
    items = [(i % 3, t) for i, t in enumerate(tasks)]
    whole = implementation_rate(tasks, as_of=as_of)
    parts = breakdown(items, as_of=as_of)
    assert sum(g.rate.counted for g in parts) == whole.counted
    assert sum(g.rate.completed for g in parts) == whole.completed
