"""My work, the task list, the task page and the review queue use a fixed number of queries, however
much there is to show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import log
from audit.models import AuditAction
from tasks.models import Attachment, Milestone, ReviewState, Target, TargetActual, Task, TaskUnit, UnitRole, Urge
from units.models import Unit, UnitKind

from .conftest import LAST_MONTH, THIS_MONTH, make_update

pytestmark = pytest.mark.django_db


def grow_tasks(world, copies: int) -> None:
    """More tasks for the responsible unit (directly and through 各街道), with updates, urges and sub-items."""
    for n in range(copies):
        lead = Unit.objects.create(name=f"牵头单位{world.plan.tasks.count()}", kind=UnitKind.BUREAU)
        task = Task.objects.create(plan=world.plan, section=world.task.section, number=str(100 + n),
                                   text=f"追加任务{n}", position=100 + n, deadline=datetime.date(2026, 12, 1 + n % 20))
        TaskUnit.objects.create(task=task, role=UnitRole.LEAD, unit=lead)
        TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, unit=world.resp)
        TaskUnit.objects.create(task=task, role=UnitRole.RESPONSIBLE, group=world.task.task_units.get(
            group__name="各街道").group)
        make_update(task, world.resp, ReviewState.RETURNED, period=LAST_MONTH, review_comment="请补充。")
        make_update(task, world.resp, ReviewState.DRAFT)
        make_update(task, world.street, ReviewState.SUBMITTED)
        Urge.objects.create(task=task, unit=world.resp, message="请报送。")
        Task.objects.create(plan=world.plan, parent=task, number="▲", text="子项", position=100 + n)


def grow_task_history(world, months: int) -> None:
    """More updates, target values, attachments, milestones and audit entries on the one task."""
    for n in range(months):
        period = datetime.date(2025, 12 - n % 12, 1) if n < 12 else datetime.date(2024, 12 - n % 12, 1)
        for unit in (world.resp, world.lead, world.street):
            update = make_update(world.task, unit, ReviewState.ACCEPTED, period=period)
            TargetActual.objects.create(update=update, target=world.target, value=n)
            attachment = Attachment(update=update, original_name="附件.pdf", content_type="application/pdf", size=1)
            attachment.file.name = "attachments/x.pdf"
            attachment.save()
            log.record(None, AuditAction.CREATE, update)
            log.record(None, AuditAction.CREATE, attachment)
        Target.objects.create(task=world.task, text=f"指标{n}", value=n)
        Milestone.objects.create(task=world.task, description=f"节点{n}", due_on=datetime.date(2026, 1 + n % 12, 1))


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "url_name"), [
    ("resp_staff", "tasks:my_work"),
    ("resp_staff", "tasks:list"),
    ("supervisor", "tasks:list"),
    ("supervisor", "tasks:review_queue"),
    ("lead_staff", "tasks:review_queue"),
])
def test_list_pages_do_not_query_per_task(client, world, role, url_name):
    make_update(world.task, world.street)  # one of everything to show before growing
    make_update(world.task, world.resp, ReviewState.RETURNED, period=LAST_MONTH, review_comment="请补充。")
    Urge.objects.create(task=world.task, unit=world.resp, message="请报送。")
    client.force_login(world[role])
    url = reverse(url_name)
    small = count_queries(client, url)
    grow_tasks(world, 25)
    large = count_queries(client, url)
    assert large == small, f"{url_name} as {role}: {small} queries with a few tasks, {large} with many"
    assert small <= 16


@pytest.mark.parametrize("role", ["resp_staff", "lead_staff", "supervisor"])
def test_the_task_page_does_not_query_per_update(client, world, role):
    make_update(world.task, world.resp, ReviewState.SUBMITTED, period=THIS_MONTH)
    client.force_login(world[role])
    url = world.task.get_absolute_url()
    small = count_queries(client, url)
    grow_task_history(world, 15)
    large = count_queries(client, url)
    assert large == small, f"task page as {role}: {small} queries with little history, {large} with much"
    assert small <= 30
