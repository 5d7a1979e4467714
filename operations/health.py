"""What /healthz and `manage.py healthcheck` report: the database, Redis (when configured) and the age of
the worker heartbeat (when a broker is configured; jobs run in-process otherwise)."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

OK, FAILING, NOT_CONFIGURED, STALE, NEVER_SEEN = "ok", "failing", "not configured", "stale", "never seen"


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is what we report, not a crash of the health page
        return {"status": FAILING, "error": error.__class__.__name__}
    return {"status": OK}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        client.close()
    except Exception as error:
        return {"status": FAILING, "error": error.__class__.__name__}
    return {"status": OK}


def check_worker() -> dict:
    if not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    from .jobs import WORKER_HEARTBEAT
    from .models import Heartbeat

    try:
        beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
    except Exception as error:
        return {"status": FAILING, "error": error.__class__.__name__}
    if beat is None:
        return {"status": NEVER_SEEN}
    age = max(0, round((timezone.now() - beat).total_seconds()))
    # Three missed beats, not one: a busy worker may run the heartbeat late.
    status = OK if age <= 3 * settings.DUBAN_HEARTBEAT_SECONDS else STALE
    return {"status": status, "age_seconds": age}


def report() -> tuple[bool, dict]:
    """(healthy, details). Healthy means the web app can serve: database and Redis. The worker's state is
    reported beside them and does not make the web app unhealthy."""
    checks = {"database": check_database(), "redis": check_redis(), "worker": check_worker()}
    healthy = all(checks[name]["status"] in (OK, NOT_CONFIGURED) for name in ("database", "redis"))
    return healthy, {"status": "ok" if healthy else "failing", "checks": checks}
