"""A ▲ sub-item without lead units of its own is led by its task's lead units; with lead units of its own, by
those alone; it never inherits its task's responsible units. One rule, asked in many places: who may write and
whose update is the consolidated one (permissions, in Python and as a queryset), which tasks a unit leads
(the task list's filter, the by-unit figures' SQL), whose update speaks for the task (health's ranking, in
the ORM and in SQL) and the report's lead-unit column. Every case goes through every one of them.

Every named unit reports for the month, the lead unit first (so only the lead-first ranking puts its update
ahead of the later ones)."""

import datetime

import pytest
from django.utils import timezone

from plans.models import Plan, PlanStatus
from reports import figures
from reports.building import compute_rows
from reports.periods import ReportPeriod
from tasks import sub_item_units
from tasks.health import latest_update_for
from tasks.health_sql import add_health
from tasks.models import ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from tasks.permissions import is_consolidated, lead_unit_ids
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

PERIOD = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 11, 5)

# (case, the task's units, the sub-item's units (None: not a sub-item — the task itself is asked), its leads)
CASES = [
    ("a task", {"A": "lead", "B": "responsible"}, None, {"A"}),
    ("a sub-item with no lead of its own", {"A": "lead", "C": "responsible"}, {"B": "responsible"}, {"A"}),
    ("a sub-item with a lead of its own", {"A": "lead"}, {"C": "lead", "B": "responsible"}, {"C"}),
    ("a sub-item naming no unit at all", {"A": "lead", "B": "responsible"}, {}, {"A"}),
]


def make_case(task_units: dict, sub_units: dict | None) -> tuple[Task, dict[str, Unit]]:
    plan = Plan.objects.create(title="▲子项测试", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 1, 1),
                               period_end=datetime.date(2026, 12, 31))
    units = {name: Unit.objects.create(name=f"{name}单位", kind=UnitKind.BUREAU) for name in "ABC"}
    task = Task.objects.create(plan=plan, number="1", text="任务", position=1)
    asked = task if sub_units is None else Task.objects.create(plan=plan, parent=task, number="▲", text="子项",
                                                               position=2)
    owners = [(task, task_units)] if sub_units is None else [(task, task_units), (asked, sub_units)]
    for owner, named in owners:
        for name, role in named.items():
            TaskUnit.objects.create(task=owner, unit=units[name], role=role, name=units[name].name)
    return asked, units


def report_all(task: Task, units: dict[str, Unit], leads: set[str]) -> None:
    """Every unit reports on the asked task; the lead units first, each with its own percent."""
    order = sorted(units, key=lambda name: (name not in leads, name))
    for minute, name in enumerate(order):
        ProgressUpdate.objects.create(
            task=task, unit=units[name], period=PERIOD, review_state=ReviewState.ACCEPTED,
            percent_complete=10 + ord(name), narrative=f"{name}说",
            submitted_at=timezone.make_aware(datetime.datetime(2026, 10, 20, 9, minute)),
        )


def every_form(task: Task, units: dict[str, Unit]) -> dict[str, set[str]]:
    name_of = {unit.pk: name for name, unit in units.items()}
    by_percent = {10 + ord(name): name for name in units}
    updates = list(ProgressUpdate.objects.filter(task=task).select_related("task__parent", "unit"))
    fresh = Task.objects.select_related("parent").get(pk=task.pk)
    add_health([fresh], TODAY)
    scope = figures.Scope(Task.objects.filter(pk=task.pk))
    as_of = figures.AsOf.for_period(PERIOD, TODAY)
    row = compute_rows(scope, ReportPeriod("monthly", PERIOD), as_of)[0]
    unit_rows = figures.unit_figures(scope, as_of)
    return {
        "sub_item_units.lead_unit_ids": {name_of[pk] for pk in sub_item_units.lead_unit_ids(fresh)},
        "permissions.lead_unit_ids": {name_of[pk] for pk in lead_unit_ids(fresh)},
        "sub_item_units.named_unit_roles (lead)": {
            name_of[pk] for pk, role in sub_item_units.named_unit_roles([fresh])[fresh.pk].items()
            if role == UnitRole.LEAD},
        "permissions.is_consolidated": {name_of[u.unit_id] for u in updates if is_consolidated(u)},
        "Task.objects.naming_units (lead)": {
            name for name, unit in units.items()
            if Task.objects.filter(pk=task.pk).naming_units([unit.pk], role=UnitRole.LEAD).exists()},
        "leads_update (Q over updates)": {
            name_of[u.unit_id] for u in ProgressUpdate.objects.filter(task=task)
            .filter(sub_item_units.leads_update())},
        "unit_figures leads (SQL)": {name_of[u.unit_id] for u in unit_rows if u.leads.value},
        "health: latest_update_for (ORM)": {name_of[latest_update_for(fresh).unit_id]},
        "health: add_health (SQL)": {by_percent[fresh.latest_percent]},
        "report: lead units column": {name for name, unit in units.items() if unit.name in row["lead_units"]},
        "report: progress quoted": {name for name in units if f"{name}说" == row["source_progress"]},
    }


@pytest.mark.parametrize(("case", "task_units", "sub_units", "leads"), CASES, ids=[c[0] for c in CASES])
def test_every_form_of_who_leads_a_sub_item_agrees(case, task_units, sub_units, leads):
    task, units = make_case(task_units, sub_units)
    report_all(task, units, leads)
    answers = every_form(task, units)
    assert answers == dict.fromkeys(answers, leads), f"{case}: {answers}"
