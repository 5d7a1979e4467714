"""Logs: a request id on every line written while serving a request (and returned to the browser), JSON
lines on request, and each Celery job's start, end and failure."""

import json
import logging
import os
import subprocess
import sys

import pytest
from celery import shared_task

from operations.logging import JsonFormatter, RequestIdFilter, request_id_var
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler = Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    yield handler.records
    root.removeHandler(handler)
    root.setLevel(previous)


def test_each_request_has_an_id_on_its_log_lines_and_in_the_response(client, collected):
    first = client.get("/login/")["X-Request-ID"]
    client.force_login(make_user("clerk"))
    response = client.get("/tasks/999999/")
    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert request_id != first
    lines = [r for r in collected if r.name == "django.request"]
    assert lines and lines[-1].request_id == request_id
    assert request_id_var.get() == "-"  # nothing leaks into the next request


def test_a_request_id_from_the_proxy_is_kept_when_it_looks_like_one(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == "proxy-1234abcd"
    assert client.get("/login/", HTTP_X_REQUEST_ID="<bad id>")["X-Request-ID"] != "<bad id>"


def test_the_json_format_is_one_object_per_line():
    record = logging.LogRecord("duban.test", logging.WARNING, __file__, 1, "saved %s", ("更新",), None)
    record.request_id = "abc123"
    record.job = "tasks.remind"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "saved 更新" and entry["request_id"] == "abc123" and entry["level"] == "WARNING"
    assert entry["job"] == "tasks.remind"


def test_log_format_json_switches_the_console_to_json():
    code = ("import django; django.setup(); import logging; "
            "logging.getLogger('duban.x').warning('hello')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"})
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hello" and entry["request_id"] == "-"


@shared_task(name="tests.sample_job")
def sample_job(fail: bool = False):
    logging.getLogger("duban.test").info("inside the job")
    if fail:
        raise RuntimeError("the job broke")
    return "done"


def test_jobs_log_start_and_end_with_their_id_on_every_line(collected):
    result = sample_job.apply()  # runs it here, as a worker would
    job_lines = [r for r in collected if r.name in ("duban.jobs", "duban.test")]
    assert [r.getMessage().split(":")[0] for r in job_lines] == ["job started", "inside the job", "job finished"]
    assert {r.request_id for r in job_lines} == {result.id}


def test_a_failing_job_is_logged_as_failed(collected):
    # As a worker runs it: the error is recorded, not raised to the caller (in-process jobs raise it to the
    # request, whose error Django logs).
    result = sample_job.apply(kwargs={"fail": True}, throw=False)
    assert result.failed()
    failures = [r for r in collected if r.name == "duban.jobs" and r.levelno == logging.ERROR]
    assert len(failures) == 1 and "the job broke" in failures[0].getMessage()


def test_workers_keep_our_log_format():
    from config.celery import app

    # Left on, Celery would replace the root handlers in worker processes: no JSON, no job id.
    assert app.conf.worker_hijack_root_logger is False
