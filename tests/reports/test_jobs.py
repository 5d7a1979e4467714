"""Report builds and exports are never lost and never done twice (reports/jobs.py): a job delivered again
after its worker died carries on, any other copy stops; a request made while the broker is down still
succeeds, and the job is sent again later; jobs stuck running are queued again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from audit.models import AuditEntry
from loadtest.__main__ import BUILD_FAILED
from reports import jobs
from reports.models import JobState, Report, ReportExport, ReportStatus
from reports.tasks import build_report_job, export_report_job, requeue_stalled_jobs

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=10)


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_a_job_delivered_again_carries_on_and_any_other_copy_stops(october):
    jobs.queue_build(october)
    assert jobs.claim_build(october.pk, "job-1")
    assert jobs.claim_build(october.pk, "job-1")  # the same job, handed back after its worker died
    assert not jobs.claim_build(october.pk, "job-2")  # a second copy of the message
    assert not jobs.claim_build(october.pk, None)


def test_a_build_delivered_twice_builds_once(october, supervisor):
    jobs.queue_build(october, supervisor)
    first = build_report_job.apply(args=[october.pk, supervisor.pk], task_id="job-1").get()
    second = build_report_job.apply(args=[october.pk, supervisor.pk], task_id="job-2").get()
    assert (first["built"], second["built"]) == (True, False)
    assert AuditEntry.objects.filter(object_id=october.pk, note__startswith="rebuilt").count() == 1


def test_asking_for_a_build_while_the_broker_is_down_succeeds_and_the_build_is_sent_later(
        client, district, supervisor, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(supervisor)
    with monkeypatch.context() as broken:
        broken.setattr(build_report_job, "delay", _broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:build"), {"kind": "monthly", "period": "2026-10"})
        assert response.status_code == 302
        report = Report.objects.get()
        assert report.build_state == JobState.QUEUED  # recorded, not lost
        assert requeue_stalled_jobs() == {"builds": [], "exports": []}  # not yet: it may still be on its way
        assert jobs.requeue_stalled(timezone.now() + LATER) == {"builds": [], "exports": []}  # still down
    report.refresh_from_db()
    assert report.build_state == JobState.QUEUED
    assert jobs.requeue_stalled(timezone.now() + 2 * LATER)["builds"] == [report.pk]  # back: sent and built
    report.refresh_from_db()
    assert (report.build_state, report.built_by) == (JobState.DONE, supervisor) and report.rows.exists()


def test_asking_for_a_file_while_the_broker_is_down_succeeds_and_the_file_is_made_later(
        client, october, district, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(district.users["leader"])
    with monkeypatch.context() as broken:
        broken.setattr(export_report_job, "delay", _broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:export", args=[october.pk]), {"format": "xlsx"})
        assert response.status_code == 302
    export = ReportExport.objects.get()
    assert export.state == JobState.QUEUED
    assert jobs.requeue_stalled(timezone.now() + LATER)["exports"] == [export.pk]
    export.refresh_from_db()
    assert export.state == JobState.DONE and export.is_ready


def test_a_build_stuck_running_is_queued_again_and_finished(october, supervisor):
    jobs.queue_build(october, supervisor)
    jobs.claim_build(october.pk, "job-of-a-worker-that-vanished")
    assert jobs.requeue_stalled(timezone.now() + LATER) == {"builds": [], "exports": []}  # may still be running
    sent = jobs.requeue_stalled(timezone.now() + datetime.timedelta(minutes=31))
    assert sent["builds"] == [october.pk]
    october.refresh_from_db()
    assert (october.build_state, october.built_by) == (JobState.DONE, supervisor)


def test_finished_and_final_reports_are_left_alone(october):
    Report.objects.filter(pk=october.pk).update(build_state=JobState.DONE)
    assert jobs.requeue_stalled(timezone.now() + datetime.timedelta(days=1)) == {"builds": [], "exports": []}


def test_a_build_still_waiting_when_its_report_was_made_final_stops_being_waited_for(october):
    jobs.queue_build(october)
    Report.objects.filter(pk=october.pk).update(status=ReportStatus.FINAL)
    assert jobs.requeue_stalled(timezone.now() + LATER) == {"builds": [], "exports": []}
    october.refresh_from_db()
    assert october.build_state == JobState.IDLE  # the page no longer refreshes itself for it


def test_a_build_running_from_before_these_times_were_kept_is_recovered(october, supervisor):
    jobs.queue_build(october, supervisor)
    Report.objects.filter(pk=october.pk).update(build_state=JobState.RUNNING, build_state_since=None)
    assert jobs.requeue_stalled(timezone.now())["builds"] == [october.pk]
    october.refresh_from_db()
    assert october.build_state == JobState.DONE


def test_an_old_copy_of_a_message_credits_the_build_to_whoever_asked_for_it(october, supervisor, district):
    jobs.queue_build(october, supervisor)
    build_report_job.apply(args=[october.pk, district.users["leader"].pk], task_id="copy-of-an-older-request")
    october.refresh_from_db()
    assert (october.build_state, october.built_by) == (JobState.DONE, supervisor)


def test_beat_runs_the_requeue_every_few_minutes(settings):
    from config.celery import app

    entry = app.conf.beat_schedule["reports: send stalled report jobs again"]
    assert entry["task"] == requeue_stalled_jobs.name
    assert entry["schedule"] == 60 * settings.DUBAN_JOB_REQUEUE_MINUTES


def test_a_build_whose_worker_dies_every_time_is_given_up_after_three_attempts(october, supervisor, client):
    """task_reject_on_worker_lost hands a job back each time its worker dies; one that always kills its worker
    (say, out of memory) must not be handed back for ever."""
    jobs.queue_build(october, supervisor)
    assert jobs.claim_build(october.pk, "job-1")
    assert jobs.claim_build(october.pk, "job-1")  # worker died: delivered again
    assert jobs.claim_build(october.pk, "job-1")
    assert not jobs.claim_build(october.pk, "job-1")
    october.refresh_from_db()
    assert october.build_state == JobState.FAILED and "3" in october.build_error
    client.force_login(supervisor)
    page = client.get(october.get_absolute_url()).content.decode()
    assert october.build_error in page
    assert BUILD_FAILED in page  # what `make loadtest` looks for, so as not to count a failed build as built
    # asking again starts a new count
    assert jobs.queue_build(october, supervisor) and jobs.claim_build(october.pk, "job-2")


def test_a_build_lost_with_its_worker_counts_its_attempts_across_requeues(october, supervisor, monkeypatch):
    monkeypatch.setattr(build_report_job, "delay", lambda *args: None)  # each copy sent is lost with a worker
    jobs.queue_build(october, supervisor)
    for attempt in range(3):
        assert jobs.claim_build(october.pk, f"job-{attempt}")
        jobs.requeue_stalled(timezone.now() + datetime.timedelta(minutes=31))  # worker gone: queued again
        october.refresh_from_db()
    assert october.build_attempts == 3
    assert not jobs.claim_build(october.pk, "job-3")
    october.refresh_from_db()
    assert october.build_state == JobState.FAILED


def test_a_file_whose_worker_dies_every_time_is_given_up(october, supervisor):
    export = ReportExport.objects.create(report=october, format="pdf", requested_by=supervisor)
    for _attempt in range(3):
        assert jobs.claim_export(export.pk, "job-1")
    assert not jobs.claim_export(export.pk, "job-1")
    export.refresh_from_db()
    assert export.state == JobState.FAILED and export.error and export.finished_at


def test_jobs_are_stopped_before_a_copy_would_be_started(settings):
    stall = settings.DUBAN_JOB_STALL_MINUTES * 60
    for job in (build_report_job, export_report_job):
        assert job.soft_time_limit < job.time_limit < stall
    for minutes in (1, 5, 30, 240):  # whatever the setting
        settings.DUBAN_JOB_STALL_MINUTES = minutes
        limits = jobs.time_limits()
        assert 0 < limits["soft_time_limit"] < limits["time_limit"] < minutes * 60


def test_a_build_stopped_for_taking_too_long_fails_with_a_reason(october, supervisor, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from reports import tasks

    def too_slow(report, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "rebuild", too_slow)
    jobs.queue_build(october, supervisor)
    result = build_report_job.apply(args=[october.pk, supervisor.pk], task_id="job-1").get()
    october.refresh_from_db()
    assert result["built"] is False and october.build_state == JobState.FAILED
    assert "分钟" in october.build_error


def test_a_file_stopped_for_taking_too_long_says_so(october, supervisor, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from reports import exports

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(exports, "write_file", too_slow)
    export = ReportExport.objects.create(report=october, format="xlsx", requested_by=supervisor)
    export_report_job.apply(args=[export.pk], task_id="job-1").get()
    export.refresh_from_db()
    assert export.state == JobState.FAILED and "分钟" in export.error
