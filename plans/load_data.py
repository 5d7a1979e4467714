"""A district-scale data set for benchmarks and load tests: units with groups, plans with sections, tasks
with 1–3 lead and 0–12 responsible units, ▲ sub-items, ★ projects, targets, monthly progress updates over
`months` months (about one per task and month), reviews and urges. The same seed gives the same data.

Written with bulk_create in one transaction: the rows are synthetic, so they bypass the services and the
audit log (the audit log is for what people do). Other benchmarks import `generate`.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from tasks import numbering
from tasks.models import (
    ProgressStatus,
    ProgressUpdate,
    ReviewState,
    Target,
    TargetActual,
    Task,
    TaskUnit,
    UnitRole,
    Urge,
    WorkStatus,
)
from tasks.periods import month_start, next_period, previous_period
from units.models import GlobalRole, GroupMembership, Unit, UnitGroup, UnitKind, User

from .models import Plan, PlanStatus, Section

BATCH = 2000
SECTIONS_PER_PLAN = 6
SUBSECTIONS_PER_SECTION = 2
WORDS = ["推进", "实施", "完善", "加快", "深化", "打造", "建设", "提升", "优化", "落实"]
THINGS = ["老旧小区改造", "口袋公园", "营商环境", "智慧社区", "产业园区", "养老服务", "学前教育", "河道治理",
          "数字政府", "垃圾分类", "招商引资", "科技创新", "就业服务", "医疗卫生", "乡村振兴"]


@dataclass(frozen=True)
class Generated:
    plans: int
    sections: int
    tasks: int
    units: int
    task_units: int
    targets: int
    updates: int
    actuals: int
    urges: int
    supervisor: User


class AlreadyGenerated(Exception):
    """Data for this seed is in the database already."""


@transaction.atomic
def generate(plans: int = 10, tasks: int = 5000, units: int = 100, months: int = 24, seed: int = 1,
             today: datetime.date | None = None) -> Generated:
    """Create the data set: `plans` active plans running over the last `months` months (and half a year on),
    `tasks` tasks spread over them, `units` units. Raises AlreadyGenerated when run twice with one seed."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    tag = f"L{seed}"
    if Unit.objects.filter(name__startswith=f"{tag}-").exists():
        raise AlreadyGenerated(f"data with seed {seed} exists already; use another --seed")
    now = timezone.now()
    last = month_start(today)
    periods = [last]
    while len(periods) < months:
        periods.append(previous_period(periods[-1]))
    periods.reverse()
    start = periods[0]
    end = datetime.date(last.year + 1, last.month, 1) - datetime.timedelta(days=1)

    unit_rows = _units(rng, tag, units)
    groups = _groups(rng, tag, unit_rows)
    supervisor = User.objects.create_user(f"{tag}-supervisor", password=None, global_role=GlobalRole.SUPERVISOR)

    plan_rows = Plan.objects.bulk_create([
        Plan(title=f"{tag} 第{n + 1}号重点工作方案", status=PlanStatus.ACTIVE, period_start=start, period_end=end,
             doc_number=f"{tag}〔{today.year}〕{n + 1}号")
        for n in range(plans)
    ])
    sections = _sections(plan_rows)
    task_rows, task_units, targets = _tasks(rng, tasks, plan_rows, sections, unit_rows, groups, start, end, today)
    Target.objects.bulk_create(targets, batch_size=BATCH)
    TaskUnit.objects.bulk_create(task_units, batch_size=BATCH)
    updates, actual_targets, urges = _progress(rng, task_rows, task_units, targets, periods, today, now, supervisor)
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    actuals = [TargetActual(update=update, target=target, value=value) for update, target, value in
               ((updates[index], target, value) for index, target, value in actual_targets)]
    TargetActual.objects.bulk_create(actuals, batch_size=BATCH)
    Urge.objects.bulk_create(urges, batch_size=BATCH)
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather later: without them the planner misjudges every join.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Generated(plans=len(plan_rows), sections=len(sections), tasks=len(task_rows), units=len(unit_rows),
                     task_units=len(task_units), targets=len(targets), updates=len(updates), actuals=len(actuals),
                     urges=len(urges), supervisor=supervisor)


