"""Task health (红黄绿灯) has three bodies — the rule in Python (compute_health over latest_update_for, as
notices ask it, and with the updates in hand, as the task page does), the ORM annotation (annotate_health,
the task list) and one SQL statement (health_sql, the dashboards' counts and add_health). Every case goes
through every one of them.

Living on 2026-12-10 (last closed month: November) in a plan for 2026; a task's deadline is 2027-06-30 unless
the case says otherwise, so 63 % of its time has gone and 38 % done keeps it out of yellow."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Plan, PlanStatus
from tasks.health import Health, assess_health, closed_reported_in, compute_health, latest_update_for
from tasks.health_sql import add_health, health_rows
from tasks.models import ProgressStatus, ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole, WorkStatus
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 10)
OCT, NOV, DEC = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)
S, A, R, DRAFT = ReviewState.SUBMITTED, ReviewState.ACCEPTED, ReviewState.RETURNED, ReviewState.DRAFT
ON, BLOCKED = ProgressStatus.ON_TRACK, ProgressStatus.BLOCKED

# (case, task fields, [(unit: "lead" / "resp", month, state, status, percent, submitted day)], health)
CASES = [
    ("no update at all", {}, [], Health.RED),
    ("last month reported, on track", {}, [("lead", NOV, A, ON, 60, 20)], Health.GREEN),
    ("last month reported but not yet reviewed", {}, [("lead", NOV, S, ON, 60, 20)], Health.GREEN),
    # a later month's update, even unreviewed, does not make up for a missing one
    ("December's update hides no missing November", {}, [("lead", OCT, A, ON, 50, 20), ("lead", DEC, S, ON, 60, 5)],
     Health.RED),
    ("November filled in late (补报) after December's", {},
     [("lead", DEC, S, ON, 60, 5), ("lead", NOV, S, ON, 60, 8)], Health.GREEN),
    # a returned update was reported (not missing), but its words and percent are not quoted: 0 % done lags
    ("last month's update was returned", {}, [("lead", NOV, R, ON, 60, 20)], Health.YELLOW),
    ("only a draft for last month", {}, [("lead", NOV, DRAFT, ON, 60, 20)], Health.RED),
    ("the speaking update says blocked", {}, [("lead", NOV, A, BLOCKED, 60, 20)], Health.RED),
    ("the lead unit speaks before a later responsible unit", {},
     [("lead", NOV, A, BLOCKED, 60, 10), ("resp", NOV, A, ON, 90, 20)], Health.RED),
    ("a returned lead update does not speak", {},
     [("lead", NOV, R, BLOCKED, 60, 10), ("resp", NOV, A, ON, 90, 20)], Health.GREEN),
    ("overdue", {"deadline": datetime.date(2026, 12, 1)}, [("lead", NOV, A, ON, 60, 20)], Health.RED),
    ("due soon and not far enough", {"deadline": datetime.date(2026, 12, 20)}, [("lead", NOV, A, ON, 70, 20)],
     Health.YELLOW),
    ("lags the time elapsed", {}, [("lead", NOV, A, ON, 30, 20)], Health.YELLOW),
    ("completed", {"work_status": WorkStatus.COMPLETED, "completed_on": datetime.date(2026, 11, 30)}, [],
     Health.GREY),
    ("completed after the day asked about", {"work_status": WorkStatus.COMPLETED,
                                              "completed_on": datetime.date(2026, 12, 20)},
     [("lead", NOV, A, ON, 60, 20)], Health.GREEN),
]


def make_case(fields: dict, written: list) -> Task:
    plan = Plan.objects.create(title="红黄绿灯测试", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 1, 1),
                               period_end=datetime.date(2026, 12, 31))
    task = Task.objects.create(plan=plan, number="1", text="任务", **{"deadline": datetime.date(2027, 6, 30),
                                                                     "work_status": WorkStatus.IN_PROGRESS,
                                                                     **fields})
    units = {role: Unit.objects.create(name=f"{role}单位", kind=UnitKind.BUREAU) for role in ("lead", "resp")}
    TaskUnit.objects.create(task=task, unit=units["lead"], role=UnitRole.LEAD, name="lead单位")
    TaskUnit.objects.create(task=task, unit=units["resp"], role=UnitRole.RESPONSIBLE, name="resp单位")
    for role, month, state, status, percent, day in written:
        ProgressUpdate.objects.create(
            task=task, unit=units[role], period=month, review_state=state, status=status, percent_complete=percent,
            submitted_at=None if state == DRAFT else timezone.make_aware(
                datetime.datetime(month.year, month.month, day, 10)))
    return task


def every_form(task: Task) -> dict[str, str]:
    fresh = Task.objects.select_related("plan").get(pk=task.pk)
    added = Task.objects.select_related("plan").get(pk=task.pk)
    add_health([added], TODAY)
    return {
        "compute_health (Python)": compute_health(fresh, latest_update_for(fresh), TODAY),
        "task page (updates in hand)": assess_health(
            fresh, latest_update_for(fresh), TODAY,
            closed_reported=closed_reported_in(list(ProgressUpdate.objects.filter(task=task)), TODAY)).health,
        "annotate_health (ORM)": Task.objects.filter(pk=task.pk).with_health(TODAY).get().health,
        "health_rows (SQL)": dict(health_rows(Task.objects.filter(pk=task.pk), TODAY, group=False))[task.pk],
        "add_health (SQL)": added.health,
    }


@pytest.mark.parametrize(("case", "fields", "written", "health"), CASES, ids=[c[0] for c in CASES])
def test_every_form_of_health_agrees(case, fields, written, health):
    answers = every_form(make_case(fields, written))
    assert answers == dict.fromkeys(answers, health), f"{case}: {answers}"
