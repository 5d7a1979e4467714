"""Per unit: the tasks it leads and is responsible for, its red tasks, open urges, and how it reports
(on time, late, not at all) month by month.

A unit counts a task when the task names it directly, or names a unit group that resolves to it (listed
members, or units of the group's kinds; 属地街道-style groups name nobody), and a ▲ sub-item without lead
units of its own is led by its task's lead units — the rule of TaskQuerySet.naming_units, written here as
one SQL statement (tasks/sub_item_units.py's NAMED_SQL) so that a hundred units cost one query, not a hundred.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count

from tasks import reporting, sub_item_units
from tasks.health import REPORTED_STATES, Health
from tasks.health_sql import health_cte, scope_sql
from tasks.models import UnitRole, WorkStatus
from tasks.periods import period_end
from tasks.periods import today as district_today
from tasks.reporting_day import first_submission_sql, is_due, on_time_until
from units.groups import groups_including
from units.models import Unit

from .scope import AsOf, Figure, Scope, figure, rate


@dataclass(frozen=True)
class ReportingCounts:
    """Updates owed by units for tasks and months, and how they came. Only updates whose reporting day is over
    (tasks/reporting_day.py) are expected, and so can be late or missing; the others are not yet due, and
    those among them already in came early."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    not_yet_due: int = 0
    early: int = 0

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.expected)

    def __add__(self, other: "ReportingCounts") -> "ReportingCounts":
        return ReportingCounts(self.expected + other.expected, self.on_time + other.on_time, self.late + other.late,
                               self.not_yet_due + other.not_yet_due, self.early + other.early)


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    leads: Figure
    responsible: Figure
    red: Figure
    open_urges: Figure  # tasks with an urge to the unit still open
    missing_last_period: Figure  # tasks without the unit's update for as_of.closed_period
    reporting: ReportingCounts  # over the months asked for

    @property
    def on_time_rate(self) -> float | None:
        return self.reporting.on_time_rate


def _membership_values() -> tuple[str, list]:
    """(group, unit) pairs for every unit group that resolves to units, as SQL rows."""
    unit_kinds = dict(Unit.objects.values_list("pk", "kind"))
    pairs = [(group_id, unit_id) for group_id, units in groups_including(unit_kinds).items() for unit_id in units]
    if not pairs:
        return "SELECT CAST(NULL AS INTEGER), CAST(NULL AS INTEGER) WHERE 1 = 0", []
    return "VALUES " + ", ".join(["(%s, %s)"] * len(pairs)), [value for pair in pairs for value in pair]


NAMED_SQL = """
membership(group_id, unit_id) AS ({membership}),
resolved(task_id, unit_id, role) AS (
    SELECT tu.task_id, tu.unit_id, tu.role FROM tasks_taskunit tu WHERE tu.unit_id IS NOT NULL
    UNION ALL
    SELECT tu.task_id, m.unit_id, tu.role FROM tasks_taskunit tu JOIN membership m ON m.group_id = tu.group_id
),
{named}"""


def _named_cte(scope_sql: str, scope_params: Sequence) -> tuple[str, list]:
    """WITH scope(id), membership, resolved, named(task_id, unit_id, role). `scope_sql` is either a query
    of task ids or a WITH clause that defines `scope` itself. A unit named twice on a task (directly and
    through a group) is in `named` twice: its users count distinct tasks."""
    membership, membership_params = _membership_values()
    start = f"{scope_sql}," if scope_sql.startswith("WITH ") else f"WITH scope(id) AS ({scope_sql}),"
    sql = f"{start}{NAMED_SQL.format(membership=membership, named=sub_item_units.NAMED_SQL)}"
    return sql, [*scope_params, *membership_params, *sub_item_units.NAMED_PARAMS]