def _units(rng: random.Random, tag: str, count: int) -> list[Unit]:
    kinds = [UnitKind.BUREAU] * 14 + [UnitKind.STREET] * 4 + [UnitKind.TOWN, UnitKind.ZONE]
    return Unit.objects.bulk_create([
        Unit(name=f"{tag}-单位{n + 1:03d}", kind=kinds[n % len(kinds)], display_order=n) for n in range(count)
    ])


def _groups(rng: random.Random, tag: str, units: list[Unit]) -> list[UnitGroup]:
    """A group of all streets (by kind), two listed groups, and a contextual and an unspecified one."""
    by_kind = UnitGroup.objects.create(name=f"{tag}-各街道", membership=GroupMembership.BY_KIND,
                                       member_kinds=[UnitKind.STREET])
    listed = []
    for n in range(2):
        group = UnitGroup.objects.create(name=f"{tag}-专项组{n + 1}", membership=GroupMembership.EXPLICIT)
        group.members.set(rng.sample(units, min(6, len(units))))
        listed.append(group)
    contextual = UnitGroup.objects.create(name=f"{tag}-属地街道", membership=GroupMembership.CONTEXTUAL)
    unspecified = UnitGroup.objects.create(name=f"{tag}-各相关单位", membership=GroupMembership.UNSPECIFIED)
    return [by_kind, *listed, contextual, unspecified]


def _sections(plans: list[Plan]) -> list[Section]:
    numerals = "一二三四五六七八九十"
    tops = Section.objects.bulk_create([
        Section(plan=plan, number=f"{numerals[n]}、", title=f"第{numerals[n]}部分重点工作", position=n * 10)
        for plan in plans for n in range(SECTIONS_PER_PLAN)
    ])
    subs = Section.objects.bulk_create([
        Section(plan=top.plan, parent=top, number=f"（{numerals[k]}）", title=f"专项{numerals[k]}",
                position=top.position + k + 1)
        for top in tops for k in range(SUBSECTIONS_PER_SECTION)
    ])
    return [*tops, *subs]


def _tasks(rng, count, plans, sections, units, groups, start, end, today):
    by_plan = {plan.pk: [s for s in sections if s.plan_id == plan.pk] for plan in plans}
    span = (end - start).days
    rows: list[Task] = []
    for n in range(count):
        plan = plans[n % len(plans)]
        position = n // len(plans)
        deadline = start + datetime.timedelta(days=rng.randrange(60, span)) if rng.random() < 0.9 else None
        completed = (deadline is not None and deadline < today and rng.random() < 0.6) or rng.random() < 0.05
        completed_on = None
        if completed:
            latest = min(today, (deadline or today) + datetime.timedelta(days=20))
            completed_on = latest - datetime.timedelta(days=rng.randrange(0, 60))
        rows.append(Task(
            plan=plan, section=rng.choice(by_plan[plan.pk]), number=str(position + 1), position=position,
            text=f"{rng.choice(WORDS)}{rng.choice(THINGS)}，第{n + 1}项。", deadline=deadline,
            deadline_text=f"{deadline:%Y年%-m月底前}" if deadline else "持续推进",
            is_livelihood=rng.random() < 0.08, is_key=rng.random() < 0.1,
            work_status=WorkStatus.COMPLETED if completed else rng.choice(
                [WorkStatus.IN_PROGRESS] * 4 + [WorkStatus.NOT_STARTED]),
            completed_on=completed_on,
        ))
    # One task in ten becomes a ▲ sub-item of the task before it in its plan; half name no lead of their own.
    rows = Task.objects.bulk_create(rows, batch_size=BATCH)
    parents = []
    for index, task in enumerate(rows):
        if index >= len(plans) and rng.random() < 0.1:
            parent = rows[index - len(plans)]
            if parent.parent_id is None:
                task.parent_id, task.section_id, task.number = parent.pk, parent.section_id, "▲"
                parents.append(task)
    numbering.number_all(parents)
    Task.objects.bulk_update(parents, ["parent", "section", "number", "ordinal"], batch_size=BATCH)
    subitems = {task.pk for task in parents}

    task_units, targets = [], []
    for task in rows:
        inherit = task.pk in subitems and rng.random() < 0.5
        leads = [] if inherit else rng.sample(units, rng.choice([1, 1, 1, 2, 3]))
        for position, unit in enumerate(leads):
            task_units.append(TaskUnit(task=task, role=UnitRole.LEAD, unit=unit, name=unit.name, position=position))
        others = [u for u in rng.sample(units, min(len(units), 13)) if u not in leads][:rng.randrange(0, 13)]
        position = 0
        for position, unit in enumerate(others):
            task_units.append(TaskUnit(task=task, role=UnitRole.RESPONSIBLE, unit=unit, name=unit.name,
                                       position=position))
        if rng.random() < 0.15:
            group = rng.choice(groups)  # contextual and unspecified groups too, as documents name them
            task_units.append(TaskUnit(task=task, role=UnitRole.RESPONSIBLE, group=group, name=group.name,
                                       position=position + 1))
        if rng.random() < 0.3:
            value = Decimal(rng.choice([5, 10, 20, 45, 100, 300]))
            targets.append(Target(task=task, text=f"完成{value}个", metric="完成数", value=value,
                                  measure_unit="个"))
    return rows, task_units, targets


