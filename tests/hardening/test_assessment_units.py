"""The assessment owes updates from the units the reports do: a task naming a unit group owes one from every
member, and a ▲ sub-item without lead units of its own owes one from its task's lead units. A unit the
by-unit figures count as missing an update is scored missing in the assessment, month for month."""

import datetime
from collections import Counter

import pytest

from plans.models import Plan, PlanStatus
from reports import figures
from supervision.assessment import LineKind, assess_units
from tasks import sub_item_units
from tasks.models import Task, TaskUnit, UnitRole
from units.models import GroupMembership, Unit, UnitGroup, UnitKind

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 20)  # October's reporting day is over, November's is not
MONTHS = [datetime.date(2026, month, 1) for month in range(1, 12)]


@pytest.fixture
def named():
    """Task 1 names the bureau as lead and 各街道 (two streets, listed) as responsible; its ▲ sub-item names
    only a responsible unit, so the bureau leads it too. Nobody has reported."""
    plan = Plan.objects.create(title="考核单位", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 9, 1),
                               period_end=datetime.date(2026, 12, 31))
    bureau = Unit.objects.create(name="区发改委", kind=UnitKind.BUREAU)
    helper = Unit.objects.create(name="区财政局", kind=UnitKind.BUREAU)
    east = Unit.objects.create(name="东街道", kind=UnitKind.STREET)
    west = Unit.objects.create(name="西街道", kind=UnitKind.STREET)
    streets = UnitGroup.objects.create(name="各街道", membership=GroupMembership.EXPLICIT)
    streets.members.set([east, west])
    task = Task.objects.create(plan=plan, number="1", text="任务", position=1)
    TaskUnit.objects.create(task=task, unit=bureau, role=UnitRole.LEAD, name=bureau.name)
    TaskUnit.objects.create(task=task, group=streets, role=UnitRole.RESPONSIBLE, name=streets.name)
    sub_item = Task.objects.create(plan=plan, parent=task, number="▲", text="子项", position=2)
    TaskUnit.objects.create(task=sub_item, unit=helper, role=UnitRole.RESPONSIBLE, name=helper.name)
    return plan, task, sub_item, {"bureau": bureau, "helper": helper, "east": east, "west": west}


def assessed_missing(units) -> Counter:
    """Unit name → the missing-update lines the assessment scores against it, with the line's weight."""
    found = Counter()
    assessment = assess_units(2026, AS_OF)
    for name, unit in units.items():
        score = assessment.for_unit(unit.pk)
        for line in score.lines if score else []:
            if line.kind == LineKind.MISSING_REPORT:
                found[name] += 1
    return found


def test_group_members_and_inherited_lead_are_scored_missing_as_the_reports_count_them(named):
    plan, _task, _sub_item, units = named
    counts = figures.reporting_counts(figures.Scope(Task.objects.filter(plan=plan)), MONTHS, AS_OF)
    reported_missing = Counter()
    for name, unit in units.items():
        reported_missing[name] = sum(c.missing for (unit_id, _month), c in counts.items() if unit_id == unit.pk)
    # September and October are due: the bureau owes both tasks, the streets task 1, the helper the sub-item
    assert reported_missing == Counter(bureau=4, east=2, west=2, helper=2)
    assert assessed_missing(units) == reported_missing


def test_a_group_member_is_weighted_by_the_role_the_group_has(named):
    _plan, _task, sub_item, units = named
    assessment = assess_units(2026, AS_OF)
    scheme = assessment.scheme
    east = assessment.for_unit(units["east"].pk)
    bureau = assessment.for_unit(units["bureau"].pk)
    assert {line.weight for line in east.lines} == {scheme.responsible_weight}
    inherited = [line for line in bureau.lines if line.task_id == sub_item.pk]
    assert inherited and {line.weight for line in inherited} == {scheme.lead_weight}


def test_named_unit_roles_resolves_groups_and_inherits_leads(named, django_assert_max_num_queries):
    _plan, task, sub_item, units = named
    with django_assert_max_num_queries(3):
        roles = sub_item_units.named_unit_roles([task, sub_item])
    pk = {name: unit.pk for name, unit in units.items()}
    assert roles == {
        task.pk: {pk["bureau"]: UnitRole.LEAD, pk["east"]: UnitRole.RESPONSIBLE, pk["west"]: UnitRole.RESPONSIBLE},
        sub_item.pk: {pk["helper"]: UnitRole.RESPONSIBLE, pk["bureau"]: UnitRole.LEAD},
    }