def _run(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def reporting_counts(scope: Scope, months: Sequence[datetime.date],
                     day: datetime.date | None = None) -> dict[tuple[int, datetime.date], ReportingCounts]:
    """(unit id, month) → ReportingCounts, for every unit owing updates in those months, as counted at the end
    of `day` (default today): a month whose reporting day is not over by then is not yet due. One query."""
    if not months:
        return {}
    day = day or district_today()
    named, params = _named_cte(*scope_sql(scope.tasks))
    ops = connection.ops
    month_rows, month_params = [], []
    for month in months:
        deadline = on_time_until(month)
        month_rows.append("(%s, %s, %s, %s)")
        month_params += [ops.adapt_datefield_value(month), ops.adapt_datefield_value(period_end(month)),
                         ops.adapt_datetimefield_value(deadline), 1 if is_due(month, day) else 0]
    states = ", ".join(["%s"] * len(REPORTED_STATES))
    # One pass over the months' updates, joined by hash: looking each owed update up by index is slower.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"""{named},
months(period, last_day, deadline, due) AS (VALUES {", ".join(month_rows)}),
pairs AS (SELECT DISTINCT task_id, unit_id FROM named),
owed AS (
    SELECT n.task_id, n.unit_id, mo.period, mo.deadline, mo.due
    FROM pairs n
    JOIN tasks_task t ON t.id = n.task_id
    JOIN plans_plan p ON p.id = t.plan_id
    CROSS JOIN months mo
    WHERE (p.period_start IS NULL OR p.period_start <= mo.last_day)
      AND (p.period_end IS NULL OR p.period_end >= mo.period)
      AND NOT (t.work_status = %s AND (t.completed_on IS NULL OR t.completed_on < mo.period))
),
reported AS {materialized}(
    SELECT u.id, u.task_id, u.unit_id, u.period, {first_submission_sql("u")} AS first_submitted
    FROM tasks_progressupdate u
    WHERE u.period IN (SELECT period FROM months) AND u.review_state IN ({states})
)
SELECT o.unit_id, o.period, SUM(o.due),
       SUM(CASE WHEN o.due = 1 AND u.id IS NOT NULL AND u.first_submitted < o.deadline THEN 1 ELSE 0 END),
       SUM(CASE WHEN o.due = 1 AND u.id IS NOT NULL AND (u.first_submitted IS NULL OR u.first_submitted >= o.deadline)
           THEN 1 ELSE 0 END),
       SUM(1 - o.due),
       SUM(CASE WHEN o.due = 0 AND u.id IS NOT NULL THEN 1 ELSE 0 END)
FROM owed o
LEFT JOIN reported u ON u.task_id = o.task_id AND u.unit_id = o.unit_id AND u.period = o.period
GROUP BY o.unit_id, o.period"""
    rows = _run(sql, [*params, *month_params, WorkStatus.COMPLETED, *REPORTED_STATES])
    return {(unit_id, _as_date(period)): ReportingCounts(*(int(n or 0) for n in counts))
            for unit_id, period, *counts in rows}


def reporting_by_period(scope: Scope, months: Sequence[datetime.date],
                        day: datetime.date | None = None) -> dict[datetime.date, ReportingCounts]:
    """Month → all units' ReportingCounts together, as counted at the end of `day`."""
    totals = {month: ReportingCounts() for month in months}
    for (_unit, month), counts in reporting_counts(scope, months, day).items():
        totals[month] = totals[month] + counts
    return totals


def unit_figures(scope: Scope, as_of: AsOf, periods: int = 3) -> list[UnitFigures]:
    """Every active unit that the scope's tasks name, with its counts and its reporting over the last
    `periods` closed months. A fixed number of queries (six)."""
    base = {**scope.filters, **as_of.filters}
    named, params = _named_cte(*health_cte(*scope_sql(scope.tasks), as_of.day, as_of.updates_through))
    sql = f"""{named}
SELECT n.unit_id,
       COUNT(DISTINCT CASE WHEN n.role = %s THEN n.task_id END),
       COUNT(DISTINCT CASE WHEN n.role = %s THEN n.task_id END),
       COUNT(DISTINCT CASE WHEN h.health = %s THEN n.task_id END)
FROM named n JOIN health h ON h.id = n.task_id
GROUP BY n.unit_id"""
    counts = {row[0]: row[1:] for row in _run(sql, [*params, UnitRole.LEAD, UnitRole.RESPONSIBLE, Health.RED])}
    months = as_of.months_back(periods, last=as_of.closed_period)
    reporting_rows = reporting_counts(scope, months, as_of.day)
    urged = dict(
        reporting.open_urges(as_of.day).filter(task__in=scope.tasks.order_by().values("pk"))
        .values("unit_id").annotate(n=Count("task_id", distinct=True)).values_list("unit_id", "n")
    )
    closed = as_of.closed_period
    units = Unit.objects.filter(pk__in=list(counts), is_active=True).order_by("display_order", "name")
    result = []
    for unit in units:
        leads, responsible, red = counts[unit.pk]
        mine = {**base, "unit": str(unit.pk)}
        reporting_total = sum((reporting_rows.get((unit.pk, month), ReportingCounts()) for month in months),
                              ReportingCounts())
        result.append(UnitFigures(
            unit_id=unit.pk, name=unit.name,
            leads=figure(leads, base, {"lead_unit": str(unit.pk)}),
            responsible=figure(responsible, base, {"responsible_unit": str(unit.pk)}),
            red=figure(red, mine, {"health": Health.RED.value}),
            open_urges=figure(urged.get(unit.pk), mine, {"urged": "true"}),
            missing_last_period=figure(reporting_rows.get((unit.pk, closed), ReportingCounts()).missing, mine,
                                       {"missing_update": f"{closed:%Y-%m}"}),
            reporting=reporting_total,
        ))
    return result


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


# Orders of the by-unit table, by the key its column headings send.
UNIT_ORDERS = {
    "name": lambda u: (u.name,),
    "leads": lambda u: (-u.leads.value, u.name),
    "responsible": lambda u: (-u.responsible.value, u.name),
    "red": lambda u: (-u.red.value, u.name),
    "urges": lambda u: (-u.open_urges.value, u.name),
    "missing": lambda u: (-u.missing_last_period.value, u.name),
    # most timely first; units that owed nothing last
    "on_time": lambda u: (u.on_time_rate is None, -(u.on_time_rate or 0), u.name),
    "-on_time": lambda u: (u.on_time_rate is None, u.on_time_rate or 0, u.name),
}
