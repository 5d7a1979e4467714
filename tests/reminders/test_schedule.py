"""The reminder jobs are scheduled out of the box (django-celery-beat, editable in the admin) and name
jobs the Celery app knows."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from config.celery import app

pytestmark = pytest.mark.django_db
schedule = importlib.import_module("reminders.migrations.0002_reminder_schedule")


def test_the_default_schedule_sweeps_every_morning_and_retries_every_ten_minutes():
    PeriodicTask.objects.filter(name__in=[schedule.SWEEP, schedule.RETRY]).delete()
    schedule.create_schedule(apps, None)
    schedule.create_schedule(apps, None)  # a second run (a re-applied migration) adds nothing
    sweep = PeriodicTask.objects.get(name=schedule.SWEEP)
    assert (sweep.crontab.hour, sweep.crontab.minute, str(sweep.crontab.timezone)) == ("8", "0", "Asia/Shanghai")
    retry = PeriodicTask.objects.get(name=schedule.RETRY)
    assert (retry.interval.every, retry.interval.period) == (10, "minutes")
    app.loader.import_default_modules()
    assert {sweep.task, retry.task, "reminders.urge"} <= set(app.tasks)
