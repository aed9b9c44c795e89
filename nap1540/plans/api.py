"""Plans API under /api/v1/plans/: plans, tasks, reviews, task updates, rate history.

Reads start from `visible_to(user)`; writes go through `plans.access` (404 when
the object is not visible, 403 when it is visible but read-only) and the
services. A task's PATCH carries its `lock_version`: if someone changed the task
since, the answer is 409 with the current version.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from nap1540.accounts.auth import acting_user
from nap1540.core.http.pagination import Pagination
from nap1540.core.references import viewer, visible_id, visible_ids
from nap1540.core.visibility import Visibility
from nap1540.plans import access, services
from nap1540.plans.models import Plan, Review, Task, TaskUpdate
from nap1540.registry import access as registry_access

router = Router(tags=["plans"])


# --- schemas ------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    current_lock_version: int


class PlanOut(Schema):
    id: int
    state: str
    title: str
    period_start: date
    period_end: date
    status: str
    adoption_act: str
    adoption_act_number: str
    adoption_act_date: date | None
    coordinating_agency: int | None
    introduction: str
    coordination_mechanism: str
    visibility: str
    replaces: int | None
    submitted_at: datetime | None
    is_demo: bool
    latest_rate: float | None = None

    @staticmethod
    def resolve_state(obj: Plan) -> str:
        return obj.state.iso3

    @staticmethod
    def resolve_coordinating_agency(obj: Plan) -> int | None:
        return obj.coordinating_agency_id

    @staticmethod
    def resolve_replaces(obj: Plan, context: Any) -> int | None:
        return visible_id(viewer(context), obj.replaces)


def _pattern(choices: Any) -> str:
    """A regular expression matching exactly the values of a TextChoices."""
    return f"^({'|'.join(choices.values)})$"


PlanStatusValue = Annotated[str, Field(pattern=_pattern(Plan.Status))]
TaskStatusValue = Annotated[str, Field(pattern=_pattern(Task.Status))]
PriorityValue = Annotated[str, Field(pattern=_pattern(Task.Priority))]
FundingValue = Annotated[str, Field(pattern=_pattern(Task.Funding))]
VisibilityValue = Annotated[str, Field(pattern=_pattern(Visibility))]
Title = Annotated[str, Field(min_length=1, max_length=300)]
Progress = Annotated[int, Field(ge=0, le=100)]
Cost = Annotated[float, Field(ge=0, lt=1e12)]


class PlanIn(Schema):
    state: str = Field(min_length=3, max_length=3)
    title: Title
    period_start: date
    period_end: date
    adoption_act: str = Field("", max_length=200)
    adoption_act_number: str = Field("", max_length=60)
    adoption_act_date: date | None = None
    coordinating_agency: int | None = None
    introduction: str = ""
    coordination_mechanism: str = ""


class PlanPatch(Schema):
    title: Title | None = None
    period_start: date | None = None
    period_end: date | None = None
    adoption_act: str | None = Field(None, max_length=200)
    adoption_act_number: str | None = Field(None, max_length=60)
    adoption_act_date: date | None = None
    coordinating_agency: int | None = None
    introduction: str | None = None
    coordination_mechanism: str | None = None


class StatusIn(Schema):
    status: PlanStatusValue
    # Submitting a private plan shares it with the Committee: say so with confirm: true.
    confirm: bool = False


class TaskOut(Schema):
    id: int
    plan: int
    number: str
    title: str
    description: str
    section_code: str
    fields: list[str]
    lead_agency: int | None
    supporting_agencies: list[int]
    start_date: date | None
    due_date: date | None
    priority: str
    status: str
    progress: int
    expected_outputs: str
    indicators: str
    estimated_cost: Decimal | None
    currency: str
    funding: str
    assistance_needed: bool
    assistance_description: str
    carried_over_from: int | None
    carried_over_to: list[int]
    completed_on: date | None
    lock_version: int
    updated_at: datetime

    @staticmethod
    def resolve_plan(obj: Task) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_lead_agency(obj: Task) -> int | None:
        return obj.lead_agency_id

    @staticmethod
    def resolve_carried_over_from(obj: Task, context: Any) -> int | None:
        return visible_id(viewer(context), obj.carried_over_from)

    @staticmethod
    def resolve_fields(obj: Task) -> list[str]:
        return [f.key for f in obj.fields.all()]

    @staticmethod
    def resolve_supporting_agencies(obj: Task) -> list[int]:
        return [a.pk for a in obj.supporting_agencies.all()]

    @staticmethod
    def resolve_carried_over_to(obj: Task, context: Any) -> list[int]:
        return visible_ids(viewer(context), obj.carried_over_to.all())


TaskTitle = Annotated[str, Field(min_length=1, max_length=400)]
Short = Annotated[str, Field(max_length=20)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class TaskIn(Schema):
    number: Short = ""
    title: TaskTitle
    description: str = ""
    section_code: Short = ""
    fields: list[str] = []
    lead_agency: int | None = None
    supporting_agencies: list[int] = []
    start_date: date | None = None
    due_date: date | None = None
    priority: PriorityValue = Task.Priority.MEDIUM.value
    status: TaskStatusValue = Task.Status.NOT_STARTED.value
    progress: Progress = 0
    expected_outputs: str = ""
    indicators: str = ""
    estimated_cost: Cost | None = None
    currency: Currency = "USD"
    funding: FundingValue = Task.Funding.DOMESTIC.value
    assistance_needed: bool = False
    assistance_description: str = ""


class TaskPatch(Schema):
    lock_version: int | None = None
    number: Short | None = None
    title: TaskTitle | None = None
    description: str | None = None
    section_code: Short | None = None
    fields: list[str] | None = None
    lead_agency: int | None = None
    supporting_agencies: list[int] | None = None
    start_date: date | None = None
    due_date: date | None = None
    priority: PriorityValue | None = None
    status: TaskStatusValue | None = None
    progress: Progress | None = None
    expected_outputs: str | None = None
    indicators: str | None = None
    estimated_cost: Cost | None = None
    currency: Currency | None = None
    funding: FundingValue | None = None
    assistance_needed: bool | None = None
    assistance_description: str | None = None


class TaskUpdateOut(Schema):
    id: int
    task: int
    review: int | None
    status: str
    progress: int
    previous_status: str
    previous_progress: int | None
    note: str
    recorded_at: datetime

    @staticmethod
    def resolve_task(obj: TaskUpdate) -> int:
        return obj.task_id

    @staticmethod
    def resolve_review(obj: TaskUpdate) -> int | None:
        return obj.review_id


class TaskUpdateIn(Schema):
    status: TaskStatusValue
    progress: Progress
    note: str = Field("", max_length=2000)
    lock_version: int | None = None


class ReviewOut(Schema):
    id: int
    plan: int
    title: str
    held_on: date
    notes: str
    tasks_due: int
    tasks_completed: int
    implementation_rate: float | None
    progress_rate: float | None
    is_demo: bool

    @staticmethod
    def resolve_plan(obj: Review) -> int:
        return obj.plan_id


class ReviewDetailOut(ReviewOut):
    updates: list[TaskUpdateOut]

    @staticmethod
    def resolve_updates(obj: Review) -> list[TaskUpdate]:
        return list(obj.updates.order_by("task__order", "task_id"))


class ReviewTaskIn(Schema):
    task: int
    status: TaskStatusValue | None = None
    progress: Progress | None = None
    note: str = ""
    lock_version: int | None = None


class ReviewIn(Schema):
    title: Title
    held_on: date
    notes: str = ""
    updates: list[ReviewTaskIn] = []


class RatePoint(Schema):
    review: int
    title: str
    held_on: date
    tasks_due: int
    tasks_completed: int
    implementation_rate: float | None
    progress_rate: float | None


# --- helpers ------------------------------------------------------------------------------


def _values(payload: Schema, **kwargs: Any) -> dict[str, Any]:
    """The payload as service keyword arguments, money as Decimal."""
    values = payload.dict(**kwargs)
    if values.get("estimated_cost") is not None:
        values["estimated_cost"] = Decimal(f"{values['estimated_cost']:.2f}")
    return values


def _tasks() -> Any:
    return Task.objects.select_related("plan", "carried_over_from__plan").prefetch_related(
        "fields", "supporting_agencies", "carried_over_to__plan"
    )


def _task_out(task_id: int) -> Task:
    return _tasks().get(pk=task_id)


def _conflict(exc: services.StaleTaskError) -> Status[dict[str, Any]]:
    task = exc.tasks[0]
    current = Task.objects.values_list("lock_version", flat=True).get(pk=task.pk)
    return Status(409, {"detail": str(exc), "current_lock_version": current})


# --- plans --------------------------------------------------------------------------------


@router.get("/", response=list[PlanOut], summary="Plans you can see")
@paginate(Pagination)
def list_plans(request: HttpRequest, state: str = "", status: str = "") -> Any:
    latest = Review.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
    plans = (
        Plan.objects.visible_to(request.user)
        .select_related("state", "replaces__state")
        .annotate(latest_rate=Subquery(latest.values("implementation_rate")[:1]))
        .order_by("state__iso3", "-period_start", "id")
    )
    if state:
        plans = plans.filter(state__iso3=state.upper())
    if status:
        plans = plans.filter(status=status)
    return plans


@router.post("/", response={201: PlanOut}, summary="Start a plan (national coordinator)")
def create_plan(request: HttpRequest, payload: PlanIn) -> Any:
    state = registry_access.get_state_for_user(request.user, payload.state, write=True)
    values = _values(payload, exclude={"state"})
    values["coordinating_agency"] = _agency_or_none(values.pop("coordinating_agency"))
    plan = services.create_plan(state=state, by=acting_user(request), **values)
    return Status(201, plan)


def _agency_or_none(pk: int | None) -> Any:
    from nap1540.registry.models import Agency

    return Agency.objects.filter(pk=pk).first() if pk else None


@router.get("/{plan_id}", response=PlanOut, summary="One plan")
def get_plan(request: HttpRequest, plan_id: int) -> Plan:
    return access.get_plan_for_user(request.user, plan_id)


@router.patch("/{plan_id}", response=PlanOut, summary="Change a plan's details")
def patch_plan(request: HttpRequest, plan_id: int, payload: PlanPatch) -> Plan:
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    values = _values(payload, exclude_unset=True)
    if "coordinating_agency" in values:
        values["coordinating_agency"] = _agency_or_none(values["coordinating_agency"])
    return services.update_plan(plan, by=acting_user(request), **values)


@router.post("/{plan_id}/status", response=PlanOut, summary="Move a plan in its workflow")
def set_plan_status(request: HttpRequest, plan_id: int, payload: StatusIn) -> Plan:
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    return services.change_plan_status(
        plan, by=acting_user(request), status=payload.status, confirmed=payload.confirm
    )


@router.get(
    "/{plan_id}/rates",
    response=list[RatePoint],
    summary="Implementation rate history (one point per review)",
)
def rate_history(request: HttpRequest, plan_id: int) -> Any:
    plan = access.get_plan_for_user(request.user, plan_id)
    return [
        {
            "review": r.pk,
            "title": r.title,
            "held_on": r.held_on,
            "tasks_due": r.tasks_due,
            "tasks_completed": r.tasks_completed,
            "implementation_rate": r.implementation_rate,
            "progress_rate": r.progress_rate,
        }
        for r in plan.reviews.order_by("held_on", "id")
    ]


# --- tasks --------------------------------------------------------------------------------


@router.get("/{plan_id}/tasks", response=list[TaskOut], summary="A plan's tasks")
def list_tasks(request: HttpRequest, plan_id: int) -> Any:
    plan = access.get_plan_for_user(request.user, plan_id)
    return _tasks().filter(plan=plan).order_by("order", "id")


@router.post(
    "/{plan_id}/tasks", response={201: TaskOut}, summary="Add a task (national coordinator)"
)
def create_task(request: HttpRequest, plan_id: int, payload: TaskIn) -> Any:
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    task = services.create_task(plan, by=acting_user(request), **_values(payload))
    return Status(201, _task_out(task.pk))


@router.get("/tasks/{task_id}", response=TaskOut, summary="One task")
def get_task(request: HttpRequest, task_id: int) -> Task:
    task = access.get_task_for_user(request.user, task_id)
    return _task_out(task.pk)


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskOut, 409: ConflictOut},
    summary="Change a task (send lock_version; 409 if it changed meanwhile)",
)
def patch_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    task = access.get_task_for_user(request.user, task_id, write=True)
    values = _values(payload, exclude_unset=True)
    lock_version = values.pop("lock_version", None)
    access.check_task_change(request.user, task, set(values))
    try:
        services.update_task(task, by=acting_user(request), lock_version=lock_version, **values)
    except services.StaleTaskError as exc:
        return _conflict(exc)
    return Status(200, _task_out(task.pk))


@router.delete("/tasks/{task_id}", response={204: None}, summary="Delete a task")
def delete_task(request: HttpRequest, task_id: int) -> Any:
    task = access.get_task_for_user(request.user, task_id, define=True)
    services.delete_task(task, by=acting_user(request))
    return Status(204, None)


@router.get("/tasks/{task_id}/updates", response=list[TaskUpdateOut], summary="A task's updates")
def list_task_updates(request: HttpRequest, task_id: int) -> Any:
    task = access.get_task_for_user(request.user, task_id)
    return TaskUpdate.objects.filter(task=task).order_by("recorded_at", "id")


@router.post(
    "/tasks/{task_id}/updates",
    response={201: TaskUpdateOut, 409: ConflictOut},
    summary="Record a task's status and progress (coordinator or lead agency's focal point)",
)
def create_task_update(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Any:
    task = access.get_task_for_user(request.user, task_id, write=True)
    try:
        update = services.record_task_update(
            task,
            by=acting_user(request),
            status=payload.status,
            progress=payload.progress,
            note=payload.note,
            lock_version=payload.lock_version,
        )
    except services.StaleTaskError as exc:
        return _conflict(exc)
    return Status(201, update)


# --- reviews ------------------------------------------------------------------------------


@router.get("/{plan_id}/reviews", response=list[ReviewOut], summary="A plan's reviews")
def list_reviews(request: HttpRequest, plan_id: int) -> Any:
    plan = access.get_plan_for_user(request.user, plan_id)
    return plan.reviews.order_by("held_on", "id")


@router.post(
    "/{plan_id}/reviews",
    response={201: ReviewDetailOut, 409: ConflictOut},
    summary="Record a review: every task's status, progress and note",
)
def create_review(request: HttpRequest, plan_id: int, payload: ReviewIn) -> Any:
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    updates = [_values(u, exclude_none=True) for u in payload.updates]
    try:
        review = services.record_review(
            plan,
            by=acting_user(request),
            held_on=payload.held_on,
            title=payload.title,
            notes=payload.notes,
            updates=updates,
        )
    except services.StaleTaskError as exc:
        return _conflict(exc)
    return Status(201, review)


@router.get("/reviews/{review_id}", response=ReviewDetailOut, summary="One review")
def get_review(request: HttpRequest, review_id: int) -> Review:
    return access.get_review_for_user(request.user, review_id)


@router.delete("/reviews/{review_id}", response={204: None}, summary="Delete a review")
def delete_review(request: HttpRequest, review_id: int) -> Any:
    review = access.get_review_for_user(request.user, review_id, write=True)
    services.delete_review(review, by=acting_user(request))
    return Status(204, None)
