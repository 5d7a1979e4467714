"""Redis down on a busy day: every person-facing action still succeeds and nothing is lost.

Celery's publish is made to fail as it does when Redis refuses connections. Submitting an update never
needs Redis; an urge is saved with its in-app notifications and its email goes with the next sweep; a
report file stays recorded as waiting and is made when beat sends it again (reports/jobs.py)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from reminders.sweep import run_sweep
from reports import jobs
from reports.building import build_report
from reports.models import JobState, ReportExport
from reports.periods import ReportPeriod
from tasks.models import Notification, NotificationKind, ProgressUpdate, ReviewState, Urge

from ..progress.conftest import LAST_MONTH, THIS_MONTH, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(monkeypatch):
    """Jobs go to the broker (not run in-process), and the broker refuses every connection."""
    from config.celery import app

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as down:
        down.setattr(app.conf, "task_always_eager", False)
        down.setattr(app, "send_task", refuse)
        yield


def test_a_unit_submits_its_update_with_a_file_while_redis_is_down(client, world, redis_down,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(world["resp_staff"])
    url = reverse("tasks:update", args=[world.task.pk, world.resp.pk, f"{THIS_MONTH:%Y-%m}"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "status": "on_track", "percent_complete": 40, "narrative": "本月完成改造面积10万平方米。", "problems": "",
            "next_steps": "", "version": "", "action": "submit",
            "attachments": SimpleUploadedFile("月报.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf"),
        })
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.review_state == ReviewState.SUBMITTED and update.attachments.count() == 1


def test_an_urge_sent_while_redis_is_down_is_kept_and_its_email_goes_with_the_next_sweep(
        client, world, redis_down, django_capture_on_commit_callbacks, settings):
    world["resp_staff"].email = "zhujian@example.invalid"
    world["resp_staff"].save()
    client.force_login(world["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tasks:urge", args=[world.task.pk]),
                               {"unit": world.resp.pk, "message": "请尽快报送。"})
    assert response.status_code == 302
    assert Urge.objects.filter(task=world.task, unit=world.resp).count() == 1
    assert Notification.objects.filter(recipient=world["resp_staff"], kind=NotificationKind.URGED).exists()
    assert not mail.outbox  # the job that emails it could not be queued …
    run_sweep(timezone.localdate())  # … the daily sweep (beat, once Redis is back) sends it
    assert any("请尽快报送" in message.body for message in mail.outbox)


def test_a_report_file_asked_for_while_redis_is_down_is_made_later(client, world, redis_down,
                                                                    django_capture_on_commit_callbacks, monkeypatch):
    report = build_report(ReportPeriod("monthly", LAST_MONTH), world.plan, today=TODAY).report
    client.force_login(world["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export", args=[report.pk]), {"format": "xlsx"})
    assert response.status_code == 302
    export = ReportExport.objects.get()
    assert export.state == JobState.QUEUED
    monkeypatch.undo()  # Redis is back (jobs run in-process here)
    from config.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    assert jobs.requeue_stalled(timezone.now() + datetime.timedelta(minutes=10))["exports"] == [export.pk]
    export.refresh_from_db()
    assert export.state == JobState.DONE and export.is_ready
