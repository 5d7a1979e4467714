"""The periodic build through a real Celery worker process on the real Redis and PostgreSQL, sent as the beat
sends it; and "build now" finishing in the worker while the page stays usable.

The worker is a separate process, so it cannot see a test's open transaction: these tests commit their data
(transactional database) and hand the worker the test database's name."""

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Q

from audit.models import AuditEntry
from reports.models import JobState, Report, ReportStatus
from reports.schedule import ensure_schedule
from tasks.models import Notification, NotificationKind
from tests.conftest import skip_or_fail

from .conftest import OCTOBER

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def services():
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("REDIS_URL is not set", "DUBAN_REQUIRE_SERVICES")
    if connection.vendor != "postgresql":
        skip_or_fail("a worker process needs a shared database: set DATABASE_URL to PostgreSQL",
                     "DUBAN_REQUIRE_SERVICES")
    from config.celery import app

    assert app.conf.task_always_eager is False
    app.control.purge()
    yield app
    app.control.purge()


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker(services, tmp_path):
    yield from _run_worker(tmp_path, "--pool=solo")


@pytest.fixture
def pooled_worker(services, tmp_path):
    """A worker whose job runs in a child process, as in production: the child can die alone."""
    yield from _run_worker(tmp_path, "--pool=prefork", "--concurrency=1")


def _run_worker(tmp_path, *pool):
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", *pool, "--loglevel=INFO",
               "--without-gossip", "--without-mingle", "--without-heartbeat",
               "-n", f"reports-{uuid.uuid4().hex[:8]}@%h"]
    env = {**os.environ, "DATABASE_URL": _database_url(), "DUBAN_VAR_DIR": str(tmp_path / "var")}
    with open(log, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    process.log = log
    yield process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _output(worker) -> str:
    return worker.log.read_text(errors="replace")[-4000:]


def test_the_periodic_build_runs_on_a_real_worker(district, supervisor, worker, services):
    entry = ensure_schedule()  # what beat reads from its table
    result = services.send_task(entry.task, kwargs={"day": "2026-11-01"})
    try:
        outcome = result.get(timeout=180)
    except Exception:
        pytest.fail(f"the scheduled build did not finish:\n{_output(worker)}")
    reports = Report.objects.filter(pk__in=outcome["built"])
    assert {r.plan_id for r in reports} == {district.plan.pk, district.winter.pk}
    assert all(r.status == ReportStatus.DRAFT and r.period_start == OCTOBER.start and r.built_at for r in reports)
    main = reports.get(plan=district.plan)
    assert main.rows.count() == 7 and main.figures["as_of"] == "2026-10-31"
    assert "区发展和改革委员会" in {row.lead_units for row in main.rows.all()}
    assert Notification.objects.filter(recipient=supervisor, kind=NotificationKind.REPORT_BUILT).count() == 1


def test_build_now_is_finished_by_the_worker_while_the_page_stays_usable(client, district, supervisor, worker):
    from django.urls import reverse

    client.force_login(supervisor)
    response = client.post(reverse("reports:build"), {"kind": "monthly", "period": "2026-10"})
    report = Report.objects.get()
    assert response.status_code == 302
    deadline = time.monotonic() + 180
    while Report.objects.get(pk=report.pk).build_state != JobState.DONE:
        if worker.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the worker did not build the report:\n{_output(worker)}")
        assert client.get(report.get_absolute_url()).status_code == 200  # readable meanwhile
        time.sleep(0.5)
    report.refresh_from_db()
    assert report.built_by == supervisor and report.rows.count() == 8


def _wait_for(condition, worker, what: str, seconds: int = 180):
    deadline = time.monotonic() + seconds
    while not condition():
        if worker.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what}:\n{_output(worker)}")
        time.sleep(0.2)


def test_a_worker_killed_during_a_build_hands_it_back_and_it_is_built_once(district, supervisor, pooled_worker):
    from reports.tasks import build_now

    from .test_building import _add_tasks

    _add_tasks(district.plan, district.top2, district.units["fgw"], 2500, 1000)  # a build of some seconds
    report = build_now(OCTOBER, district.plan, supervisor)  # sent at once: no transaction is open here
    _wait_for(lambda: Report.objects.get(pk=report.pk).build_state == JobState.RUNNING, pooled_worker,
              "the worker did not start the build")
    job = Report.objects.get(pk=report.pk).build_job
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pooled_worker.pid)], capture_output=True,
                              text=True).stdout.split()
    assert children, "the worker runs its job in a child process"
    for child in children:
        os.kill(int(child), signal.SIGKILL)  # the process building the report dies mid-build
    _wait_for(lambda: Report.objects.get(pk=report.pk).build_state == JobState.DONE, pooled_worker,
              "the build was not handed back and finished")
    report.refresh_from_db()
    assert report.build_job == job  # the same job, delivered again
    assert "WorkerLostError" in _output(pooled_worker) or "worker lost" in _output(pooled_worker).lower()
    tasks = district.plan.tasks.count()
    assert report.rows.count() == tasks and report.rows.values("task_key").distinct().count() == tasks
    builds = AuditEntry.objects.filter(object_id=report.pk, content_type__model="report")
    assert builds.filter(Q(note="built") | Q(note__startswith="rebuilt")).count() == 1
    assert report.built_by == supervisor


def test_a_build_asked_for_while_redis_was_down_is_sent_again_and_built(client, district, supervisor, worker,
                                                                         monkeypatch):
    import datetime

    from django.urls import reverse
    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from reports import jobs
    from reports.tasks import build_report_job

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client.force_login(supervisor)
    with monkeypatch.context() as broken:
        broken.setattr(build_report_job, "delay", broker_down)
        response = client.post(reverse("reports:build"), {"kind": "monthly", "period": "2026-10"})
    assert response.status_code == 302  # the page works; the build waits, recorded
    report = Report.objects.get()
    assert report.build_state == JobState.QUEUED
    sent = jobs.requeue_stalled(timezone.now() + datetime.timedelta(minutes=10))  # beat's next run, Redis back
    assert sent["builds"] == [report.pk]
    _wait_for(lambda: Report.objects.get(pk=report.pk).build_state == JobState.DONE, worker,
              "the worker did not build the report sent again")
    assert Report.objects.get(pk=report.pk).built_by == supervisor
