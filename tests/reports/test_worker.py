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
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
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
