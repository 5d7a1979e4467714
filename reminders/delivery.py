"""Recording reminders and sending each exactly once: record, claim, send, mark.

1. `record` turns notices into Delivery rows, one per person (or unit robot) and channel, and inserts
   those whose key is new; the unique key makes a second sweep, a retry or a racing worker add nothing.
2. `deliver_pending` claims rows with a conditional UPDATE carrying a fresh token (only rows still
   claimable change, so of two workers each row goes to one), sends them — grouped into one message per
   person and channel when DUBAN_REMINDER_DIGEST is on — and marks them sent. In-app notifications are
   created in the same transaction as the mark, so they are exactly once even if the worker dies. For
   email and robots the send happens between claim and mark: a worker killed before the mark leaves the
   row claimed, and it is sent again only after DUBAN_REMINDER_CLAIM_TIMEOUT. The claim is renewed just
   before each send, so a long batch does not outlive its claims.
3. A failed send is retried with doubling waits and given up after DUBAN_REMINDER_MAX_ATTEMPTS; each
   group is sent on its own, so one failing channel or address never holds up the others.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from .channels import SENDERS, Undeliverable, in_app
from .models import Channel, Delivery, DeliveryState
from .notices import Notice, People

logger = logging.getLogger("duban.reminders")
CLAIM_BATCH = 500


@dataclass
class Planned:
    """What recording notices would add, and whom they could not reach by email."""

    deliveries: list[Delivery]
    without_email: dict[int, str]


def plan(notices: list[Notice], people: People, channels=(Channel.IN_APP, Channel.EMAIL, Channel.WEBHOOK)) -> Planned:
    """The deliveries for `notices` (not saved): per person in-app and, with an address, email; per unit
    robot one post."""
    deliveries, without_email = [], {}
    for notice in notices:
        common = {"rule": notice.rule, "task_id": notice.task_id, "due_on": notice.due_on, "message": notice.message}
        for user_id in sorted(notice.user_ids):
            if Channel.IN_APP in channels:
                deliveries.append(Delivery(key=f"{notice.key}:user{user_id}:{Channel.IN_APP}",
                                           channel=Channel.IN_APP, recipient_id=user_id, **common))
            if Channel.EMAIL in channels:
                user = people.users[user_id]
                if user.email:
                    deliveries.append(Delivery(key=f"{notice.key}:user{user_id}:{Channel.EMAIL}",
                                               channel=Channel.EMAIL, recipient_id=user_id, **common))
                else:
                    without_email[user_id] = user.username
        if Channel.WEBHOOK in channels:
            for unit_id in sorted(notice.unit_ids):
                deliveries.append(Delivery(key=f"{notice.key}:unit{unit_id}:{Channel.WEBHOOK}",
                                           channel=Channel.WEBHOOK, unit_id=unit_id, **common))
    return Planned(deliveries, without_email)


def existing_keys(keys: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(keys), CLAIM_BATCH):
        found |= set(Delivery.objects.filter(key__in=keys[start:start + CLAIM_BATCH]).values_list("key", flat=True))
    return found


def record(deliveries: list[Delivery]) -> None:
    """Insert the deliveries whose key is not recorded yet; a key recorded meanwhile by another worker is
    skipped by the unique constraint."""
    known = existing_keys([d.key for d in deliveries])
    Delivery.objects.bulk_create([d for d in deliveries if d.key not in known], batch_size=CLAIM_BATCH,
                                 ignore_conflicts=True)


def claim(now: datetime.datetime, keys: list[str] | None = None) -> tuple[str, list[Delivery]]:
    """Take up to CLAIM_BATCH claimable deliveries for this sender; returns its token and the rows."""
    timeout = datetime.timedelta(seconds=settings.DUBAN_REMINDER_CLAIM_TIMEOUT)
    candidates = Delivery.objects.claimable(now, timeout)
    if keys is not None:
        candidates = candidates.filter(key__in=keys)
    # In the order messages are grouped, so a batch boundary splits at most one person's digest.
    ordered = candidates.order_by("channel", "recipient_id", "unit_id", "pk")
    ids = list(ordered.values_list("pk", flat=True)[:CLAIM_BATCH])
    if not ids:
        return "", []
    token = uuid.uuid4().hex
    # The condition is repeated in the UPDATE itself: a row another sender claimed since the SELECT no
    # longer matches it, so it is not taken twice.
    Delivery.objects.claimable(now, timeout).filter(pk__in=ids).update(
        state=DeliveryState.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    rows = Delivery.objects.filter(claim_token=token, state=DeliveryState.SENDING).select_related(
        "recipient", "unit__webhook", "task"
    )
    return token, list(rows.order_by("channel", "recipient_id", "unit_id", "pk"))


def _groups(rows: list[Delivery]):
    """One message per person (or robot) and channel with the digest on, else one per delivery."""
    if not settings.DUBAN_REMINDER_DIGEST:
        return [[row] for row in rows]
    return [list(group) for _key, group in groupby(rows, key=lambda r: (r.channel, r.recipient_id, r.unit_id))]


def _mark_sent(token: str, group: list[Delivery], now) -> int:
    return Delivery.objects.filter(pk__in=[r.pk for r in group], claim_token=token).update(
        state=DeliveryState.SENT, sent_at=now, last_error=""
    )


def _mark_failed(token: str, group: list[Delivery], error: Exception, now, give_up: bool = False) -> None:
    for row in group:
        last = give_up or row.attempts >= settings.DUBAN_REMINDER_MAX_ATTEMPTS
        wait = datetime.timedelta(seconds=settings.DUBAN_REMINDER_RETRY_SECONDS * 2 ** max(row.attempts - 1, 0))
        Delivery.objects.filter(pk=row.pk, claim_token=token).update(
            state=DeliveryState.GAVE_UP if last else DeliveryState.FAILED,
            next_attempt_at=None if last else now + wait, last_error=str(error)[:2000],
        )
        row.state = DeliveryState.GAVE_UP if last else DeliveryState.FAILED
    level = logging.ERROR if group[0].state == DeliveryState.GAVE_UP else logging.WARNING
    logger.log(level, "reminder %s failed (%s): %s", group[0].channel, ", ".join(r.key for r in group), error)


def _send_in_app(token: str, groups: list[list[Delivery]], now) -> bool:
    """Create the notifications of many groups and mark them sent in one transaction (one commit for the
    lot); only if every row is still claimed by `token`. Returns whether they were sent."""
    rows = [row for group in groups for row in group]
    with transaction.atomic():
        if _mark_sent(token, rows, now) != len(rows):
            transaction.set_rollback(True)
            return False
        in_app.send_many(groups)
    for row in rows:
        row.state = DeliveryState.SENT
    return True


def _renew_claim(token: str, group: list[Delivery], at: datetime.datetime) -> bool:
    """Restart the claim's clock just before sending, so the claim timeout need only outlast one send, not
    a whole batch; False when another sender has taken the rows over meanwhile."""
    renewed = Delivery.objects.filter(
        pk__in=[r.pk for r in group], claim_token=token, state=DeliveryState.SENDING
    ).update(claimed_at=at)
    return renewed == len(group)


def _send_group(token: str, group: list[Delivery], now, clock=None) -> None:
    if group[0].channel == Channel.IN_APP:
        # Sent only while the claim is still ours; a row taken over by another sender is theirs to send.
        _send_in_app(token, [group], now)
        return
    if not _renew_claim(token, group, (clock or timezone.now)()):
        return
    SENDERS[group[0].channel](group)
    _mark_sent(token, group, now)
    for row in group:
        row.state = DeliveryState.SENT


def _send_batch(token: str, rows: list[Delivery], now, clock) -> None:
    groups = _groups(rows)
    in_app_groups = [g for g in groups if g[0].channel == Channel.IN_APP]
    # In-app notifications go first, all together; if that fails (a claim was taken over), one by one.
    if in_app_groups and _send_in_app(token, in_app_groups, now):
        groups = [g for g in groups if g[0].channel != Channel.IN_APP]
    for group in groups:
        try:
            _send_group(token, group, now, clock)
        except Undeliverable as error:
            _mark_failed(token, group, error, clock(), give_up=True)
        except Exception as error:  # a channel's failure must not stop the others
            _mark_failed(token, group, error, clock())


def deliver_pending(keys: list[str] | None = None, now: datetime.datetime | None = None) -> list[Delivery]:
    """Send every claimable delivery (only those with `keys`, if given); returns the rows this call
    handled, each with its new state."""
    handled = []
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            moment = now or timezone.now()
            token, rows = claim(moment, keys)
            if not rows:
                break
            _send_batch(token, rows, moment, clock=(lambda: now) if now else timezone.now)
            # rows another sender took over meanwhile are theirs to report
            handled += [row for row in rows if row.state != DeliveryState.SENDING]
    return handled
