"""A small district for the progress tests: one task with a lead unit, a responsible unit, a group of
streets and a contextual group; one person per role; helpers to make updates in any state."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from plans.models import Plan, PlanStatus, Section
from tasks.models import ProgressStatus, ProgressUpdate, ReviewState, Target, Task, TaskUnit, UnitRole
from tests.conftest import make_user
from units.models import GlobalRole, GroupMembership, MembershipRole, Unit, UnitGroup, UnitKind

TODAY = datetime.date(2026, 11, 22)
THIS_MONTH = datetime.date(2026, 11, 1)
LAST_MONTH = datetime.date(2026, 10, 1)


@dataclass
class World:
    plan: Plan
    task: Task  # 二(三)15: lead 发改委; responsible 住建委, 各街道 (streets by kind), 属地街道 (contextual)
    other_task: Task  # led by 教育局, whom no test user works for
    local_task: Task  # responsible: 属地街道 only, a contextual group that gives nobody access
    lead: Unit
    resp: Unit
    street: Unit
    other: Unit
    target: Target
    users: dict

    def __getitem__(self, role: str):
        return self.users[role]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Pages ask tasks.periods.today(); the tests' district lives on 2026-11-22."""
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)


@pytest.fixture
def world(db) -> World:
    plan = Plan.objects.create(
        title="测试区2026年重点工作", status=PlanStatus.ACTIVE,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )
    top = Section.objects.create(plan=plan, number="二、", title="推动高质量发展", position=1)
    section = Section.objects.create(plan=plan, parent=top, number="（三）", title="城市更新", position=2)
    lead = Unit.objects.create(name="区发展和改革委员会", kind=UnitKind.BUREAU)
    resp = Unit.objects.create(name="区住房和城乡建设管理委员会", kind=UnitKind.BUREAU)
    street = Unit.objects.create(name="青岚街道办事处", kind=UnitKind.STREET)
    other = Unit.objects.create(name="区民政局", kind=UnitKind.BUREAU)
    education = Unit.objects.create(name="区教育局", kind=UnitKind.BUREAU)
    streets = UnitGroup.objects.create(name="各街道", membership=GroupMembership.BY_KIND, member_kinds=["street"])
    local = UnitGroup.objects.create(name="属地街道", membership=GroupMembership.CONTEXTUAL)

    task = Task.objects.create(plan=plan, section=section, number="15", position=3,
                               text="实施老旧小区综合改造，完成改造面积45万平方米。",
                               deadline=datetime.date(2026, 12, 31), deadline_text="年底前")
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=lead, name="区发改委")
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=resp, name="区住建委", position=0)
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, group=streets, name="各街道", position=1)
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, group=local, name="属地街道", position=2)
    target = Target.objects.create(task=task, text="完成改造面积45万平方米", value=45, measure_unit="万平方米")
    other_task = Task.objects.create(plan=plan, section=section, number="16", position=4, text="新建幼儿园4所。")
    TaskUnit.objects.create(task=other_task, role=UnitRole.LEAD, unit=education, name="区教育局")
    local_task = Task.objects.create(plan=plan, section=section, number="17", position=5, text="整治背街小巷。")
    TaskUnit.objects.create(task=local_task, role=UnitRole.LEAD, unit=education, name="区教育局")
    TaskUnit.objects.create(task=local_task, role=UnitRole.RESPONSIBLE, group=local, name="属地街道")

    users = {
        "resp_staff": make_user("resp_staff", unit=resp),
        "resp_head": make_user("resp_head", unit=resp, unit_role=MembershipRole.HEAD),
        "lead_staff": make_user("lead_staff", unit=lead),
        "street_staff": make_user("street_staff", unit=street),
        "other_staff": make_user("other_staff", unit=other),
        "supervisor": make_user("supervisor", GlobalRole.SUPERVISOR),
        "leader": make_user("leader", GlobalRole.LEADER),
        "administrator": make_user("administrator", GlobalRole.ADMINISTRATOR),
    }
    return World(plan=plan, task=task, other_task=other_task, local_task=local_task, lead=lead, resp=resp,
                 street=street, other=other, target=target, users=users)


def make_update(task, unit, state=ReviewState.SUBMITTED, period=THIS_MONTH, **fields) -> ProgressUpdate:
    values = {"status": ProgressStatus.ON_TRACK, "percent_complete": 50, "narrative": "按计划推进。", **fields}
    submitted = state != ReviewState.DRAFT
    return ProgressUpdate.objects.create(
        task=task, unit=unit, period=period, review_state=state,
        submitted_at=timezone.now() if submitted else None, **values,
    )


def fresh(user):
    """The user as a new request would load it (no cached scope)."""
    return type(user).objects.get(pk=user.pk)
