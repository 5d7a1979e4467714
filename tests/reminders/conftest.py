"""A small district for the reminder tests: a lead unit and a responsible unit with staff and heads, a
unit nobody works for, a supervisor, and one task naming all three; email to Django's locmem outbox."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from plans.models import Plan, PlanStatus
from tasks.models import ProgressStatus, ProgressUpdate, ReviewState, Task, TaskUnit, UnitRole
from tests.conftest import make_user
from units.models import GlobalRole, MembershipRole, Unit, UnitKind

NOVEMBER = datetime.date(2026, 11, 1)
DUE_NOVEMBER = datetime.date(2026, 11, 25)  # a Wednesday


@dataclass
class District:
    plan: Plan
    task: Task
    lead: Unit
    resp: Unit
    empty: Unit  # nobody in Duban works for it
    users: dict

    def __getitem__(self, name: str):
        return self.users[name]


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://duban.example.gov.cn"
    settings.DUBAN_REPORTING_DAY = 25
    settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND = False
    settings.DUBAN_REPORTING_REMINDER_DAYS = [5, 1]
    settings.DUBAN_DEADLINE_REMINDER_DAYS = [7, 3, 1]
    settings.DUBAN_REMINDER_DIGEST = True


@pytest.fixture(autouse=True)
def _jobs_in_process(request, monkeypatch):
    """Jobs run in this process, even when REDIS_URL is set — except in the tests of a real worker."""
    if request.node.get_closest_marker("services") is None:
        from config.celery import app

        monkeypatch.setattr(app.conf, "task_always_eager", True)


def person(username: str, unit=None, head=False, email=True, role=""):
    user = make_user(username, role, unit=unit, unit_role=MembershipRole.HEAD if head else None)
    if email:
        user.email = f"{username}@example.gov.cn"
        user.save(update_fields=["email"])
    return user


@pytest.fixture
def district(db) -> District:
    plan = Plan.objects.create(title="测试区2026年重点工作", status=PlanStatus.ACTIVE,
                               period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    lead = Unit.objects.create(name="区发展和改革委员会", kind=UnitKind.BUREAU)
    resp = Unit.objects.create(name="区住房和城乡建设管理委员会", kind=UnitKind.BUREAU)
    empty = Unit.objects.create(name="区民政局", kind=UnitKind.BUREAU)
    task = Task.objects.create(plan=plan, number="15", position=1, text="实施老旧小区综合改造。",
                               deadline=datetime.date(2026, 12, 31))
    TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=lead, name="区发改委")
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=resp, name="区住建委", position=0)
    TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=empty, name="区民政局", position=1)
    users = {
        "lead_staff": person("lead_staff", lead),
        "lead_head": person("lead_head", lead, head=True),
        "resp_staff": person("resp_staff", resp),
        "resp_head": person("resp_head", resp, head=True),
        "supervisor": person("supervisor", role=GlobalRole.SUPERVISOR),
    }
    return District(plan=plan, task=task, lead=lead, resp=resp, empty=empty, users=users)


def report(task, unit, period=NOVEMBER, state=ReviewState.SUBMITTED) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        task=task, unit=unit, period=period, review_state=state, status=ProgressStatus.ON_TRACK,
        percent_complete=50, narrative="按计划推进。",
        submitted_at=timezone.now() if state != ReviewState.DRAFT else None,
    )
