"""Task health for many tasks at once, as one SQL statement (a WITH clause named `health`).

The rule is tasks/health.py's, and annotate_health is its ORM form; that form looks the latest update up
once per task and per use, which is right for a page of fifty tasks and too slow for counting five thousand.
Here the updates that speak (tasks/speaking_update.py) are found for all tasks at once (the latest month per
task, read from the index on (task, period), then within it the lead unit's, then the most recently
submitted), so a dashboard counts a district's tasks in well under a hundred milliseconds.
The task list's `health` filter uses it too (through tasks_with_health), so that a dashboard's red count
opens its list in a fraction of a second. tests/dashboards holds this statement to annotate_health task for
task, and every dashboard count to the task list that its link opens.
"""

import datetime
from collections.abc import Sequence

from django.db import connection
from django.db.models.expressions import RawSQL

from .health import REPORTED_STATES, WORRYING_STATUSES, Health, Thresholds, last_closed_period
from .models import WorkStatus
from .periods import period_end
from .speaking_update import order_sql, quotable_states_sql


def _day_number(column: str) -> str:
    """Days since 1970-01-01, as health.DayNumber writes it."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _materialized() -> str:
    """Computed once, before it is joined: PostgreSQL would otherwise inline it into a join order that
    runs the plan lookup — or, when its statistics are stale after a bulk import, the whole ranking of
    updates — once per task (minutes instead of milliseconds at district scale)."""
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def _placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def health_cte(scope_sql: str, scope_params: Sequence, day: datetime.date,
               through: datetime.date | None = None, extra_columns: Sequence[str] = ()) -> tuple[str, list]:
    """`WITH scope(id) AS (scope_sql), …, health(id, health, extra0, …) AS (…)` — the health of every task in
    the scope on `day`, reading only updates for months up to `through` when given (annotate_health's
    `updates_through`). `extra_columns` are expressions over `t` (tasks_task) and `p` (plans_plan) carried
    along, e.g. "t.work_status"."""
    ops = connection.ops
    limits = Thresholds.from_settings()
    closed = last_closed_period(day)
    states = list(REPORTED_STATES)
    quoted, quoted_params = quotable_states_sql()
    order, order_params = order_sql("u")
    period_limit, period_params = ("AND u.period <= %s", [ops.adapt_datefield_value(through)]) if through else (
        "", [])
    extra = "".join(f", {column}" for column in extra_columns)
    sql = f"""WITH scope(id) AS ({scope_sql}),
last_period(task_id, period) AS (
    SELECT s.id, (SELECT MAX(u.period) FROM tasks_progressupdate u
                  WHERE u.task_id = s.id AND u.review_state IN {quoted} {period_limit})
    FROM scope s
),
ranked AS (
    SELECT u.task_id, u.status, u.percent_complete, u.period,
           ROW_NUMBER() OVER (PARTITION BY u.task_id ORDER BY {order}) AS rank
    FROM last_period lp
    JOIN tasks_progressupdate u ON u.task_id = lp.task_id AND u.period = lp.period
    WHERE u.review_state IN {quoted}
),
latest AS {_materialized()}(SELECT task_id, status, percent_complete AS percent, period FROM ranked WHERE rank = 1),
health(id, health{"".join(f", extra{n}" for n in range(len(extra_columns)))}) AS {_materialized()}(
    SELECT t.id,
        CASE
        WHEN t.work_status = %s AND (t.completed_on IS NULL OR t.completed_on <= %s) THEN %s
        WHEN t.deadline < %s OR l.status IN ({_placeholders(WORRYING_STATUSES)})
             OR ((p.period_start IS NULL OR p.period_start <= %s) AND (p.period_end IS NULL OR p.period_end >= %s)
                 AND NOT EXISTS (SELECT 1 FROM tasks_progressupdate cu WHERE cu.task_id = t.id AND cu.period = %s
                                 AND cu.review_state IN ({_placeholders(states)}))) THEN %s
        WHEN (t.deadline >= %s AND t.deadline <= %s AND COALESCE(l.percent, 0) < %s)
             OR (p.period_start IS NOT NULL AND t.deadline IS NOT NULL
                 AND {_day_number("t.deadline")} - {_day_number("p.period_start")} > 0
                 AND %s - {_day_number("p.period_start")} > 0
                 AND (%s - {_day_number("p.period_start")}) * 100
                     > (COALESCE(l.percent, 0) + %s) * ({_day_number("t.deadline")} - {_day_number("p.period_start")}))
             THEN %s
        ELSE %s END{extra}
    FROM tasks_task t
    JOIN scope s ON s.id = t.id
    JOIN plans_plan p ON p.id = t.plan_id
    LEFT JOIN latest l ON l.task_id = t.id
)"""
    today_number = (day - datetime.date(1970, 1, 1)).days
    date = ops.adapt_datefield_value
    params = [
        *scope_params, *quoted_params, *period_params, *order_params, *quoted_params,
        WorkStatus.COMPLETED.value, date(day), Health.GREY.value,
        date(day), *[status.value for status in WORRYING_STATUSES], date(period_end(closed)), date(closed),
        date(closed), *states, Health.RED.value,
        date(day), date(day + datetime.timedelta(days=limits.due_soon_days)), limits.due_soon_percent,
        today_number, today_number, limits.lag_points, Health.YELLOW.value, Health.GREEN.value,
    ]
    return sql, params


def scope_sql(tasks) -> tuple[str, tuple]:
    """The SQL selecting the ids of a task queryset."""
    return tasks.order_by().values("pk").query.sql_with_params()


def health_rows(tasks, day: datetime.date, through: datetime.date | None = None,
                extra_columns: Sequence[str] = (), group: bool = True) -> list[tuple]:
    """(health, *extra columns, number of tasks) grouped; or (id, health, *extra) per task if not `group`."""
    sql, params = health_cte(*scope_sql(tasks), day, through, extra_columns)
    extras = "".join(f", extra{n}" for n in range(len(extra_columns)))
    if group:
        sql += f"\nSELECT health{extras}, COUNT(*) FROM health GROUP BY health{extras}"
    else:
        sql += f"\nSELECT id, health{extras} FROM health"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ids_with_health(health: str, day: datetime.date, through: datetime.date | None = None) -> RawSQL:
    """The ids of all tasks whose health on `day` is `health`, for `pk__in` (one pass, however many tasks)."""
    sql, params = health_cte('SELECT id FROM tasks_task', [], day, through)
    return RawSQL(f"{sql} SELECT id FROM health WHERE health = %s", [*params, health])


def add_health(tasks: list, day: datetime.date, through: datetime.date | None = None) -> None:
    """Set `health`, `latest_status`, `latest_percent` and `latest_period` — what annotate_health annotates —
    on the tasks that lack them, in one query."""
    missing = {task.pk: task for task in tasks if not hasattr(task, "health")}
    if not missing:
        return
    ids = list(missing)
    sql, params = health_cte(f"SELECT id FROM tasks_task WHERE id IN ({_placeholders(ids)})", ids, day, through,
                             ["l.status", "COALESCE(l.percent, 0)", "l.period"])
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT id, health, extra0, extra1, extra2 FROM health", params)
        for task_id, health, status, percent, period in cursor.fetchall():
            task = missing[task_id]
            task.health, task.latest_status, task.latest_percent = health, status, percent
            task.latest_period = datetime.date.fromisoformat(period) if isinstance(period, str) else period

