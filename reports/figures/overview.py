"""Where a set of tasks stands: by health and status, completion, deadlines, missing updates, ★ projects,
targets; and the same counts per section."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from plans.models import Section
from tasks import counting, reporting
from tasks.health import HEALTH_ORDER, status_on
from tasks.health_sql import health_rows
from tasks.models import WorkStatus

from .scope import AsOf, Figure, Scope, figure, rate
from .targets_sql import target_counts

# The top-level section a task counts in: its section's parent or its section, else its task's (for a ▲
# sub-item without a section) — the sections the task list's `section` filter matches.
TOP_SECTION = """COALESCE(
    (SELECT sec.parent_id FROM plans_section sec WHERE sec.id = t.section_id), t.section_id,
    (SELECT psec.parent_id FROM tasks_task pt JOIN plans_section psec ON psec.id = pt.section_id
     WHERE pt.id = t.parent_id),
    (SELECT pt.section_id FROM tasks_task pt WHERE pt.id = t.parent_id))"""

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class HealthCounts:
    """Tasks by health, each count linked."""

    red: Figure
    yellow: Figure
    green: Figure
    grey: Figure
    total: Figure

    def items(self) -> list[tuple[str, Figure]]:
        return [(health.value, getattr(self, health.value)) for health in HEALTH_ORDER]

    def values(self) -> dict[str, int]:
        return {health: count.value for health, count in self.items()}


def _health_counts(counts: dict[str, int], *filter_sets: dict[str, str]) -> HealthCounts:
    return HealthCounts(
        **{health.value: figure(counts.get(health.value), *filter_sets, {"health": health.value})
           for health in HEALTH_ORDER},
        total=figure(sum(counts.values()), *filter_sets),
    )


@dataclass(frozen=True)
class Overview:
    as_of: AsOf
    health: HealthCounts
    status: dict[str, Figure]  # by WorkStatus value
    completed: Figure
    completion_rate: float | None  # completed / all tasks, in %
    overdue: Figure
    due_soon: Figure  # not completed, due from as_of.day to due_soon_until
    due_soon_until: datetime.date
    missing_updates: Figure  # no update reported for as_of.closed_period
    livelihood: HealthCounts  # ★ projects by health
    targets: int  # targets of these tasks
    targets_met: int  # of them met by their latest actual
    tasks_targets_met: Figure  # tasks whose every target is met
    sub_items: int = 0  # of `total`, the ▲ sub-items (tasks/counting.py)

    @property
    def total(self) -> Figure:
        return self.health.total


def overview(scope: Scope, as_of: AsOf) -> Overview:
    """The overview's figures in three queries."""
    base = {**scope.filters, **as_of.filters}
    tasks = scope.tasks.order_by()
    by_health: dict[str, int] = {}
    by_status: dict[str, int] = {}
    livelihood: dict[str, int] = {}
    for health, work_status, is_livelihood, n in health_rows(tasks, as_of.day, as_of.updates_through,
                                                             ["t.work_status", "t.is_livelihood"]):
        by_health[health] = by_health.get(health, 0) + n
        work_status = status_on(work_status, health)
        by_status[work_status] = by_status.get(work_status, 0) + n
        if is_livelihood:
            livelihood[health] = livelihood.get(health, 0) + n

    until = as_of.day + datetime.timedelta(days=DUE_SOON_DAYS)
    through = as_of.period
    counts = tasks.aggregate(
        overdue=Count("pk", filter=reporting.overdue(as_of.day)),
        due_soon=Count("pk", filter=reporting.due_between(as_of.day, until)),
        missing=Count("pk", filter=reporting.missing_update(as_of.closed_period)),
        sub_items=counting.item_counts()["sub_items"],
    )
    targets = target_counts(tasks, through)
    completed = by_status.get(WorkStatus.COMPLETED, 0)
    total = sum(by_health.values())
    return Overview(
        as_of=as_of,
        health=_health_counts(by_health, base),
        status={status: figure(by_status.get(status), base, {"status": status}) for status in WorkStatus.values},
        completed=figure(completed, base, {"status": WorkStatus.COMPLETED}),
        completion_rate=rate(completed, total),
        overdue=figure(counts["overdue"], base, {"overdue": "true"}),
        due_soon=figure(counts["due_soon"], base, {
            "due_after": as_of.day.isoformat(), "due_before": until.isoformat(), "completed": "false"}),
        due_soon_until=until,
        missing_updates=figure(counts["missing"], base, {"missing_update": f"{as_of.closed_period:%Y-%m}"}),
        livelihood=_health_counts(livelihood, base, {"livelihood": "true"}),
        targets=targets.targets,
        targets_met=targets.met,
        tasks_targets_met=figure(targets.tasks_all_met, base, {"targets_met": "true"}),
        sub_items=counts["sub_items"],
    )


@dataclass(frozen=True)
class TargetRow:
    """A quantitative target beside its latest reported value as of the month."""

    task_id: int
    task_label: str
    text: str
    metric: str
    comparator: str
    value: Decimal
    upper_value: Decimal | None
    measure_unit: str
    actual: Decimal | None
    is_met: bool


def target_rows(scope: Scope, as_of: AsOf, limit: int = 30) -> list[TargetRow]:
    """The first `limit` targets in document order, with their latest actuals as of the month (one query)."""
    targets = (
        reporting.targets_with_actuals(as_of.period)
        .filter(task__in=scope.tasks.order_by().values("pk"))
        .select_related("task__section__parent", "task__parent__section__parent")
        .order_by("task__plan_id", "task__position", "task_id", "position", "pk")[:limit]
    )
    return [
        TargetRow(task_id=t.task_id, task_label=_task_label(t.task), text=t.text, metric=t.metric,
                  comparator=t.comparator, value=t.value, upper_value=t.upper_value, measure_unit=t.measure_unit,
                  actual=t.actual, is_met=t.is_met)
        for t in targets
    ]


def _task_label(task) -> str:
    """The task by its number (三(一)11▲2) and the start of its words, as the report's rows name it."""
    return f"{task.number_path} {(task.title or task.text)[:60]}"


@dataclass(frozen=True)
class SectionFigures:
    section_id: int
    plan_id: int
    plan_title: str
    label: str
    health: HealthCounts
    completed: Figure


def section_figures(scope: Scope, as_of: AsOf) -> list[SectionFigures]:
    """Per top-level section (a task counts in the section it or its task sits in), in document order.
    Two queries."""
    base = {**scope.filters, **as_of.filters}
    health: dict[int, dict[str, int]] = {}
    completed: dict[int, int] = {}
    for task_health, top_section, work_status, n in health_rows(
            scope.tasks, as_of.day, as_of.updates_through, [TOP_SECTION, "t.work_status"]):
        if top_section is None:
            continue
        counts = health.setdefault(top_section, {})
        counts[task_health] = counts.get(task_health, 0) + n
        if status_on(work_status, task_health) == WorkStatus.COMPLETED:
            completed[top_section] = completed.get(top_section, 0) + n
    sections = (Section.objects.filter(pk__in=list(health), is_tracked=True).select_related("plan")
                .order_by("plan_id", "position"))
    return [
        SectionFigures(
            section_id=section.pk, plan_id=section.plan_id, plan_title=section.plan.title, label=str(section),
            health=_health_counts(health[section.pk], base, {"section": str(section.pk)}),
            completed=figure(completed.get(section.pk), base, {"section": str(section.pk), "status": "completed"}),
        )
        for section in sections
    ]
