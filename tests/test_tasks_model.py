import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Plan
from tasks.models import Comparator, ProgressUpdate, Target, Task, TaskUnit, UnitRole
from units.models import Unit, UnitGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    plan = Plan.objects.create(title="测试计划")
    return Task.objects.create(plan=plan, number="1", text="努力实现地区生产总值增长6%左右。")


def test_one_update_per_task_unit_and_period(task, unit):
    ProgressUpdate.objects.create(task=task, unit=unit, period=datetime.date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(task=task, unit=unit, period=datetime.date(2026, 3, 1))
    # another month, or another unit, is a separate update
    ProgressUpdate.objects.create(task=task, unit=unit, period=datetime.date(2026, 4, 1))
    other = Unit.objects.create(name="区财政局")
    ProgressUpdate.objects.create(task=task, unit=other, period=datetime.date(2026, 3, 1))
    assert task.updates.count() == 3


def test_reporting_period_is_a_month(task, unit):
    update = ProgressUpdate(task=task, unit=unit, period=datetime.date(2026, 3, 15))
    with pytest.raises(ValidationError) as excinfo:
        update.full_clean()
    assert "period" in excinfo.value.message_dict


def test_percent_complete_cannot_exceed_100(task, unit):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(task=task, unit=unit, period=datetime.date(2026, 3, 1), percent_complete=120)


def test_task_units_keep_document_order_per_role(task, unit):
    group = UnitGroup.objects.create(name="各街道")
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, position=1, name="全区经济运行各专班")
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, position=0, group=group, name="各街道")
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, position=0, unit=unit, name="区发改委")
    task = Task.objects.prefetch_related("task_units__unit", "task_units__group").get(pk=task.pk)
    assert [tu.display_name for tu in task.lead_units] == ["区发展和改革委员会"]
    assert [tu.display_name for tu in task.responsible_units] == ["各街道", "全区经济运行各专班"]
    assert task.responsible_units[1].is_unmatched


def test_unmatched_name_is_kept_with_its_qualifier(task):
    tu = TaskUnit.objects.create(task=task, role=UnitRole.LEAD, name="区工信局", qualifier="闲置厂房")
    assert tu.display_name == "区工信局（闲置厂房）"


def test_task_unit_is_a_unit_or_a_group_not_both(task, unit):
    group = UnitGroup.objects.create(name="各街道")
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=unit, group=group)


def test_task_unit_must_name_something(task):
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD)


def test_range_target_needs_an_upper_value(task):
    target = Target(task=task, text="1-2个", comparator=Comparator.RANGE, value=Decimal(1))
    with pytest.raises(ValidationError):
        target.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        target.save()


@pytest.mark.parametrize(
    ("comparator", "value", "upper", "actual", "met"),
    [
        (Comparator.ABOUT, "6.2", None, "6.0", True),
        (Comparator.ABOUT, "6.2", None, "5.5", False),
        (Comparator.ABOUT, "-3", None, "-2.9", True),
        (Comparator.ABOUT, "-3", None, "-4", True),
        (Comparator.ABOUT, "-3", None, "-2.5", False),
        (Comparator.AT_LEAST, "50", None, "50", True),
        (Comparator.AT_LEAST, "50", None, "49", False),
        (Comparator.AT_MOST, "2.5", None, "2.4", True),
        (Comparator.AT_MOST, "2.5", None, "2.6", False),
        (Comparator.RANGE, "1", "2", "2", True),
        (Comparator.RANGE, "1", "2", "3", False),
    ],
)
def test_target_is_met_by_actual(task, comparator, value, upper, actual, met):
    target = Target(task=task, text="x", comparator=comparator, value=Decimal(value),
                    upper_value=Decimal(upper) if upper else None)
    assert target.is_met_by(Decimal(actual)) is met


def test_sub_item_must_belong_to_the_same_plan(task):
    other_plan = Plan.objects.create(title="另一计划")
    sub = Task(plan=other_plan, parent=task, number="▲", text="子项")
    with pytest.raises(ValidationError):
        sub.full_clean()
