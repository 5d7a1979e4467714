"""Which update speaks for a task: the same one for health (in the ORM and in SQL), for the report's progress
column, and for the targets (the task list's queryset and the dashboards' SQL) — the latest month, the lead
unit's first, then the most recently submitted; accepted and submitted updates only, never a returned one or
a draft. And a report says when the words it prints have not been reviewed yet."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from plans.models import Plan, PlanStatus
from reports import figures
from reports.building import compute_rows
from reports.figures.targets_sql import target_counts
from reports.periods import ReportPeriod
from tasks import reporting, speaking_update
from tasks.health import latest_update_for
from tasks.health_sql import add_health
from tasks.models import Comparator, ProgressUpdate, ReviewState, Target, TargetActual, Task, TaskUnit, UnitRole
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

AUG, SEP = datetime.date(2026, 8, 1), datetime.date(2026, 9, 1)
TODAY = datetime.date(2026, 10, 5)
QUARTER = ReportPeriod("quarterly", datetime.date(2026, 7, 1))
S, A, R, D = ReviewState.SUBMITTED, ReviewState.ACCEPTED, ReviewState.RETURNED, ReviewState.DRAFT

# (case, [(label, unit, month, submitted on (day of the month, hour) or None, state)], the label that speaks)
# Units: L leads the task, R1 and R2 are responsible.
CASES = [
    ("the lead unit's first within a month", [("l", "L", SEP, (10, 9), S), ("r", "R1", SEP, (20, 9), S)], "l"),
    ("the latest month first", [("l", "L", AUG, (20, 9), A), ("r", "R1", SEP, (20, 9), S)], "r"),
    ("then the most recently submitted", [("r1", "R1", SEP, (10, 9), S), ("r2", "R2", SEP, (20, 9), S)], "r2"),
    ("never a returned update", [("l", "L", SEP, (10, 9), R), ("r", "R1", SEP, (5, 9), S)], "r"),
    ("never a draft", [("l", "L", SEP, None, D), ("r", "R1", AUG, (20, 9), A)], "r"),
    ("accepted and unreviewed alike", [("l", "L", SEP, (10, 9), S), ("r", "R1", SEP, (20, 9), A)], "l"),
    ("a submission time unknown comes last", [("r1", "R1", SEP, None, A), ("r2", "R2", SEP, (1, 8), S)], "r2"),
    ("nothing that may be quoted", [("l", "L", SEP, (10, 9), R)], None),
]


def make_task() -> tuple[Task, dict[str, Unit], Target]:
    plan = Plan.objects.create(title="进展口径测试", status=PlanStatus.ACTIVE, period_start=datetime.date(2026, 1, 1),
                               period_end=datetime.date(2026, 12, 31))
    task = Task.objects.create(plan=plan, number="1", text="任务", position=1)
    units = {name: Unit.objects.create(name=f"{name}单位", kind=UnitKind.BUREAU) for name in ("L", "R1", "R2")}
    for name, unit in units.items():
        TaskUnit.objects.create(task=task, unit=unit, name=unit.name,
                                role=UnitRole.LEAD if name == "L" else UnitRole.RESPONSIBLE)
    target = Target.objects.create(task=task, text="目标", comparator=Comparator.RANGE, value=0, upper_value=0)
    return task, units, target


def make_updates(task, units, target, written) -> dict[int, str]:
    """The updates, each with its own percent and target value (its position + 1, times 10); pk → label."""
    labels = {}
    for index, (label, unit, month, submitted, state) in enumerate(written):
        when = None if submitted is None else timezone.make_aware(
            datetime.datetime(month.year, month.month, submitted[0], submitted[1]))
        update = ProgressUpdate.objects.create(task=task, unit=units[unit], period=month, review_state=state,
                                               submitted_at=when, percent_complete=10 * (index + 1),
                                               narrative=f"〔{label}〕")
        TargetActual.objects.create(update=update, target=target, value=Decimal(10 * (index + 1)))
        labels[update.pk] = label
    return labels


def every_form(task, units, target, labels, speaks) -> dict[str, object]:
    by_value = {10 * (index + 1): label for index, label in enumerate(labels.values())}
    updates = list(ProgressUpdate.objects.filter(task=task))
    leads = {units["L"].pk}
    chosen = speaking_update.speaking(updates, leads)
    fresh = Task.objects.select_related("plan").get(pk=task.pk)
    add_health([fresh], TODAY)
    orm_latest = latest_update_for(fresh)
    actual = reporting.targets_with_actuals(SEP).get(pk=target.pk).actual
    # the dashboards' SQL judges the target met only when the speaking update's value is the range [v, v]
    if speaks is not None:
        expected_value = next(10 * (i + 1) for i, label in enumerate(labels.values()) if label == speaks)
        Target.objects.filter(pk=target.pk).update(value=expected_value, upper_value=expected_value)
    sql_met = target_counts(Task.objects.filter(pk=task.pk), SEP).met == (1 if speaks is not None else 0)
    with translation.override("en"):
        row = compute_rows(figures.Scope(Task.objects.filter(pk=task.pk)), QUARTER,
                           figures.AsOf.for_period(SEP, TODAY))[0]
    quoted = {label for label in labels.values() if f"〔{label}〕" in row["source_progress"]}
    not_quotable = {labels[u.pk] for u in updates if u.review_state not in speaking_update.QUOTED_STATES}
    return {
        "speaking_update.speaking": labels[chosen.pk] if chosen else None,
        "health: latest_update_for (ORM)": labels[orm_latest.pk] if orm_latest else None,
        "health: add_health (SQL)": by_value.get(fresh.latest_percent) if fresh.latest_period else None,
        "targets_with_actuals (queryset)": by_value[int(actual)] if actual is not None else None,
        "target_counts (dashboard SQL) agrees": speaks if sql_met else "disagrees",
        # a report quotes the lead's update alone, else every responsible unit's quotable one
        "report row": speaks if (speaks in quoted or speaks is None) and not quoted & not_quotable else quoted,
    }


@pytest.mark.parametrize(("case", "written", "speaks"), CASES, ids=[c[0] for c in CASES])
def test_every_form_chooses_the_same_update(case, written, speaks):
    task, units, target = make_task()
    labels = make_updates(task, units, target, written)
    answers = every_form(task, units, target, labels, speaks)
    assert answers == dict.fromkeys(answers, speaks), f"{case}: {answers}"


@pytest.mark.parametrize(("state", "printed"), [
    (ReviewState.ACCEPTED, "〔l〕"),
    (ReviewState.SUBMITTED, "(not yet reviewed) 〔l〕"),
    (ReviewState.RETURNED, ""),
])
def test_a_report_says_when_the_progress_it_prints_is_not_reviewed(state, printed):
    task, units, target = make_task()
    make_updates(task, units, target, [("l", "L", SEP, (10, 9), state)])
    with translation.override("en"):
        row = compute_rows(figures.Scope(Task.objects.filter(pk=task.pk)), QUARTER,
                           figures.AsOf.for_period(SEP, TODAY))[0]
    assert row["source_progress"] == printed
