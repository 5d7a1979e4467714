"""The reporting day: the day a month's progress update is due — the one rule behind My work's "due on",
the reminders' dates, the reports' and dashboards' on time / late / not yet due, and the assessment's late
and missing lines.

The rule, for a month (a period, its first day):

- the update is due on DUBAN_REPORTING_DAY of that month, or on its last day when the month is shorter
  (a reporting day of 31 is 28 February);
- with DUBAN_REPORTING_DAY_BEFORE_WEEKEND on, a day falling on a Saturday or Sunday moves to the Friday
  before — but never out of its month: when that Friday is in the month before (a reporting day of 1 on a
  Sunday), it moves to the Monday after instead;
- an update is on time when first submitted by the end of the due day, in the district's time zone: a
  return and a resubmission after the due day leave it on time (`first_submission`);
- until the due day has ended, the month's update is "not yet due": not missing, not late.

`due_on` is the rule for one month; `on_time_until` is the moment it ends (for SQL comparing stored
submission times); `is_due` says whether the due day has passed by the end of a day; `first_submission` and
`first_submission_sql` say which stored time is compared with it.
tests/hardening/test_reporting_day_rule.py holds every page and job that uses it to the same days.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .periods import month_start, period_end

SATURDAY = 5


def due_on(period: datetime.date) -> datetime.date:
    """The day the update for month `period` is due."""
    period = month_start(period)
    day = period.replace(day=min(settings.DUBAN_REPORTING_DAY, period_end(period).day))
    if settings.DUBAN_REPORTING_DAY_BEFORE_WEEKEND and day.weekday() >= SATURDAY:
        friday = day - datetime.timedelta(days=day.weekday() - 4)
        day = friday if friday.month == day.month else day + datetime.timedelta(days=7 - day.weekday())
    return day


def on_time_until(period: datetime.date) -> datetime.datetime:
    """The moment the due day ends (midnight after it, district time): a submission before it is on time."""
    after = due_on(period) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(after, datetime.time.min))


def first_submission(first_submitted_at: datetime.datetime | None,
                     submitted_at: datetime.datetime | None) -> datetime.datetime | None:
    """When an update was first submitted: ProgressUpdate.first_submitted_at, or, for an update saved as
    submitted without going through tasks/progress.py (imports, generated data), its only submission time."""
    return first_submitted_at if first_submitted_at is not None else submitted_at


def first_submission_sql(alias: str) -> str:
    """`first_submission` as an SQL expression over the tasks_progressupdate row `alias`."""
    return f"COALESCE({alias}.first_submitted_at, {alias}.submitted_at)"


def is_due(period: datetime.date, day: datetime.date) -> bool:
    """Whether month `period`'s update was due by the end of `day` (its due day is over): only then may it
    be counted missing or late."""
    return day > due_on(period)
