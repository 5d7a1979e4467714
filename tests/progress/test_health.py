"""Task health (红黄绿灯): the documented function's cases, its thresholds as settings, and the database
annotation (used by lists and counts) agreeing with it task for task."""

import datetime
import itertools

import pytest

from plans.models import Plan
from tasks.filters import TaskFilter
from tasks.health import Health, compute_health, latest_update_for, latest_updates_for
from tasks.models import ProgressStatus, ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole, WorkStatus
from units.models import Unit

from .conftest import LAST_MONTH, THIS_MONTH, TODAY

SEPTEMBER = datetime.date(2026, 9, 1)
YEAR_PLAN = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31)}


def task(deadline=datetime.date(2026, 12, 31), work_status=WorkStatus.IN_PROGRESS, **plan):
    return Task(plan=Plan(title="计划", **(plan or YEAR_PLAN)), deadline=deadline, work_status=work_status, text="任务")


def update(status=ProgressStatus.ON_TRACK, percent=90, period=LAST_MONTH):
    return ProgressUpdate(status=status, percent_complete=percent, period=period)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(("case", "the_task", "latest", "expected"), [
    ("completed task, even overdue", task(days(-30), WorkStatus.COMPLETED), update(), Health.GREY),
    # only the supervision office's confirmation completes a task (supervision/closing.py)
    ("latest update says completed, not yet confirmed", task(), update(ProgressStatus.COMPLETED, 100), Health.GREEN),
    ("says completed, overdue, not confirmed", task(days(-1)), update(ProgressStatus.COMPLETED, 100), Health.RED),
    ("overdue", task(days(-1)), update(), Health.RED),
    ("latest update says blocked", task(), update(ProgressStatus.BLOCKED), Health.RED),
    ("latest update says behind", task(), update(ProgressStatus.BEHIND), Health.RED),
    ("no update at all", task(), None, Health.RED),
    ("no update for last month", task(), update(period=SEPTEMBER), Health.RED),
    # a later month's update does not make up for last month's: only filling last month in does
    ("this month's update does not count for last month", task(), update(period=THIS_MONTH), Health.RED),
    ("on track, close to time elapsed", task(), update(percent=80), Health.GREEN),
    ("lags time elapsed by more than 25 points", task(), update(percent=60), Health.YELLOW),
    # 325 of 500 days gone = 65 %: exactly 25 points ahead of 40 % is not "more than 25"
    ("lag of exactly 25 points", task(datetime.date(2027, 5, 16)), update(percent=40), Health.GREEN),
    ("lag of 26 points", task(datetime.date(2027, 5, 16)), update(percent=39), Health.YELLOW),
    ("due in 9 days at 79 %", task(days(9)), update(percent=79), Health.YELLOW),
    ("due in 9 days at 80 %", task(days(9)), update(percent=80), Health.GREEN),
    ("due today at 79 %", task(TODAY), update(percent=79), Health.YELLOW),
    ("due in 14 days at 79 %", task(days(14)), update(percent=79), Health.YELLOW),
    ("due in 15 days at 79 %", task(days(15)), update(percent=79), Health.GREEN),
    ("no deadline", task(None), update(percent=5), Health.GREEN),
    ("plan began this month: no update due yet", task(period_start=THIS_MONTH, period_end=days(60)), None,
     Health.YELLOW),
    ("plan without dates still needs last month's update", task(period_start=None, period_end=None), None,
     Health.RED),
])
def test_compute_health(case, the_task, latest, expected):
    assert compute_health(the_task, latest, TODAY) == expected, case


def test_thresholds_are_settings(settings):
    on_track = update(percent=80)  # 9 points behind time elapsed
    assert compute_health(task(), on_track, TODAY) == Health.GREEN
    settings.DUBAN_HEALTH_LAG_POINTS = 5
    assert compute_health(task(), on_track, TODAY) == Health.YELLOW
    settings.DUBAN_HEALTH_LAG_POINTS = 25
    settings.DUBAN_HEALTH_DUE_SOON_DAYS = 20
    assert compute_health(task(days(18)), update(percent=79), TODAY) == Health.YELLOW
    settings.DUBAN_HEALTH_DUE_SOON_PERCENT = 70
    assert compute_health(task(days(18)), update(percent=79), TODAY) == Health.GREEN


