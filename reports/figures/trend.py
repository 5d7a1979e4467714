"""Month by month: tasks completed by each month's end, red tasks as they stood then, and the reporting rate."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from tasks import reporting
from tasks.health import Health
from tasks.health_sql import health_rows

from .scope import AsOf, Figure, Scope, figure
from .units import ReportingCounts, reporting_by_period


@dataclass(frozen=True)
class TrendPoint:
    period: datetime.date
    as_of: AsOf
    completed: Figure  # completed (by recorded date) by the month's end
    red: Figure  # red as of the month's end, reading the updates for the months up to it
    reporting: ReportingCounts  # updates owed for the month and how they came (or that are not yet due)

    @property
    def reporting_rate(self) -> float | None:
        return self.reporting.reporting_rate


def trend(scope: Scope, as_of: AsOf, months: int = 12) -> list[TrendPoint]:
    """The `months` months up to as_of.period. 2 + `months` queries: red tasks need each month's health."""
    periods = as_of.months_back(months)
    month_as_of = [AsOf.for_period(period, as_of.today) for period in periods]
    tasks = scope.tasks.order_by()
    completed = tasks.aggregate(**{
        f"m{index}": Count("pk", filter=reporting.completed_by(point.day)) for index, point in enumerate(month_as_of)
    })
    rates = reporting_by_period(scope, periods, as_of.day)
    points = []
    for index, point in enumerate(month_as_of):
        red = sum(n for health, n in health_rows(tasks, point.day, point.updates_through) if health == Health.RED)
        points.append(TrendPoint(
            period=point.period, as_of=point,
            completed=figure(completed[f"m{index}"], scope.filters, {"completed_by": point.day.isoformat()}),
            red=figure(red, scope.filters, point.filters, {"health": Health.RED.value}),
            reporting=rates[point.period],
        ))
    return points
