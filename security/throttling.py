"""Refusing logins after repeated failures, per user name and per address.

Counted in the database (LoginAttempt), so every gunicorn worker sees the same count and nothing is lost
when Redis is down. A user name is locked after DUBAN_LOGIN_FAILURES_PER_USER failures since its last
successful login within DUBAN_LOGIN_LOCKOUT_MINUTES; an address after DUBAN_LOGIN_FAILURES_PER_ADDRESS
failures within the same window (set higher: an office behind one NAT address shares it). While locked,
even the right password is refused, so guessing gains nothing; attempts refused while locked do not
extend the lock.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt, LoginOutcome


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.DUBAN_LOGIN_LOCKOUT_MINUTES)


def is_locked_out(username: str | None, address: str | None) -> bool:
    since = window_start()
    failures = LoginAttempt.objects.filter(outcome=LoginOutcome.FAILURE, at__gte=since)
    name = normalise(username)
    if name:
        last_success = (
            LoginAttempt.objects.filter(username=name, outcome=LoginOutcome.SUCCESS, at__gte=since)
            .order_by("-at").values_list("at", flat=True).first()
        )
        user_failures = failures.filter(username=name)
        if last_success is not None:
            user_failures = user_failures.filter(at__gt=last_success)
        if user_failures.count() >= settings.DUBAN_LOGIN_FAILURES_PER_USER:
            return True
    if address and failures.filter(address=address).count() >= settings.DUBAN_LOGIN_FAILURES_PER_ADDRESS:
        return True
    return False


def record_attempt(username: str | None, address: str | None, outcome: str) -> LoginAttempt:
    return LoginAttempt.objects.create(username=normalise(username), address=address, outcome=outcome)
