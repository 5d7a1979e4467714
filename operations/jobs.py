"""Celery jobs of the operations app."""

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat

WORKER_HEARTBEAT = "celery-worker"


@shared_task(name="operations.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every DUBAN_HEARTBEAT_SECONDS; a worker running it proves beat, the broker, a worker
    and the database all work. Safe to run twice: it only moves a timestamp."""
    hostname = getattr(heartbeat.request, "hostname", None) or ""
    Heartbeat.objects.update_or_create(
        name=WORKER_HEARTBEAT, defaults={"beat_at": timezone.now(), "worker": hostname[:200]}
    )
