"""How long the annual assessment takes for a district-sized year: 500 tasks, 40 units, ten months of
updates from a lead and a responsible unit on each (10,000 updates, each with its audit entry), some
returns. Goal: the ranking page's computation well under a second (`assessment_500_tasks_ms`)."""

import datetime
import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction, AuditEntry
from plans.models import Plan, PlanStatus
from supervision.assessment import assess_units
from tasks.models import ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from units.models import Unit, UnitKind

YEAR = 2031  # a year no other benchmark uses


@transaction.atomic
def build_year(tasks: int = 500, units: int = 40) -> None:
    plan = Plan.objects.create(title=f"考核基准{YEAR}", status=PlanStatus.ACTIVE,
                               period_start=datetime.date(YEAR, 1, 1), period_end=datetime.date(YEAR, 12, 31))
    unit_rows = Unit.objects.bulk_create(Unit(name=f"基准单位{YEAR}-{n}", kind=UnitKind.BUREAU) for n in range(units))
    task_rows = Task.objects.bulk_create(
        Task(plan=plan, number=str(n + 1), position=n, text=f"基准任务{n}",
             deadline=datetime.date(YEAR, 3 + n % 10, 28)) for n in range(tasks))
    TaskUnit.objects.bulk_create(
        TaskUnit(task=task, role=role, unit=unit_rows[(n + offset) % units])
        for n, task in enumerate(task_rows) for role, offset in ((UnitRole.LEAD, 0), (UnitRole.RESPONSIBLE, 7)))
    updates = []
    for n, task in enumerate(task_rows):
        for offset in (0, 7):
            for month in range(1, 11):
                day = 20 if (n + month) % 6 else 27  # one in six late
                updates.append(ProgressUpdate(
                    task=task, unit=unit_rows[(n + offset) % units], period=datetime.date(YEAR, month, 1),
                    review_state=ReviewState.SUBMITTED, percent_complete=month * 10,
                    submitted_at=timezone.make_aware(datetime.datetime(YEAR, month, day, 10)),
                ))
    updates = ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    kind = ContentType.objects.get_for_model(ProgressUpdate)
    AuditEntry.objects.bulk_create((
        AuditEntry(action=AuditAction.SUBMIT if n % 13 else AuditAction.RETURN, content_type=kind,
                   object_id=update.pk, object_repr="", task_id=update.task_id, plan_id=plan.pk)
        for n, update in enumerate(updates)), batch_size=2000)


def run() -> dict[str, float]:
    build_year()
    as_of = datetime.date(YEAR, 11, 22)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        assessment = assess_units(YEAR, as_of)
        timings.append((time.perf_counter() - start) * 1000)
    assert len(assessment.scores) == 40, "every benchmark unit is scored"
    return {"assessment_500_tasks_ms": statistics.median(timings),
            "assessment_500_tasks_goal_ratio": statistics.median(timings) / 1000}
