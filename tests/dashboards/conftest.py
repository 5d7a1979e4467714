"""A small district whose figures can be worked out by hand (see each task's comment), living on 2026-11-22.

Plan "2026年重点工作" (active, 2026): sections 一 (with (一)) and 二.
  t1  一(一)  lead 发改委, resp 住建委; due 12-31; Oct 70 % (on time), 住建委's Oct late; Nov 75 %  → green
  t2  一      lead 住建委, resp 各街道; due 10-31 (overdue from 11-01); only a Sep update, 40 %  → red
  t3  二      lead 发改委; due 08-31, completed 09-15 (late but done)                     → grey
  t4  ▲ of t1 (no lead of its own: 发改委 leads it), resp 青岚街道; no updates at all        → red
  t5  二 ★    lead 青岚街道; due 12-10; Oct says blocked; urged (resolved)                 → red
  t6  二      lead 白云街道; due 12-31; Oct 50 % (lags the year); target ≥ 10, actual 12     → yellow
  t8  二      lead 发改委; no deadline; Oct behind (submitted 10-25 23:59), Nov on track 90 % → green (Oct: red)
Plan "2026年冬季专项" (active, from 2026-11-01): t9, lead 发改委, no updates yet (none owed)   → green
Plan "草稿计划" (draft): t7 — not in "all active plans".
Open urge: t2 → 住建委. Target on t1: ≥ 45, actual 30 (not met).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest

from plans.models import Plan, PlanStatus, Section
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
from tests.conftest import make_user
from units.models import GlobalRole, GroupMembership, Unit, UnitGroup, UnitKind

TODAY = datetime.date(2026, 11, 22)
SEP, OCT, NOV = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
LOCAL = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


@dataclass
class District:
    plan: Plan
    winter: Plan
    draft: Plan
    top1: Section
    sub1: Section
    top2: Section
    tasks: dict
    units: dict
    users: dict


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)


def report(task, unit, period, percent, status=ProgressStatus.ON_TRACK, submitted=None,
           state=ReviewState.SUBMITTED) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        task=task, unit=unit, period=period, status=status, percent_complete=percent, review_state=state,
        submitted_at=submitted or at(period.year, period.month, 20), narrative="进展。",
    )


def lead(task, unit):
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=unit, name=unit.name)


def responsible(task, unit=None, group=None):
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=unit, group=group,
                            name=(unit or group).name)


@pytest.fixture
def district(db) -> District:
    year = {"period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31)}
    plan = Plan.objects.create(title="2026年重点工作", status=PlanStatus.ACTIVE, **year)
    winter = Plan.objects.create(title="2026年冬季专项", status=PlanStatus.ACTIVE, period_start=NOV,
                                 period_end=datetime.date(2027, 3, 31))
    draft = Plan.objects.create(title="草稿计划", status=PlanStatus.DRAFT, **year)
    top1 = Section.objects.create(plan=plan, number="一、", title="经济发展", position=1)
    sub1 = Section.objects.create(plan=plan, parent=top1, number="（一）", title="项目建设", position=2)
    top2 = Section.objects.create(plan=plan, number="二、", title="民生保障", position=3)
    winter_section = Section.objects.create(plan=winter, number="一、", title="保供", position=1)
    fgw = Unit.objects.create(name="区发展和改革委员会", kind=UnitKind.BUREAU, display_order=1)
    zjw = Unit.objects.create(name="区住房和城乡建设管理委员会", kind=UnitKind.BUREAU, display_order=2)
    qinglan = Unit.objects.create(name="青岚街道办事处", kind=UnitKind.STREET, display_order=3)
    baiyun = Unit.objects.create(name="白云街道办事处", kind=UnitKind.STREET, display_order=4)
    streets = UnitGroup.objects.create(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=["street"])

    def task(number, section, position, **fields):
        return Task.objects.create(plan=section.plan, section=section, number=number, position=position,
                                   text=f"任务{number}", work_status=WorkStatus.IN_PROGRESS, **fields)

    t1 = task("1", sub1, 1, deadline=datetime.date(2026, 12, 31))
    lead(t1, fgw)
    responsible(t1, zjw)
    report(t1, fgw, OCT, 70, submitted=at(2026, 10, 20))
    report(t1, zjw, OCT, 70, submitted=at(2026, 10, 28))
    report(t1, fgw, NOV, 75)
    t1_target = Target.objects.create(task=t1, text="完成45万平方米", value=45, measure_unit="万平方米")
    TargetActual.objects.create(update=t1.updates.get(unit=fgw, period=OCT), target=t1_target, value=30)

    t2 = task("2", top1, 3, deadline=datetime.date(2026, 10, 31))
    lead(t2, zjw)
    responsible(t2, group=streets)
    report(t2, zjw, SEP, 40)
    Urge.objects.filter(pk=Urge.objects.create(task=t2, unit=zjw, message="请报送。").pk).update(
        created_at=at(2026, 10, 15))

    t3 = task("3", top2, 4, deadline=datetime.date(2026, 8, 31), completed_on=datetime.date(2026, 9, 15))
    Task.objects.filter(pk=t3.pk).update(work_status=WorkStatus.COMPLETED)
    lead(t3, fgw)
    report(t3, fgw, SEP, 100, status=ProgressStatus.COMPLETED)

    t4 = Task.objects.create(plan=plan, parent=t1, number="▲", position=2, text="子项")
    responsible(t4, qinglan)

    t5 = task("5", top2, 5, deadline=datetime.date(2026, 12, 10), is_livelihood=True)
    lead(t5, qinglan)
    report(t5, qinglan, OCT, 60, status=ProgressStatus.BLOCKED)
    Urge.objects.filter(pk=Urge.objects.create(task=t5, unit=qinglan).pk).update(
        created_at=at(2026, 10, 15), resolved_at=at(2026, 11, 3))

    t6 = task("6", top2, 6, deadline=datetime.date(2026, 12, 31))
    lead(t6, baiyun)
    update = report(t6, baiyun, OCT, 50)
    t6_target = Target.objects.create(task=t6, text="新建10个", value=10, measure_unit="个")
    TargetActual.objects.create(update=update, target=t6_target, value=12)

    t8 = task("8", top2, 8)
    lead(t8, fgw)
    report(t8, fgw, OCT, 60, status=ProgressStatus.BEHIND, submitted=at(2026, 10, 25, 23, 59))
    report(t8, fgw, NOV, 90)

    t9 = task("1", winter_section, 1, deadline=datetime.date(2027, 3, 31))
    lead(t9, fgw)

    t7 = Task.objects.create(plan=draft, number="1", position=1, text="草稿任务")
    lead(t7, fgw)

    users = {
        "supervisor": make_user("supervisor", GlobalRole.SUPERVISOR),
        "leader": make_user("leader", GlobalRole.LEADER),
        "administrator": make_user("administrator", GlobalRole.ADMINISTRATOR),
        "fgw_staff": make_user("fgw_staff", unit=fgw),
        "nobody": make_user("nobody"),
    }
    return District(plan=plan, winter=winter, draft=draft, top1=top1, sub1=sub1, top2=top2,
                    tasks={"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6, "t7": t7, "t8": t8,
                           "t9": t9},
                    units={"fgw": fgw, "zjw": zjw, "qinglan": qinglan, "baiyun": baiyun}, users=users)
