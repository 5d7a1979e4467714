"""How fast the dashboards and the task pages answer on a district-scale data set.

Loads `generate_load_data`'s data set (10 plans, 5,000 tasks, 100 units, 24 months; smaller through
DUBAN_BENCH_PLANS / _TASKS / _UNITS / _MONTHS) and, per page — overview, by unit, task list page 1, task
page — prints the median server time over repeated requests, the query count, the median time of
hand-written SQL computing the same numbers (the floor) and page / floor. Goals on PostgreSQL: every
median under 300 ms, ratio under 3, under 20 queries.

Figures: <page>_median_ms, <page>_queries, <page>_floor_ms, <page>_ratio; load_data_seconds.
"""

import os
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client

from plans.load_data import generate
from reports import figures
from reports.figures import units
from reports.figures.targets_sql import target_counts
from tasks import health_sql, periods
from tasks.health import Health
from tasks.models import Task, UnitRole
from units.models import User

SEED = 1
REPEAT = 11


def _size(name: str, default: int) -> int:
    return int(os.environ.get(f"DUBAN_BENCH_{name}", default))


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm: connection, templates, statistics
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _sql(statement: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# ------------------------------------------------------------------------------------------- floors
# The least the database must do for each page's numbers, written by hand: the page's own SQL work
# without Django's forms, templates, charts and permission checks.

def _overview_floor(supervisor) -> None:
    as_of = _as_of()
    scope = figures.scope_for(supervisor)
    sql, params = health_sql.health_cte(*health_sql.scope_sql(scope.tasks), as_of.day, None,
                                        ["t.work_status", "t.is_livelihood"])
    _sql(sql + " SELECT health, extra0, extra1, COUNT(*) FROM health GROUP BY health, extra0, extra1", params)
    day, closed = as_of.day, as_of.closed_period
    _sql("""SELECT COUNT(*) FILTER (WHERE t.deadline < %s AND t.work_status <> 'completed'),
                   COUNT(*) FILTER (WHERE t.deadline BETWEEN %s AND %s AND t.work_status <> 'completed'),
                   COUNT(*) FILTER (WHERE t.work_status <> 'completed' AND NOT EXISTS (
                       SELECT 1 FROM tasks_progressupdate u WHERE u.task_id = t.id AND u.period = %s
                       AND u.review_state IN ('submitted', 'accepted', 'returned')))
            FROM tasks_task t JOIN plans_plan p ON p.id = t.plan_id WHERE p.status = 'active'"""
         if connection.vendor == "postgresql" else
         """SELECT SUM(t.deadline < %s AND t.work_status <> 'completed'),
                   SUM(t.deadline BETWEEN %s AND %s AND t.work_status <> 'completed'),
                   SUM(t.work_status <> 'completed' AND NOT EXISTS (
                       SELECT 1 FROM tasks_progressupdate u WHERE u.task_id = t.id AND u.period = %s
                       AND u.review_state IN ('submitted', 'accepted', 'returned')))
            FROM tasks_task t JOIN plans_plan p ON p.id = t.plan_id WHERE p.status = 'active'""",
         [day, day, day, closed])
    target_counts(scope.tasks, as_of.period)


def _units_floor(supervisor) -> None:
    as_of = _as_of()
    scope = figures.scope_for(supervisor)
    named, params = units._named_cte(*health_sql.health_cte(*health_sql.scope_sql(scope.tasks), as_of.day))
    _sql(named + """ SELECT n.unit_id, COUNT(DISTINCT CASE WHEN n.role = %s THEN n.task_id END),
            COUNT(DISTINCT CASE WHEN h.health = %s THEN n.task_id END)
            FROM named n JOIN health h ON h.id = n.task_id GROUP BY n.unit_id""",
         [*params, UnitRole.LEAD, Health.RED])
    units.reporting_counts(scope, as_of.months_back(3, last=as_of.closed_period), as_of.day)


def _task_list_floor(supervisor) -> None:
    _sql("SELECT COUNT(*) FROM tasks_task")
    first = "SELECT id FROM tasks_task ORDER BY plan_id, position, id LIMIT 50"
    sql, params = health_sql.health_cte(first, [], _as_of().day)
    _sql(sql + """ SELECT h.id, h.health, t.number, t.text, t.deadline, t.work_status, p.title
            FROM health h JOIN tasks_task t ON t.id = h.id JOIN plans_plan p ON p.id = t.plan_id""", params)
    _sql(f"""SELECT tu.task_id, tu.role, COALESCE(u.name, g.name, tu.name) FROM tasks_taskunit tu
            LEFT JOIN units_unit u ON u.id = tu.unit_id LEFT JOIN units_unitgroup g ON g.id = tu.group_id
            WHERE tu.task_id IN ({first})""")


def _task_page_floor(task_id: int) -> Callable[[], None]:
    def floor() -> None:
        _sql("""SELECT t.*, p.title, s.title FROM tasks_task t JOIN plans_plan p ON p.id = t.plan_id
                LEFT JOIN plans_section s ON s.id = t.section_id WHERE t.id = %s""", [task_id])
        _sql("""SELECT tu.role, COALESCE(u.name, g.name, tu.name) FROM tasks_taskunit tu
                LEFT JOIN units_unit u ON u.id = tu.unit_id LEFT JOIN units_unitgroup g ON g.id = tu.group_id
                WHERE tu.task_id = %s""", [task_id])
        _sql("""SELECT u.*, un.name FROM tasks_progressupdate u JOIN units_unit un ON un.id = u.unit_id
                WHERE u.task_id = %s ORDER BY u.period DESC""", [task_id])
        _sql("""SELECT a.* FROM tasks_targetactual a JOIN tasks_progressupdate u ON u.id = a.update_id
                WHERE u.task_id = %s""", [task_id])
        _sql("SELECT * FROM tasks_target WHERE task_id = %s", [task_id])
        _sql("SELECT * FROM tasks_milestone WHERE task_id = %s", [task_id])
        _sql("SELECT * FROM audit_auditentry WHERE task_id = %s ORDER BY at DESC", [task_id])
    return floor


def _as_of() -> figures.AsOf:
    today = periods.today()
    return figures.AsOf.for_period(today, today)


# ---------------------------------------------------------------------------------------------- run

class QueryCounter:
    """Counts the statements run (a wrapper, not the debug query log, which a request's reconnect may empty)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def load(plans: int, tasks: int, units: int, months: int, seed: int = SEED) -> tuple[User, float]:
    """The data set for `seed`, generated unless this database has it already; its supervisor, and seconds."""
    existing = User.objects.filter(username=f"L{seed}-supervisor").first()
    if existing is not None:
        return existing, 0.0
    start = time.perf_counter()
    made = generate(plans=plans, tasks=tasks, units=units, months=months, seed=seed)
    return made.supervisor, time.perf_counter() - start


def run(plans: int | None = None, tasks: int | None = None, unit_count: int | None = None,
        months: int | None = None, repeat: int = REPEAT) -> dict[str, float]:
    supervisor, seconds = load(plans or _size("PLANS", 10), tasks or _size("TASKS", 5000),
                               unit_count or _size("UNITS", 100), months or _size("MONTHS", 24))
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(supervisor)
    # the task with the most updates: the heaviest task page
    busiest = (Task.objects.filter(plan__title__startswith=supervisor.username.split("-")[0])
               .annotate(n=Count("updates"))
               .order_by("-n", "pk").values_list("pk", flat=True).first())
    pages = {
        "overview": ("/dashboard/", lambda: _overview_floor(supervisor)),
        "by_unit": ("/dashboard/units/", lambda: _units_floor(supervisor)),
        "task_list": ("/tasks/", lambda: _task_list_floor(supervisor)),
        "task_page": (f"/tasks/{busiest}/", _task_page_floor(busiest)),
    }
    results: dict[str, float] = {"load_data_seconds": seconds} if seconds else {}
    for name, (url, floor) in pages.items():
        def request(url=url):
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"

        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            request()
        results[f"{name}_median_ms"] = _median_ms(request, repeat)
        results[f"{name}_queries"] = counter.count
        results[f"{name}_floor_ms"] = _median_ms(floor, repeat)
        results[f"{name}_ratio"] = results[f"{name}_median_ms"] / results[f"{name}_floor_ms"]
    return results
