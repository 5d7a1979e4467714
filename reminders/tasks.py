"""Celery jobs for reminders. They take plain values (JSON), never model instances; each is safe to run
twice, because every reminder is claimed by its unique key before it is sent."""

import datetime

from celery import shared_task

from .delivery import deliver_pending
from .sweep import deliver_urge, run_sweep


@shared_task(name="reminders.sweep")
def sweep_reminders(day: str | None = None) -> dict:
    """The daily sweep (scheduled by django-celery-beat); `day` is an ISO date, today when omitted."""
    report = run_sweep(datetime.date.fromisoformat(day) if day else None)
    return {"date": report.day.isoformat(), **report.counts, "unstaffed_units": report.unstaffed_units}


@shared_task(name="reminders.retry")
def retry_reminders() -> int:
    """Send what is still waiting: failed sends whose retry time has come, and stuck claims."""
    return len(deliver_pending())


@shared_task(name="reminders.urge")
def send_urge(urge_id: int) -> int:
    """Deliver an urge by email and group robot as soon as it is committed."""
    return len(deliver_urge(urge_id))
