"""The reporting day has one meaning wherever it is used: My work's "due on", the reminders (the late notice
goes out the day after), the reports' and dashboards' on time / late (one SQL statement) and the annual
assessment's late lines. Every case goes through every one of them: an update first submitted late on the due
day is on time everywhere, one submitted just after midnight is late everywhere."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Plan, PlanStatus
from reminders.models import Rule
from reminders.notices import reporting_occasions
from reports import figures
from supervision.assessment import LineKind, assess_units
from tasks import reporting_day
from tasks.models import ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from tasks.work import build_work
from tests.conftest import make_user
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

D = datetime.date

# (reporting day, moved before weekends, month, the day its update is due)
CASES = [
    (25, False, D(2026, 11, 1), D(2026, 11, 25)),
    (25, False, D(2026, 4, 1), D(2026, 4, 25)),  # a Saturday, left alone
    (25, True, D(2026, 4, 1), D(2026, 4, 24)),  # a Saturday → the Friday before
    (25, True, D(2026, 10, 1), D(2026, 10, 23)),  # a Sunday → the Friday before
    (25, True, D(2026, 11, 1), D(2026, 11, 25)),  # a Wednesday, not moved
    (31, False, D(2026, 2, 1), D(2026, 2, 28)),  # a short month: its last day
    (31, False, D(2026, 9, 1), D(2026, 9, 30)),
    (30, False, D(2028, 2, 1), D(2028, 2, 29)),  # a leap year
    (31, True, D(2026, 2, 1), D(2026, 2, 27)),  # the last day, a Saturday → Friday
    (1, True, D(2026, 3, 1), D(2026, 3, 2)),  # a Sunday the 1st: the Friday before is in February → Monday
    (1, False, D(2026, 3, 1), D(2026, 3, 1)),
]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def every_form(period: datetime.date, due: datetime.date) -> dict[str, object]:
    """What each user of the rule answers, phrased so that every answer is `True` when it agrees with `due`."""
    plan = Plan.objects.create(title="报送日测试", status=PlanStatus.ACTIVE, period_start=D(period.year, 1, 1),
                               period_end=D(period.year, 12, 31))
    prompt, slow = (Unit.objects.create(name=name, kind=UnitKind.BUREAU) for name in ("按时单位", "逾期单位"))
    task = Task.objects.create(plan=plan, number="1", text="任务")
    TaskUnit.objects.create(task=task, unit=prompt, role=UnitRole.LEAD)
    TaskUnit.objects.create(task=task, unit=slow, role=UnitRole.RESPONSIBLE)
    day_after = due + datetime.timedelta(days=1)
    for unit, submitted in ((prompt, at(due, 23, 30)), (slow, at(day_after, 0, 30))):
        ProgressUpdate.objects.create(task=task, unit=unit, period=period, review_state=ReviewState.SUBMITTED,
                                      submitted_at=submitted)

    scope = figures.Scope(Task.objects.filter(pk=task.pk))
    as_of = min(day_after + datetime.timedelta(days=3), D(period.year, 12, 31))  # the due day is over
    counts = figures.reporting_counts(scope, [period], as_of)
    assessment = assess_units(period.year, as_of=as_of)
    late_lines = {
        score.unit.pk for score in assessment.scores for line in score.lines
        if line.kind == LineKind.LATE_REPORT and line.detail.startswith(f"{period:%Y-%m}")
    }
    return {
        "reporting_day.due_on": reporting_day.due_on(period) == due,
        "My work": build_work(make_user("nobody"), period).due_on == due,
        "reminders (late notice the day after)": (
            (period, Rule.REPORTING_LATE, 1) in reporting_occasions(day_after)
            and (period, Rule.REPORTING_LATE, 1) not in reporting_occasions(due)
        ),
        "reports (on time)": counts[(prompt.pk, period)].on_time == 1,
        "reports (late)": counts[(slow.pk, period)].late == 1,
        "assessment (late lines)": late_lines == {slow.pk},
    }


@pytest.mark.parametrize(("reporting_day_setting", "before_weekend", "period", "due"), CASES,
                         ids=[f"day {c[0]}{' before weekend' if c[1] else ''}, {c[2]:%Y-%m}" for c in CASES])
def test_every_user_of_the_reporting_day_agrees(settings, reporting_day_setting, before_weekend, period, due):
    settings.DUBAN_REPORTING_DAY = reporting_day_setting
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = before_weekend
    answers = every_form(period, due)
    assert answers == dict.fromkeys(answers, True), f"due on {due}: {answers}"
