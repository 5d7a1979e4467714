import datetime

import pytest
from django.urls import reverse

from audit import log
from audit.models import AuditAction, AuditEntry
from plans.models import Plan
from tasks.models import ProgressUpdate, Task

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_and_before_after(supervisor):
    plan = Plan.objects.create(title="计划")
    task = Task.objects.create(plan=plan, number="1", text="旧文本", deadline_text="年底前")
    before = log.snapshot(task)
    task.text = "新文本"
    task.save()
    entry = log.record(supervisor, AuditAction.UPDATE, task, before=before, after=log.snapshot(task))
    assert entry.actor == supervisor
    assert entry.task_id == task.pk and entry.plan_id == plan.pk
    assert entry.changes == {"text": ["旧文本", "新文本"]}


def test_create_entry_holds_the_new_values():
    plan = Plan.objects.create(title="计划", issued_on=datetime.date(2026, 2, 20))
    entry = log.record(None, AuditAction.CREATE, plan)
    assert entry.changes["title"] == [None, "计划"]
    assert entry.changes["issued_on"] == [None, "2026-02-20"]


def test_admin_change_to_a_task_is_audited(client, superuser):
    plan = Plan.objects.create(title="计划")
    task = Task.objects.create(plan=plan, number="1", text="旧文本")
    client.force_login(superuser)
    url = reverse("admin:tasks_task_change", args=[task.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({
        "plan": plan.pk, "text": "新文本", "work_status": "in_progress", "position": 0, "number": "1",
        **{f"{prefix}-{key}": value for prefix in ("task_units", "targets", "milestones")
           for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()},
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(task=task, action=AuditAction.UPDATE)
    assert entry.actor == superuser
    assert entry.changes["text"] == ["旧文本", "新文本"]
    assert entry.changes["work_status"] == ["not_started", "in_progress"]


def test_admin_delete_of_an_update_is_audited(client, superuser, unit):
    plan = Plan.objects.create(title="计划")
    task = Task.objects.create(plan=plan, number="1", text="任务")
    update = ProgressUpdate.objects.create(task=task, unit=unit, period=datetime.date(2026, 3, 1), narrative="进展")
    client.force_login(superuser)
    response = client.post(reverse("admin:tasks_progressupdate_delete", args=[update.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.task_id == task.pk
    assert entry.changes["narrative"] == ["进展", None]


def test_demo_data_is_audited(demo_plan):
    assert AuditEntry.objects.filter(plan=demo_plan, action=AuditAction.IMPORT).exists()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, task__plan=demo_plan).count() == \
        ProgressUpdate.objects.filter(task__plan=demo_plan).count()