@pytest.fixture
def health_grid(db):
    """A task for every combination of deadline, work status, latest update and plan dates."""
    unit = Unit.objects.create(name="区发展和改革委员会")
    deadlines = [None, days(-10), TODAY, days(5), days(14), days(15), days(40), days(200)]
    latest_updates = [None, (SEPTEMBER, ProgressStatus.ON_TRACK, 50), (LAST_MONTH, ProgressStatus.BLOCKED, 50),
                      (LAST_MONTH, ProgressStatus.BEHIND, 50), (LAST_MONTH, ProgressStatus.COMPLETED, 100)]
    latest_updates += [(LAST_MONTH, ProgressStatus.ON_TRACK, p) for p in (0, 40, 79, 80, 95)]
    plans = [Plan.objects.create(title="年度", **YEAR_PLAN),
             Plan.objects.create(title="本月开始", period_start=THIS_MONTH, period_end=days(300)),
             Plan.objects.create(title="无日期")]
    position = itertools.count()
    for plan, deadline, status, latest in itertools.product(
        plans, deadlines, (WorkStatus.IN_PROGRESS, WorkStatus.COMPLETED), latest_updates
    ):
        the_task = Task.objects.create(plan=plan, deadline=deadline, work_status=status, text="任务",
                                       position=next(position))
        if latest:
            period, progress_status, percent = latest
            ProgressUpdate.objects.create(task=the_task, unit=unit, period=period, status=progress_status,
                                          percent_complete=percent, review_state=ReviewState.SUBMITTED)
            # a draft for this month is not yet said, so it must not count
            ProgressUpdate.objects.create(task=the_task, unit=unit, period=THIS_MONTH,
                                          status=ProgressStatus.BLOCKED, review_state=ReviewState.DRAFT)
    return unit


def test_the_database_annotation_agrees_with_compute_health(health_grid):
    tasks = Task.objects.select_related("plan").with_health(TODAY)
    seen = set()
    for annotated in tasks:
        expected = compute_health(annotated, latest_update_for(annotated), TODAY)
        assert annotated.health == expected, (annotated.plan.title, annotated.deadline, annotated.work_status)
        seen.add(expected)
    assert seen == set(Health.values)


def test_the_task_list_health_filter_counts_what_compute_health_counts(health_grid):
    tasks = list(Task.objects.select_related("plan"))
    latest = latest_updates_for(tasks)
    computed = [compute_health(t, latest.get(t.pk), TODAY) for t in tasks]
    for health in Health.values:
        expected = computed.count(health)
        filtered = TaskFilter({"health": health}, queryset=Task.objects.with_health(TODAY), today=TODAY).qs
        assert filtered.count() == expected, health


def test_within_a_month_the_lead_units_update_is_the_one_that_counts(db):
    plan = Plan.objects.create(title="计划", **YEAR_PLAN)
    lead, other = Unit.objects.create(name="牵头"), Unit.objects.create(name="责任")
    the_task = Task.objects.create(plan=plan, text="任务", deadline=days(200))
    TaskUnit.objects.create(task=the_task, role=UnitRole.LEAD, unit=lead)
    TaskUnit.objects.create(task=the_task, role=UnitRole.RESPONSIBLE, unit=other)
    ProgressUpdate.objects.create(task=the_task, unit=lead, period=LAST_MONTH, status=ProgressStatus.ON_TRACK,
                                  percent_complete=85, review_state=ReviewState.ACCEPTED)
    ProgressUpdate.objects.create(task=the_task, unit=other, period=LAST_MONTH, status=ProgressStatus.BLOCKED,
                                  percent_complete=10, review_state=ReviewState.SUBMITTED)
    assert latest_update_for(the_task).unit == lead
    assert Task.objects.with_health(TODAY).get().health == Health.GREEN
    ProgressUpdate.objects.create(task=the_task, unit=other, period=THIS_MONTH, status=ProgressStatus.BLOCKED,
                                  percent_complete=10, review_state=ReviewState.SUBMITTED)
    assert Task.objects.with_health(TODAY).get().health == Health.RED  # a later month wins
