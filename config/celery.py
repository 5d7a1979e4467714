"""The Celery app. Jobs live in each app's modules; the schedule is kept by django-celery-beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("duban")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Each job's start, end and failure goes to the log, with the job's id on every line it writes
# (as a request's id is on a request's lines: operations/logging.py).
import logging  # noqa: E402
import time  # noqa: E402

from celery import signals  # noqa: E402

job_log = logging.getLogger("duban.jobs")
_started: dict[str, tuple[float, object]] = {}


@signals.task_prerun.connect
def _job_started(task_id=None, task=None, **kwargs):
    from operations.logging import request_id_var

    token = request_id_var.set(task_id or "-")
    _started[task_id] = (time.monotonic(), token)
    job_log.info("job started: %s", task.name, extra={"job": task.name, "job_id": task_id})


@signals.task_postrun.connect
def _job_finished(task_id=None, task=None, state=None, **kwargs):
    from operations.logging import request_id_var

    started, token = _started.pop(task_id, (None, None))
    elapsed_ms = round((time.monotonic() - started) * 1000) if started is not None else None
    job_log.info("job finished: %s %s in %s ms", task.name, state, elapsed_ms,
                 extra={"job": task.name, "job_id": task_id, "state": state, "elapsed_ms": elapsed_ms})
    if token is not None:
        try:
            request_id_var.reset(token)
        except ValueError:  # reset from another context (eager jobs run inside the caller's)
            request_id_var.set("-")


@signals.task_failure.connect
def _job_failed(task_id=None, exception=None, sender=None, einfo=None, **kwargs):
    name = getattr(sender, "name", "?")
    job_log.error("job failed: %s: %r", name, exception, exc_info=getattr(einfo, "exc_info", None),
                  extra={"job": name, "job_id": task_id})


@signals.task_retry.connect
def _job_retried(request=None, reason=None, sender=None, **kwargs):
    name = getattr(sender, "name", "?")
    job_log.warning("job will be retried: %s: %s", name, reason,
                    extra={"job": name, "job_id": getattr(request, "id", None)})