def _progress(rng, tasks, task_units, targets, periods, today, now, reviewer):
    """About one update per task and month: the lead unit's (90 %), often a responsible unit's (35 %)."""
    leads: dict[int, list[int]] = {}
    others: dict[int, list[int]] = {}
    for tu in task_units:
        if tu.unit_id:
            (leads if tu.role == UnitRole.LEAD else others).setdefault(tu.task_id, []).append(tu.unit_id)
    for task in tasks:
        if task.parent_id and task.pk not in leads:
            leads[task.pk] = leads.get(task.parent_id, [])
    target_of = {target.task_id: target for target in targets}
    current = periods[-1]
    updates, actuals, urges = [], [], []
    for task in tasks:
        percent = 0
        for period in periods:
            if task.completed_on and task.completed_on < period:
                break
            reporters = []
            if leads.get(task.pk) and rng.random() < 0.9:
                reporters.append(rng.choice(leads[task.pk]))
            if others.get(task.pk) and rng.random() < 0.35:
                other = rng.choice(others[task.pk])
                if other not in reporters:  # a ▲ sub-item's inherited lead may also be named responsible
                    reporters.append(other)
            if not reporters:
                continue
            percent = min(100, percent + rng.randrange(0, 12))
            done = task.completed_on is not None and task.completed_on <= next_period(period)
            status = ProgressStatus.COMPLETED if done else rng.choice(
                [ProgressStatus.ON_TRACK] * 7 + [ProgressStatus.BEHIND, ProgressStatus.BLOCKED])
            for unit_id in reporters:
                state = _state(rng, period, current)
                day = min(rng.choice([10, 15, 20, 22, 24, 25, 27, 30]), 28)
                submitted = None if state == ReviewState.DRAFT else timezone.make_aware(
                    datetime.datetime(period.year, period.month, day, rng.randrange(8, 20)))
                updates.append(ProgressUpdate(
                    task_id=task.pk, unit_id=unit_id, period=period, status=status,
                    percent_complete=100 if done else percent, narrative=f"{period:%Y年%-m月}按计划推进。",
                    review_state=state, submitted_at=submitted,
                    reviewer=reviewer if state in (ReviewState.ACCEPTED, ReviewState.RETURNED) else None,
                    reviewed_at=submitted if state in (ReviewState.ACCEPTED, ReviewState.RETURNED) else None,
                    review_comment="请补充数据。" if state == ReviewState.RETURNED else "",
                ))
                target = target_of.get(task.pk)
                if target is not None and unit_id in leads.get(task.pk, ()):
                    actuals.append((len(updates) - 1, target, (target.value * percent / 100).quantize(Decimal("1"))))
        if task.work_status != WorkStatus.COMPLETED and rng.random() < 0.05 and leads.get(task.pk):
            resolved = now if rng.random() < 0.5 else None
            urges.append(Urge(task_id=task.pk, unit_id=rng.choice(leads[task.pk]), urged_by=reviewer,
                              message="请按时报送进展。", resolved_at=resolved))
    return updates, actuals, urges


def _state(rng: random.Random, period: datetime.date, current: datetime.date) -> str:
    if period == current:
        return rng.choice([ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.SUBMITTED])
    if period == previous_period(current):
        return rng.choice([ReviewState.SUBMITTED, ReviewState.ACCEPTED, ReviewState.RETURNED])
    return ReviewState.ACCEPTED if rng.random() < 0.95 else ReviewState.RETURNED
