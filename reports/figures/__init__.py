"""The numbers dashboards, progress reports and the API show — every count and rate computed in the
database, "as of" a month, and each count carrying the task-list filters that reproduce it.

    scope = figures.scope_for(user, plan=None)            # the person's tasks in all active plans (or one plan)
    as_of = figures.AsOf.for_period(period, today)         # a month; judged on its last day, or today if earlier
    o = figures.overview(scope, as_of)                     # health, status, completion, overdue, due soon,
                                                           # missing updates, ★ projects, targets met
    figures.target_rows(scope, as_of, limit=30)            # targets with their latest actual
    figures.section_figures(scope, as_of)                  # per top-level section: counts by health
    figures.unit_figures(scope, as_of, periods=3)          # per unit: leads, responsible, red, urges, reporting
    figures.reporting_by_period(scope, months)             # reporting rate of every month, all units together
    figures.trend(scope, as_of, months=12)                 # month by month: completed, red, reporting rate

Every count is a `Figure` (`value`, `filters`): `figure.query` is the query string of the task list (/tasks/)
that shows exactly those tasks, so the numbers can be checked. Functions take a `Scope` (a task queryset
and the task-list filters that select it) and plain dates; they return small frozen dataclasses, and run a
fixed number of queries however many tasks there are.

Rules (shared with the task list's filters through tasks/reporting.py and tasks/health.py):
- health is judged on `as_of.day` reading only updates for the months up to it (for a past month);
- a task counts as completed on a day when it is completed and its recorded completion date is not later (a
  task completed after a past month was still in progress in it); its other statuses are its current ones;
  "completed by" a day uses the recorded completion date;
- an update is owed for a month by every unit a task names (directly, or through a unit group that resolves
  to units), while the plan runs and until the task is completed; it is reported when submitted, accepted or
  returned, and on time when first submitted by the end of that month's reporting day (tasks/reporting_day.py).
"""

from .overview import HealthCounts, Overview, SectionFigures, TargetRow, overview, section_figures, target_rows
from .scope import AsOf, Figure, Scope, scope_for
from .trend import TrendPoint, trend
from .units import UNIT_ORDERS, ReportingCounts, UnitFigures, reporting_by_period, reporting_counts, unit_figures

__all__ = [
    "UNIT_ORDERS", "AsOf", "Figure", "HealthCounts", "Overview", "ReportingCounts", "Scope", "SectionFigures",
    "TargetRow",
    "TrendPoint", "UnitFigures", "overview", "reporting_by_period", "reporting_counts", "scope_for",
    "section_figures", "target_rows", "trend", "unit_figures",
]
