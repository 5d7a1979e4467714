"""The sweep reads the district with a fixed number of queries, whatever its size; sending costs a fixed
number per message (claim and mark), never per task."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.notices import notices_due
from reminders.sweep import run_sweep
from tasks.models import Milestone, Notification, Task, TaskUnit, UnitRole
from units.models import GroupMembership, Unit, UnitGroup, UnitKind

from .conftest import DUE_NOVEMBER, person

pytestmark = pytest.mark.django_db
SWEEP_DAY = DUE_NOVEMBER - datetime.timedelta(days=5)
READ_QUERIES = 12


def grow(district, units: int, tasks_per_unit: int) -> None:
    streets = UnitGroup.objects.create(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=["street"])
    listed = UnitGroup.objects.create(name="相关部门", membership=GroupMembership.EXPLICIT)
    for number in range(units):
        unit = Unit.objects.create(name=f"单位{number}", kind=UnitKind.STREET if number % 2 else UnitKind.BUREAU)
        listed.members.add(unit)
        person(f"u{number}_staff", unit)
        for index in range(tasks_per_unit):
            task = Task.objects.create(plan=district.plan, number=str(index), position=number * 100 + index,
                                       text=f"任务{number}-{index}", deadline=SWEEP_DAY + datetime.timedelta(days=3))
            TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=unit, name=unit.name)
            TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, group=streets, name="各街道")
            Task.objects.create(plan=district.plan, parent=task, number="▲", position=number * 100 + index,
                                text="子任务", deadline=SWEEP_DAY + datetime.timedelta(days=7))
            Milestone.objects.create(task=task, description="节点", due_on=SWEEP_DAY + datetime.timedelta(days=1))


@pytest.mark.parametrize("units", [2, 12])
def test_finding_what_falls_due_takes_a_fixed_number_of_queries(district, units, django_assert_max_num_queries):
    grow(district, units, tasks_per_unit=3)
    with django_assert_max_num_queries(READ_QUERIES):
        notices, _people, _urges = notices_due(SWEEP_DAY)
    assert len(notices) > units * 3


@pytest.mark.parametrize("units", [2, 12])
def test_a_sweep_costs_a_few_queries_per_message_and_none_per_task(district, units):
    grow(district, units, tasks_per_unit=3)
    with CaptureQueriesContext(connection) as queries:
        report = run_sweep(SWEEP_DAY)
    notifications, emails = Notification.objects.count(), len(mail.outbox)
    assert notifications > units and emails > units
    # reading; recording, claiming and writing notifications in batches; then for each email its claim
    # renewed and its mark
    batches = len(report.deliveries) // 50 + 1
    assert len(queries) <= READ_QUERIES + 6 * batches + 2 * emails
