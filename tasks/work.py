"""My work (工作台): a unit's tasks grouped by plan, and what needs the person now — this month's updates
still to submit, returned updates, overdue tasks, deadlines in the next 30 days, urges received.

Built from a fixed number of queries, however many tasks the unit has.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from units.models import Unit

from . import permissions
from .health import reporting_required
from .models import ProgressUpdate, ReviewState, Task, TaskUnit, Urge, WorkStatus
from .periods import month_start
from .reporting_day import due_on

DUE_SOON_DAYS = 30
NOT_YET_SUBMITTED = (None, ReviewState.DRAFT)


@dataclass
class WorkRow:
    task: Task
    units: list[Unit]  # the person's units that report on the task
    current: dict[int, ProgressUpdate | None]  # unit id → its update for this month
    due: bool = False
    returned: bool = False
    urged: bool = False
    overdue: bool = False
    due_soon: bool = False

    @property
    def reports(self) -> list[tuple[Unit, ProgressUpdate | None]]:
        return [(unit, self.current.get(unit.pk)) for unit in self.units]


@dataclass
class WorkPage:
    today: datetime.date
    period: datetime.date
    due_on: datetime.date
    plans: list[tuple] = field(default_factory=list)  # (plan, [WorkRow])
    returned_updates: list[ProgressUpdate] = field(default_factory=list)
    urges: list[Urge] = field(default_factory=list)
    to_review: int = 0

    @property
    def rows(self) -> list[WorkRow]:
        return [row for _plan, rows in self.plans for row in rows]

    @property
    def counts(self) -> dict[str, int]:
        rows = self.rows
        return {
            "due": sum(row.due for row in rows),
            "returned": len(self.returned_updates),
            "overdue": sum(row.overdue for row in rows),
            "due_soon": sum(row.due_soon for row in rows),
            "urges": len(self.urges),
        }


def work_tasks(user, today: datetime.date):
    units = TaskUnit.objects.select_related("unit", "group").order_by("role", "position")
    return (
        Task.objects.visible_to(user)
        .with_health(today)
        .select_related("plan", "section__parent", "parent__section__parent")
        .prefetch_related(Prefetch("task_units", queryset=units), Prefetch("parent__task_units", queryset=units))
        .order_by("plan__period_start", "plan_id", "position", "pk")
    )


def build_work(user, today: datetime.date) -> WorkPage:
    scope = permissions.scope_of(user)
    period = month_start(today)
    page = WorkPage(today=today, period=period, due_on=due_on(period))
    if not scope.unit_ids:
        return page
    my_units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=scope.unit_ids)}
    tasks = list(work_tasks(user, today))
    task_ids = [task.pk for task in tasks]
    current = {
        (u.task_id, u.unit_id): u
        for u in ProgressUpdate.objects.filter(task__in=task_ids, unit_id__in=list(my_units), period=period)
    }
    page.returned_updates = list(
        ProgressUpdate.objects.filter(task__in=task_ids, unit_id__in=list(my_units), review_state=ReviewState.RETURNED)
        .select_related("task__section__parent", "task__parent__section__parent", "unit", "reviewer")
        .order_by("-reviewed_at", "-pk")
    )
    page.urges = list(
        Urge.objects.filter(unit_id__in=list(my_units), resolved_at__isnull=True, task__in=task_ids)
        .select_related("task__section__parent", "task__parent__section__parent", "unit", "urged_by")
        .order_by("-created_at")
    )
    returned_tasks = {u.task_id for u in page.returned_updates}
    urged_tasks = {u.task_id for u in page.urges}
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)

    by_plan: dict[int, tuple] = {}
    for task in tasks:
        unit_ids = scope.units_named_by(permissions.effective_task_units(task))
        open_task = task.work_status != WorkStatus.COMPLETED
        row = WorkRow(
            task=task,
            units=[my_units[pk] for pk in sorted(unit_ids, key=lambda pk: (my_units[pk].display_order, pk))],
            current={pk: current.get((task.pk, pk)) for pk in unit_ids},
            returned=task.pk in returned_tasks,
            urged=task.pk in urged_tasks,
            overdue=open_task and task.deadline is not None and task.deadline < today,
            due_soon=open_task and task.deadline is not None and today <= task.deadline <= soon,
        )
        row.due = (
            open_task
            and reporting_required(task.plan, period)
            and any(getattr(u, "review_state", None) in NOT_YET_SUBMITTED for u in row.current.values())
        )
        by_plan.setdefault(task.plan_id, (task.plan, []))[1].append(row)
    page.plans = list(by_plan.values())
    page.to_review = permissions.reviewable_updates(user).count() if permissions.may_review_anything(user) else 0
    return page
