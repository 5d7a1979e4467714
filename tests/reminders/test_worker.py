"""Reminders through a real Celery worker process on the real Redis and PostgreSQL: two sweeps racing
deliver every reminder exactly once, and a worker killed in the middle of sending and started again
sends nothing twice.

The worker is a separate process, so it cannot see a test's open transaction: these tests commit their
data (transactional database) and hand the worker the test database's name. Mail goes to files (one
per message) that the test reads back; each carries the ids of the deliveries it holds.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from reminders.models import Channel, Delivery, DeliveryState
from tasks.models import Notification, NotificationKind, Task
from tests.conftest import skip_or_fail
from units.models import Unit, UnitKind

from .conftest import DUE_NOVEMBER, person
from .mail_files import HOLD_FILE, HOLDING_FILE, sent_messages

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent
SWEEP_DAY = DUE_NOVEMBER - datetime.timedelta(days=5)
CLAIM_TIMEOUT = 3


@pytest.fixture
def services():
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("REDIS_URL is not set", "DUBAN_REQUIRE_SERVICES")
    if connection.vendor != "postgresql":
        skip_or_fail("a worker process needs a shared database: set DATABASE_URL to PostgreSQL",
                     "DUBAN_REQUIRE_SERVICES")
    from config.celery import app

    assert app.conf.task_always_eager is False
    _clear_queue(app)
    yield app
    _clear_queue(app)


def _clear_queue(app) -> None:
    """Drop messages left by an earlier run, including one a killed worker never acknowledged."""
    app.control.purge()
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    """`celery -A config worker` in its own process group, on the test database."""

    def __init__(self, mail_dir: Path, log: Path):
        self.mail_dir, self.log, self.process = mail_dir, log, None
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_BACKEND": "tests.reminders.mail_files.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "DUBAN_REMINDER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
            "DUBAN_REPORTING_DAY": "25",
            "DUBAN_REPORTING_REMINDER_DAYS": "5,1",
            "DUBAN_DEADLINE_REMINDER_DAYS": "7,3,1",
            "DUBAN_REMINDER_DIGEST": "1",
            "DUBAN_REPORTING_DAY_BEFORE_WEEKEND": "0",
        }

    def start(self) -> "Worker":
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=2",
                   "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                   "-n", f"reminders-test-{uuid.uuid4().hex[:8]}@%h"]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def worker(services, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    running = Worker(mail_dir, tmp_path / "worker.log")
    yield running
    running.stop()


@pytest.fixture
def crowd(district):
    """Enough units and people that two racing sweeps each have plenty to claim."""
    from tasks.models import TaskUnit, UnitRole

    for number in range(8):
        unit = Unit.objects.create(name=f"测试街道{number}", kind=UnitKind.STREET)
        TaskUnit.objects.create(task=district.task, role=UnitRole.RESPONSIBLE, unit=unit, name=unit.name,
                                position=10 + number)
        for seat in range(3):
            person(f"street{number}_{seat}", unit, head=seat == 0)
    # a deadline three days after the sweep day: a second reminder for everyone, merged into the digest
    Task.objects.filter(pk=district.task.pk).update(deadline=SWEEP_DAY + datetime.timedelta(days=3))
    return district


def _wait_for(condition, timeout: float, worker: Worker, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}:\n{worker.output()}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}:\n{worker.output()}")


def assert_each_delivered_once(mail_dir: Path) -> None:
    """Every recorded reminder was sent, every email exactly once, every in-app one in exactly one
    notification."""
    deliveries = list(Delivery.objects.all())
    assert deliveries and {d.state for d in deliveries} == {DeliveryState.SENT}
    mailed = Counter(
        int(pk) for message in sent_messages(mail_dir) for pk in message["X-Duban-Deliveries"].split(",")
    )
    emails = {d.pk for d in deliveries if d.channel == Channel.EMAIL}
    assert set(mailed) == emails
    assert max(mailed.values()) == 1, f"sent twice: {[pk for pk, n in mailed.items() if n > 1]}"
    for delivery in (d for d in deliveries if d.channel == Channel.IN_APP):
        inbox = Notification.objects.filter(recipient_id=delivery.recipient_id, kind=NotificationKind.REMINDER)
        shown = sum(note.text.count(delivery.message["headline"]) for note in inbox)
        assert shown == 1, delivery.key


def test_two_sweeps_racing_on_a_real_worker_deliver_each_reminder_once(crowd, worker):
    from reminders.tasks import sweep_reminders

    worker.start()
    results = [sweep_reminders.delay(SWEEP_DAY.isoformat()) for _ in range(2)]
    try:
        outcomes = [result.get(timeout=120) for result in results]
    except Exception:
        pytest.fail(f"the sweeps did not finish:\n{worker.output()}")
    assert_each_delivered_once(worker.mail_dir)
    # every delivery was handled by exactly one of the two sweeps
    assert sum(outcome.get("sent", 0) for outcome in outcomes) == Delivery.objects.count()
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() > 20

    again = sweep_reminders.delay(SWEEP_DAY.isoformat()).get(timeout=60)
    assert again.get("sent", 0) == 0
    assert_each_delivered_once(worker.mail_dir)


def test_a_worker_killed_mid_send_and_restarted_sends_nothing_twice(crowd, worker):
    from reminders.tasks import sweep_reminders

    (worker.mail_dir / HOLD_FILE).write_text("3")  # let three messages out, then hang in the fourth send
    worker.start()
    sweep_reminders.delay(SWEEP_DAY.isoformat())
    _wait_for(lambda: (worker.mail_dir / HOLDING_FILE).exists(), 120, worker, "the worker to start sending")
    worker.kill()
    before_kill = sent_messages(worker.mail_dir)
    assert len(before_kill) == 3
    assert Delivery.objects.filter(state=DeliveryState.SENDING).exists(), "the killed worker left claims behind"
    assert set(Delivery.objects.filter(state=DeliveryState.SENT, channel=Channel.EMAIL).values_list("pk", flat=True)) \
        == {int(pk) for message in before_kill for pk in message["X-Duban-Deliveries"].split(",")}

    (worker.mail_dir / HOLD_FILE).unlink()
    worker.start()
    time.sleep(CLAIM_TIMEOUT + 1)  # the dead worker's claims expire
    sweep_reminders.delay(SWEEP_DAY.isoformat()).get(timeout=120)
    assert_each_delivered_once(worker.mail_dir)
