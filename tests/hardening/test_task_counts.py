"""One plan, one count: the plan list, the dashboards, a report and the API count the same things — every task
and every ▲ sub-item, each followed up on its own — and say so in the same words, with how many of them are
▲ sub-items (任务（含▲子项）5, 其中▲子项3项). The plan list counted 2 where the dashboard counted 5."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus, Section
from reports.building import build_report
from reports.periods import ReportPeriod
from tasks.models import Task, TaskUnit, UnitRole, WorkStatus
from tests.conftest import make_user
from units.models import GlobalRole

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
LABEL = "任务（含▲子项）"
SUB_ITEMS = "其中▲子项3项"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("tasks.periods.today", lambda: TODAY)


@pytest.fixture
def plan(unit):
    plan = Plan.objects.create(title="2026年重点工作", status=PlanStatus.ACTIVE,
                               period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    section = Section.objects.create(plan=plan, number="一、", title="城市更新", position=1)
    first = Task.objects.create(plan=plan, section=section, number="1", position=2, text="完成道路改造。",
                                work_status=WorkStatus.COMPLETED, completed_on=datetime.date(2026, 9, 1))
    second = Task.objects.create(plan=plan, section=section, number="2", position=3, text="推进片区改造。")
    for task in (first, second):
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=unit, name=unit.name)
    for n in range(3):
        Task.objects.create(plan=plan, section=section, parent=second, number="▲", position=4 + n, text=f"片区{n}",
                            work_status=WorkStatus.COMPLETED if n == 0 else WorkStatus.IN_PROGRESS,
                            completed_on=datetime.date(2026, 9, 1) if n == 0 else None)
    return plan


@pytest.fixture
def office(client, db):
    client.force_login(make_user("office", GlobalRole.SUPERVISOR))
    return client


def test_the_plan_list_counts_what_the_dashboard_counts_and_says_so(office, plan):
    html = office.get(reverse("plans:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    listed = office.get(reverse("plans:list")).context["plans"][0]
    dashboard = office.get(reverse("reports:overview"), {"plan": plan.pk}).context["o"]
    assert (listed.item_count, listed.completed_count) == (dashboard.total.value, dashboard.completed.value) == (5, 2)
    assert LABEL in html and SUB_ITEMS in html


def test_the_dashboards_say_what_their_count_holds(office, plan):
    for name in ("reports:overview", "reports:leader"):
        html = office.get(reverse(name), {"plan": plan.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert LABEL in html and SUB_ITEMS in html, name


def test_a_report_counts_and_words_its_tasks_alike(office, plan):
    report = build_report(ReportPeriod("monthly", datetime.date(2026, 10, 1)), plan,
                          actor=make_user("builder", GlobalRole.SUPERVISOR), today=TODAY).report
    assert (report.figures["total"], report.figures["sub_items"]) == (5, 3)
    html = office.get(reverse("reports:detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert LABEL in html and SUB_ITEMS in html


def test_the_api_gives_both_counts_by_name(office, plan):
    body = office.get(f"/api/v1/plans/{plan.pk}/").json()
    assert (body["item_count"], body["sub_item_count"], body["task_count"]) == (5, 3, 2)
