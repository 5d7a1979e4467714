"""The reminder sweep: find what falls due on a day, record it, send it. Run daily by Celery beat
(reminders/tasks.py) or from cron with `manage.py send_reminders`; running it again sends nothing twice."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .delivery import deliver_pending, existing_keys, plan, record
from .models import Channel, Delivery
from .notices import notices_due, urge_notice


@dataclass
class SweepReport:
    """What a sweep sent (or, dry, would send), and whom it could not reach."""

    day: datetime.date
    dry_run: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    unstaffed_units: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "dry_run": self.dry_run,
            "reminders": [
                {
                    "key": d.key, "rule": d.rule, "channel": d.channel,
                    "to": d.recipient.username if d.recipient_id and d.recipient else (d.unit.name if d.unit else ""),
                    "headline": d.message.get("headline", ""),
                    "state": "would_send" if self.dry_run else d.state,
                }
                for d in self.deliveries
            ],
            "unstaffed_units": self.unstaffed_units,
            "users_without_email": self.without_email,
        }

    @property
    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for delivery in self.deliveries:
            found[delivery.state] = found.get(delivery.state, 0) + 1
        return found


def run_sweep(day: datetime.date | None = None, dry_run: bool = False) -> SweepReport:
    """Record and send the reminders falling due on `day` (today by default), then anything still waiting
    from before (failed sends whose retry time has come, sends a dead worker left claimed)."""
    day = day or timezone.localdate()
    notices, people, urges = notices_due(day)
    planned = plan(notices, people)
    for_urges = plan(urges, people, channels=(Channel.EMAIL, Channel.WEBHOOK))
    planned.deliveries += for_urges.deliveries
    planned.without_email |= for_urges.without_email
    report = SweepReport(day=day, dry_run=dry_run, unstaffed_units=sorted(people.unstaffed.values()),
                         without_email=sorted(planned.without_email.values()))
    if dry_run:
        known = existing_keys([d.key for d in planned.deliveries])
        report.deliveries = [d for d in planned.deliveries if d.key not in known]
        _attach(report.deliveries, people)
        return report
    record(planned.deliveries)
    report.deliveries = deliver_pending()
    return report


def deliver_urge(urge_id: int) -> list[Delivery]:
    """Send an urge by email and to the unit's robot at once (its in-app notification came with it)."""
    notices, people = urge_notice(urge_id)
    planned = plan(notices, people, channels=(Channel.EMAIL, Channel.WEBHOOK))
    record(planned.deliveries)
    return deliver_pending(keys=[d.key for d in planned.deliveries]) if planned.deliveries else []


def _attach(deliveries: list[Delivery], people) -> None:
    """Fill in recipients and units from the index, so a dry run's report needs no queries per row."""
    for delivery in deliveries:
        if delivery.recipient_id:
            delivery.recipient = people.users.get(delivery.recipient_id)
        if delivery.unit_id:
            delivery.unit = people.units.get(delivery.unit_id)
