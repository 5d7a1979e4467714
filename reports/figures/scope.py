"""Which tasks a set of figures counts, the day it is judged on, and a count with the filters behind it."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet

from plans.models import PlanStatus
from tasks.health import last_closed_period
from tasks.models import Task
from tasks.periods import month_start, period_end, previous_period
from tasks.permissions import visible_tasks


@dataclass(frozen=True)
class Scope:
    """The tasks counted, and the task-list filters that select the same tasks."""

    tasks: QuerySet
    filters: dict[str, str] = field(default_factory=dict)


def scope_for(user, plan=None) -> Scope:
    """The tasks the person may see in one plan, or in all active plans."""
    tasks = visible_tasks(user, Task.objects.all())
    if plan is not None:
        return Scope(tasks.filter(plan=plan), {"plan": str(plan.pk)})
    return Scope(tasks.filter(plan__status=PlanStatus.ACTIVE), {"plan_status": PlanStatus.ACTIVE.value})


@dataclass(frozen=True)
class AsOf:
    """A month the figures describe. `day` is its last day, or today while the month is still running."""

    period: datetime.date
    day: datetime.date
    today: datetime.date

    @classmethod
    def for_period(cls, period: datetime.date, today: datetime.date) -> "AsOf":
        period = month_start(min(period, today))
        return cls(period=period, day=min(period_end(period), today), today=today)

    @property
    def closed_period(self) -> datetime.date:
        """The month whose updates should be in by `day` (the month before)."""
        return last_closed_period(self.day)

    @property
    def updates_through(self) -> datetime.date | None:
        """For a past day, the last month whose updates count; None for today (every update counts)."""
        return month_start(self.day) if self.day < self.today else None

    def months_back(self, count: int, last: datetime.date | None = None) -> list[datetime.date]:
        """`count` months ending with `last` (default: this month), oldest first."""
        months = [last or self.period]
        while len(months) < count:
            months.append(previous_period(months[-1]))
        return months[::-1]

    def with_health(self, tasks: QuerySet) -> QuerySet:
        """The tasks with health as of `day` — exactly as the task list annotates them for `as_of=day`."""
        return tasks.with_health(self.day, updates_through=self.updates_through)

    @property
    def filters(self) -> dict[str, str]:
        return {"as_of": self.day.isoformat()}


@dataclass(frozen=True)
class Figure:
    """A count of tasks and the task-list filters that list exactly them."""

    value: int
    filters: dict[str, str]

    @property
    def query(self) -> str:
        return urlencode(self.filters)

    def __int__(self) -> int:
        return self.value

    def __str__(self) -> str:
        return str(self.value)


def figure(value: int | None, *filter_sets: dict[str, str]) -> Figure:
    merged: dict[str, str] = {}
    for filters in filter_sets:
        merged.update(filters)
    return Figure(value or 0, merged)


def rate(part: int, whole: int) -> float | None:
    """part / whole as a percentage, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None
