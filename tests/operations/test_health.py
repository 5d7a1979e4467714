"""/healthz: database, Redis when configured, the worker's heartbeat; answered before host checks and the
HTTPS redirect so a container probe on 127.0.0.1 works."""

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from operations import health
from operations.jobs import WORKER_HEARTBEAT, heartbeat
from operations.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_without_redis_the_worker_and_redis_are_not_configured(client, settings):
    settings.REDIS_URL = ""
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "checks": {"database": {"status": "ok"},
                                                "redis": {"status": "not configured"},
                                                "worker": {"status": "not configured"}}}


def test_health_is_answered_for_any_host_and_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["duban.example.invalid"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    # Every other page still gets the host check and the redirect.
    assert client.get("/login/", HTTP_HOST="duban.example.invalid").status_code == 301


def test_a_broken_redis_makes_the_app_unhealthy(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"] == "failing"


def test_a_broken_database_makes_the_app_unhealthy(client, monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: {"status": health.FAILING, "error": "OperationalError"})
    assert client.get("/healthz").status_code == 503


def test_the_worker_heartbeat_reports_its_age(settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert health.check_worker() == {"status": "never seen"}
    heartbeat()  # what a worker runs when beat sends it
    assert health.check_worker()["status"] == "ok"
    Heartbeat.objects.filter(name=WORKER_HEARTBEAT).update(
        beat_at=timezone.now() - datetime.timedelta(seconds=3 * settings.DUBAN_HEARTBEAT_SECONDS + 5)
    )
    report = health.check_worker()
    assert report["status"] == "stale" and report["age_seconds"] >= 3 * settings.DUBAN_HEARTBEAT_SECONDS


def test_the_heartbeat_is_on_the_beat_schedule(settings):
    from config.celery import app

    entries = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == "operations.heartbeat"]
    assert len(entries) == 1 and entries[0]["schedule"] == settings.DUBAN_HEARTBEAT_SECONDS


def test_the_healthcheck_command_fails_on_a_stale_worker_only_when_asked(settings, capsys):
    settings.REDIS_URL = ""
    call_command("healthcheck", "--worker")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(CommandError):
        call_command("healthcheck")


def test_a_worker_knows_the_heartbeat_job():
    """In a fresh process, as `celery worker` starts: the job beat sends must be registered."""
    code = ("import django; django.setup(); from config.celery import app; app.loader.import_default_modules(); "
            "print('operations.heartbeat' in app.tasks)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.stdout.strip() == "True", result.stderr
