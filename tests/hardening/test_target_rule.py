""""Target met" has one meaning wherever it is asked: the task page's model method, the task list's filter and
the report's rows (queryset), and the dashboards' counts (one SQL statement). Every case below goes through
every form, and the test fails if any form answers differently from the rule or from another form."""

import datetime
from decimal import Decimal

import pytest

from plans.models import Plan
from reports.figures.targets_sql import target_counts
from tasks import reporting, target_rule
from tasks.models import Comparator, ProgressUpdate, ReviewState, Target, TargetActual, Task

pytestmark = pytest.mark.django_db

PERIOD = datetime.date(2026, 10, 1)
GTE, LTE, ABOUT, EQ, RANGE = (Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.ABOUT, Comparator.EQUAL,
                              Comparator.RANGE)

# (as written, comparator, value, upper value, actual or None when none was reported, met)
CASES = [
    ("不低于50家", GTE, "50", None, "50", True),
    ("不低于50家", GTE, "50", None, "61", True),
    ("不低于50家", GTE, "50", None, "49.9", False),
    ("增速不低于-3%", GTE, "-3", None, "-2", True),  # a floor below zero: anything above it is met
    ("增速不低于-3%", GTE, "-3", None, "-3.5", False),
    ("控制在30以下", LTE, "30", None, "23.7", True),
    ("控制在30以下", LTE, "30", None, "30", True),
    ("控制在30以下", LTE, "30", None, "30.1", False),
    ("能耗下降2%", LTE, "-2", None, "-2.5", True),  # a decline of at least 2 %
    ("能耗下降2%", LTE, "-2", None, "-1", False),
    ("增长6.2%左右", ABOUT, "6.2", None, "6.0", True),
    ("增长6.2%左右", ABOUT, "6.2", None, "5.89", True),  # exactly 95 % of 6.2
    ("增长6.2%左右", ABOUT, "6.2", None, "5.88", False),
    ("增长6.2%左右", ABOUT, "6.2", None, "7", True),
    ("增长1.2%左右", ABOUT, "1.2", None, "1.14", True),  # exactly 95 %, which binary floating point misses
    ("约1.0019", ABOUT, "1.0019", None, "0.9518", False),  # 0.0005 short of 95 %: four decimals count
    ("约1.0019", ABOUT, "1.0019", None, "0.9519", True),
    ("下降1.2%左右", ABOUT, "-1.2", None, "-1.14", True),
    ("下降3%左右", ABOUT, "-3", None, "-2.9", True),  # 下降3%左右 is about -3: a fall of 2.9 % is close enough
    ("下降3%左右", ABOUT, "-3", None, "-2.85", True),  # exactly 95 % of the fall
    ("下降3%左右", ABOUT, "-3", None, "-2.5", False),  # a fall of only 2.5 % is not
    ("下降3%左右", ABOUT, "-3", None, "-4", True),
    ("下降3%左右", ABOUT, "-3", None, "1", False),  # went up instead
    ("增长1%至2%", RANGE, "1", "2", "1", True),
    ("增长1%至2%", RANGE, "1", "2", "1.5", True),
    ("增长1%至2%", RANGE, "1", "2", "2", True),
    ("增长1%至2%", RANGE, "1", "2", "0.9", False),
    ("增长1%至2%", RANGE, "1", "2", "2.1", False),
    ("下降3%至5%", RANGE, "-5", "-3", "-4", True),
    ("下降3%至5%", RANGE, "-5", "-3", "-2", False),
    ("新建10个", EQ, "10", None, "10", True),
    ("新建10个", EQ, "10", None, "12", True),  # building more than the figure fulfils it
    ("新建10个", EQ, "10", None, "9", False),
    ("减少3家", EQ, "-3", None, "-3", True),  # a figure below zero is reached by going down to it
    ("减少3家", EQ, "-3", None, "-4", True),
    ("减少3家", EQ, "-3", None, "-2", False),
    *((f"nothing reported ({comparator.label})", comparator, "-3" if comparator == ABOUT else "1",
       "2" if comparator == RANGE else None, None, False) for comparator in Comparator),
]


def decimal(text):
    return None if text is None else Decimal(text)


@pytest.fixture
def plan(db):
    return Plan.objects.create(title="目标口径测试")


def make_target(plan, unit, written, comparator, value, upper, actual) -> Target:
    task = Task.objects.create(plan=plan, number="1", text=written)
    target = Target.objects.create(task=task, text=written, comparator=comparator, value=decimal(value),
                                   upper_value=decimal(upper))
    if actual is not None:
        update = ProgressUpdate.objects.create(task=task, unit=unit, period=PERIOD, review_state=ReviewState.SUBMITTED)
        TargetActual.objects.create(update=update, target=target, value=decimal(actual))
    return target


def every_form(target: Target, actual) -> dict[str, bool]:
    """What each body of the rule answers for this target and its latest value."""
    tasks = Task.objects.filter(pk=target.task_id)
    return {
        "target_rule.is_met": target_rule.is_met(target.comparator, target.value, target.upper_value,
                                                 decimal(actual)),
        "Target.is_met_by": target.is_met_by(decimal(actual)),
        "targets_with_actuals (queryset)": reporting.targets_with_actuals(PERIOD).get(pk=target.pk).is_met,
        "targets_met (task list filter)": tasks.filter(reporting.targets_met(PERIOD)).exists(),
        "target_counts (dashboard SQL)": target_counts(tasks, PERIOD).met == 1,
    }


@pytest.mark.parametrize(("written", "comparator", "value", "upper", "actual", "met"), CASES,
                         ids=[f"{c[1].value} {c[2]}{'..' + c[3] if c[3] else ''}, actual {c[4]}" for c in CASES])
def test_every_form_of_target_met_agrees(plan, unit, written, comparator, value, upper, actual, met):
    target = make_target(plan, unit, written, comparator, value, upper, actual)
    answers = every_form(target, actual)
    assert answers == dict.fromkeys(answers, met), f"{written} with {actual}: {answers}"
