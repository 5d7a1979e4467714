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


def test_a_robots_key_and_secret_never_reach_the_log_but_their_change_does(client, superuser, unit):
    """The audit log is read by the supervision office; a robot's URL token and signing secret are not theirs."""
    from reminders.models import UnitWebhook

    secret, token = "SECabcdef0123456789", "access_token=0123456789abcdef"
    client.force_login(superuser)
    url = reverse("admin:reminders_unitwebhook_add")
    data = {"unit": unit.pk, "platform": "dingtalk", "url": f"https://oapi.dingtalk.com/robot/send?{token}",
            "secret": secret, "is_active": "on"}
    assert client.post(url, data).status_code == 302
    robot = UnitWebhook.objects.get()
    changed = client.post(reverse("admin:reminders_unitwebhook_change", args=[robot.pk]),
                          data | {"secret": secret + "-new"})
    assert changed.status_code == 302
    entries = AuditEntry.objects.filter(content_type__model="unitwebhook")
    logged = " ".join(str(entry.changes) for entry in entries)
    assert entries.count() == 2 and secret not in logged and token not in logged
    update = entries.get(action=AuditAction.UPDATE)
    assert set(update.changes) == {"secret"}  # the change itself is on record
    assert all(value.startswith("•••") for value in update.changes["secret"])


def test_robot_secrets_already_in_the_log_are_replaced_by_fingerprints(superuser, unit):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from reminders.models import UnitWebhook

    robot = UnitWebhook.objects.create(unit=unit, url="https://oapi.dingtalk.com/robot/send?access_token=abc123",
                                       secret="SEC999")
    entry = AuditEntry.objects.create(
        actor=superuser, action=AuditAction.CREATE, content_type=ContentType.objects.get_for_model(UnitWebhook),
        object_id=robot.pk, changes={"url": [None, robot.url], "secret": [None, "SEC999"], "is_active": [None, True]})
    migration = importlib.import_module("reminders.migrations.0003_hide_robot_secrets_in_audit_log")
    migration.hide_secrets(apps, None)
    entry.refresh_from_db()
    assert "abc123" not in str(entry.changes) and "SEC999" not in str(entry.changes)
    assert entry.changes["secret"][1].startswith("•••") and entry.changes["is_active"] == [None, True]
