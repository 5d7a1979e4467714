"""How long the daily reminder sweep takes over a district-scale data set, and how many queries it makes.

Uses the shared load-data generator (`plans.load_data.generate`) when the project has it, else builds
its own district with bulk_create: 2 plans, 2,000 tasks with deadlines spread over the year, 120 units
with 3 people each, half of the lead units having reported. The sweep runs on a day with reporting,
deadline and milestone reminders falling due, then again on the same day (which must send nothing).
"""

import datetime
import random
import sys
import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

PEOPLE_PER_UNIT = 3


def _generated() -> bool:
    try:
        from plans.load_data import generate
    except ImportError:
        return False
    try:
        generate(plans=4, tasks=2000, units=120, months=10, seed=6)
    except TypeError as error:  # a generator with another signature: say so and use our own district
        print(f"plans.load_data.generate not usable here ({error}); using the benchmark's own district",
              file=sys.stderr)
        return False
    return True


def _own_district(sweep_day: datetime.date, seed: int = 6) -> None:
    from plans.models import Plan, PlanStatus
    from tasks.models import Milestone, ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
    from units.models import Unit, UnitKind

    rng = random.Random(seed)
    units = Unit.objects.bulk_create(
        Unit(name=f"基准单位{n:03d}", kind=UnitKind.STREET if n % 5 == 0 else UnitKind.BUREAU) for n in range(120)
    )
    plans = [
        Plan.objects.create(title=f"基准计划{n}", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 1, 1),
                            period_end=datetime.date(2026, 12, 31))
        for n in range(2)
    ]
    tasks = Task.objects.bulk_create(
        Task(plan=plans[n % 2], number=str(n % 100 + 1), position=n, text=f"第{n}项重点工作，按期完成。",
             deadline=sweep_day + datetime.timedelta(days=rng.randint(-60, 300)))
        for n in range(2000)
    )
    task_units, updates = [], []
    period = sweep_day.replace(day=1)
    for task in tasks:
        lead, *others = rng.sample(units, 3)
        task_units.append(TaskUnit(task=task, role=UnitRole.LEAD, unit=lead, name=lead.name))
        task_units += [TaskUnit(task=task, role=UnitRole.RESPONSIBLE, unit=u, name=u.name, position=i)
                       for i, u in enumerate(others)]
        if rng.random() < 0.5:
            updates.append(ProgressUpdate(task=task, unit=lead, period=period, review_state=ReviewState.SUBMITTED,
                                          narrative="按计划推进。", percent_complete=50))
    TaskUnit.objects.bulk_create(task_units)
    ProgressUpdate.objects.bulk_create(updates)
    Milestone.objects.bulk_create(
        Milestone(task=task, description="完成阶段目标", due_on=sweep_day + datetime.timedelta(days=3))
        for task in tasks[::10]
    )


def _people() -> None:
    """Staff for every unit that has nobody, and a supervisor, so reminders reach people."""
    from units.models import GlobalRole, Membership, MembershipRole, Unit, User

    staffed = set(Membership.objects.values_list("unit_id", flat=True))
    users, memberships = [], []
    for unit in Unit.objects.exclude(pk__in=staffed):
        for seat in range(PEOPLE_PER_UNIT):
            user = User(username=f"bench{unit.pk}_{seat}", email=f"bench{unit.pk}_{seat}@example.invalid")
            users.append(user)
            memberships.append((user, unit, MembershipRole.HEAD if seat == 0 else MembershipRole.STAFF))
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(Membership(user=u, unit=unit, role=role) for u, unit, role in memberships)
    User.objects.get_or_create(username="bench_supervisor", defaults={
        "global_role": GlobalRole.SUPERVISOR, "email": "bench_supervisor@example.invalid"})


def _sweep_day() -> datetime.date:
    from tasks.reporting_day import due_on

    return due_on(datetime.date(2026, 11, 1)) - datetime.timedelta(days=5)


def run() -> dict[str, float]:
    from reminders.models import Delivery
    from reminders.sweep import run_sweep

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    day = _sweep_day()
    generated = _generated()
    if not generated:
        _own_district(day)
    _people()

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        report = run_sweep(day)
        elapsed = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    again = run_sweep(day)
    second = (time.perf_counter() - start) * 1000
    assert not again.deliveries, "a second sweep on the same day must send nothing"
    return {
        "reminder_sweep_ms": elapsed,
        "reminder_sweep_queries": len(queries),
        "reminder_sweep_deliveries": Delivery.objects.count(),
        "reminder_sweep_sent": len(report.deliveries),
        "reminder_second_sweep_ms": second,
        "reminder_sweep_on_generated_data": float(generated),
    }
