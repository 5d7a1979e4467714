"""In Chromium, on a phone: the supervision office corrects a task's quantitative target and adds a milestone on
the task editor page; the task page then shows the milestone. Screenshots go to tests/artifacts/."""

import datetime

import pytest
from django.urls import reverse

from plans.demo import load_demo
from tasks.models import Milestone, Target, Task

from .conftest import TODAY
from .test_browser_progress import PHONE, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_task(db) -> Task:
    return Task.objects.get(plan=load_demo(today=TODAY), number="1")


def test_the_office_corrects_a_target_and_adds_a_milestone_on_a_phone(live_server, browser, demo_task,
                                                                       artifacts_dir):
    task = demo_task
    target = task.targets.order_by("position", "pk").first() or Target.objects.create(
        task=task, text="完成投资20亿元", value=20, measure_unit="亿元")
    context, page = log_in(browser, live_server, "duchashi", viewport=PHONE)
    page.goto(live_server.url + reverse("tasks:edit", args=[task.pk]))
    page.fill("#id_targets-0-value", "25.5")
    page.fill("#id_milestones-0-description", "完成项目立项")
    page.fill("#id_milestones-0-due_on", "2026-12-20")
    shoot(page, artifacts_dir, "task-editor-targets-milestones-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**{task.get_absolute_url()}")
    assert "完成项目立项" in page.inner_text(".milestones")
    shoot(page, artifacts_dir, "task-page-milestone-phone")
    context.close()
    target.refresh_from_db()
    assert float(target.value) == 25.5
    assert Milestone.objects.get(task=task).due_on == datetime.date(2026, 12, 20)
