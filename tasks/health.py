"""Task health, the traffic light (红黄绿灯) on every list, task page and dashboard.

`compute_health` is the rule; `annotate_health` is the same rule written as SQL so that lists and counts
are computed in the database. Tests hold the two to the same answers.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ProgressStatus, ProgressUpdate, ReviewState, WorkStatus
from .periods import month_start, period_end, previous_period
from .speaking_update import latest_first


class Health(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    GREY = "grey", _("Grey (completed)")


HEALTH_ORDER = (Health.RED, Health.YELLOW, Health.GREEN, Health.GREY)

# Updates that count: what a unit has put in front of its reviewers (drafts and ones waiting for the unit
# head are not yet said; a returned update is still what the unit said last).
REPORTED_STATES = (ReviewState.SUBMITTED, ReviewState.ACCEPTED, ReviewState.RETURNED)
WORRYING_STATUSES = (ProgressStatus.BLOCKED, ProgressStatus.BEHIND)


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int
    due_soon_percent: int
    lag_points: int

    @classmethod
    def from_settings(cls, settings=None) -> "Thresholds":
        settings = settings or django_settings
        return cls(
            due_soon_days=settings.DUBAN_HEALTH_DUE_SOON_DAYS,
            due_soon_percent=settings.DUBAN_HEALTH_DUE_SOON_PERCENT,
            lag_points=settings.DUBAN_HEALTH_LAG_POINTS,
        )


@dataclass(frozen=True)
class Assessment:
    health: str
    reasons: list[str]


def last_closed_period(today: datetime.date) -> datetime.date:
    """The month before today's: its update should be in by now."""
    return previous_period(month_start(today))


def reporting_required(plan, period: datetime.date) -> bool:
    """Whether the plan ran during `period` (a plan without dates always does)."""
    started = plan.period_start is None or plan.period_start <= period_end(period)
    not_ended = plan.period_end is None or plan.period_end >= period
    return started and not_ended


def completed_on(day: datetime.date) -> Q:
    """Completed as things stood on `day`: completed by then, or on a day not recorded. A task completed later
    was still open on `day` (dashboards and reports for a past month)."""
    return Q(work_status=WorkStatus.COMPLETED) & (Q(completed_on__isnull=True) | Q(completed_on__lte=day))


def is_completed_on(task, day: datetime.date) -> bool:
    """completed_on, for one task."""
    return task.work_status == WorkStatus.COMPLETED and (task.completed_on is None or task.completed_on <= day)


def status_on(work_status: str, health: str) -> str:
    """The work status a count as of a day shows: a task completed after that day was still in progress then
    (its health that day is not grey)."""
    if work_status == WorkStatus.COMPLETED and health != Health.GREY:
        return WorkStatus.IN_PROGRESS
    return work_status


def reported_for(task, period: datetime.date, latest_update=None) -> bool:
    """Whether the task has an update reported (REPORTED_STATES) for `period`: read from its latest update when
    that is for the month, else looked up (one query: a returned update counts, though it never speaks)."""
    if latest_update is not None and latest_update.period == period:
        return True
    if not task.pk:
        return False
    return ProgressUpdate.objects.filter(task=task.pk, period=period, review_state__in=REPORTED_STATES).exists()


def closed_reported_in(updates, today: datetime.date) -> bool:
    """reported_for the last closed period, read from all of a task's updates in hand (no query)."""
    closed = last_closed_period(today)
    return any(u.period == closed and u.review_state in REPORTED_STATES for u in updates)


def assess_health(task, latest_update, today: datetime.date, settings=None,
                  closed_reported: bool | None = None) -> Assessment:
    """The task's health and the reasons for it, checked in this order:

    grey   — the task is completed, by `today` (its closing confirmed by the supervision office; a unit's update
             saying completed is not enough);
    red    — overdue (deadline passed), or the latest update says blocked or behind, or there is no update
             reported for the last closed period (last month) while the plan was running then — a later
             month's update does not make up for it, only filling the month in (补报) does;
    yellow — due within DUBAN_HEALTH_DUE_SOON_DAYS with under DUBAN_HEALTH_DUE_SOON_PERCENT % done, or
             progress lags the time elapsed by more than DUBAN_HEALTH_LAG_POINTS percentage points (time
             runs from the plan's start to the task's deadline);
    green  — otherwise.

    `latest_update` is the update that speaks for the task (tasks/speaking_update.py, see latest_update_for):
    None when there is none. `closed_reported` says whether last month has a reported update (see
    reported_for, which is asked when it is not given). `task.plan` is read, so select it with the task.
    """
    limits = Thresholds.from_settings(settings)
    status = latest_update.status if latest_update else None
    percent = latest_update.percent_complete if latest_update else 0
    if is_completed_on(task, today):
        return Assessment(Health.GREY, [_("Completed")])

    red = []
    if task.deadline and task.deadline < today:
        red.append(_("Overdue"))
    if status in WORRYING_STATUSES:
        red.append(_("The latest update says blocked or behind"))
    closed = last_closed_period(today)
    if reporting_required(task.plan, closed):
        if not (reported_for(task, closed, latest_update) if closed_reported is None else closed_reported):
            red.append(_("No update for last month"))
    if red:
        return Assessment(Health.RED, red)

    yellow = []
    if task.deadline:
        days_left = (task.deadline - today).days
        if 0 <= days_left <= limits.due_soon_days and percent < limits.due_soon_percent:
            yellow.append(_("Due soon and not far enough"))
        start = task.plan.period_start
        if start is not None:
            elapsed, span = (today - start).days, (task.deadline - start).days
            # elapsed/span·100 − percent > lag, in whole numbers exactly as the database computes it
            if span > 0 and elapsed > 0 and 100 * elapsed > (percent + limits.lag_points) * span:
                yellow.append(_("Progress lags the time elapsed"))
    if yellow:
        return Assessment(Health.YELLOW, yellow)
    return Assessment(Health.GREEN, [])


def compute_health(task, latest_update, today: datetime.date, settings=None) -> str:
    """The task's health (a Health value); the rule is documented on assess_health."""
    return assess_health(task, latest_update, today, settings).health


# ------------------------------------------------------------------------------------- in the database


class DayNumber(Func):
    """Days since 1970-01-01 of a date column as a whole number, on SQLite and PostgreSQL alike."""

    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")


def _reported_latest_first():
    """The updates that may speak for a task, the one that speaks first (tasks/speaking_update.py)."""
    return latest_first()


def _latest_reported(task_ref: str = "pk", updates_through: datetime.date | None = None):
    updates = _reported_latest_first().filter(task=OuterRef(task_ref))
    return updates if updates_through is None else updates.filter(period__lte=updates_through)


def latest_update_for(task) -> ProgressUpdate | None:
    """The update that speaks for `task`, which compute_health reads (the same choice annotate_health makes)."""
    return _reported_latest_first().filter(task=task.pk).first() if task.pk else None


def latest_updates_for(tasks) -> dict[int, ProgressUpdate]:
    """latest_update_for each task, in one query."""
    rows = ProgressUpdate.objects.filter(
        task__in=[t.pk for t in tasks], pk=Subquery(_latest_reported("task_id").values("pk")[:1])
    )
    return {update.task_id: update for update in rows}


def annotate_latest(queryset, updates_through: datetime.date | None = None):
    """Annotate each task with its latest reported update's `latest_status`, `latest_percent` (0 if none) and
    `latest_period` (None if none): the update latest_update_for chooses, without fetching it."""
    latest = _latest_reported(updates_through=updates_through)
    return queryset.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_percent=Coalesce(Subquery(latest.values("percent_complete")[:1]), Value(0)),
        latest_period=Subquery(latest.values("period")[:1]),
    )


@dataclass(frozen=True)
class LatestReport:
    """What assess_health reads of a latest update: its status, percent and month."""

    status: str
    percent_complete: int
    period: datetime.date


def latest_report_of(task) -> LatestReport | None:
    """The latest reported update of a task fetched through annotate_latest, for assess_health."""
    if task.latest_period is None:
        return None
    return LatestReport(task.latest_status, task.latest_percent, task.latest_period)


def annotate_health(queryset, today: datetime.date | None = None, settings=None,
                    updates_through: datetime.date | None = None):
    """Annotate each task with `health` and the latest update's `latest_status`, `latest_percent` and
    `latest_period` — the rule of assess_health, in SQL.

    `updates_through` (a period) leaves later months' updates out, so that health "as of" a past date
    reads only what had been reported for the months up to it (dashboards and reports for a past month)."""
    today = today or timezone.localdate()
    limits = Thresholds.from_settings(settings)
    closed = last_closed_period(today)
    start = DayNumber("plan__period_start")
    queryset = annotate_latest(queryset, updates_through).annotate(
        health_elapsed_days=Value(_day_number(today)) - start,
        health_span_days=DayNumber("deadline") - start,
    )
    required = (Q(plan__period_start__isnull=True) | Q(plan__period_start__lte=period_end(closed))) & (
        Q(plan__period_end__isnull=True) | Q(plan__period_end__gte=closed)
    )
    grey = completed_on(today)
    closed_reported = Exists(ProgressUpdate.objects.filter(task=OuterRef("pk"), period=closed,
                                                           review_state__in=REPORTED_STATES))
    red = Q(deadline__lt=today) | Q(latest_status__in=WORRYING_STATUSES) | (required & ~closed_reported)
    due_soon = Q(
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=limits.due_soon_days),
        latest_percent__lt=limits.due_soon_percent,
    )
    lagging = Q(
        plan__period_start__isnull=False,
        deadline__isnull=False,
        health_span_days__gt=0,
        health_elapsed_days__gt=0,
        health_time_points__gt=F("health_progress_points"),
    )
    return queryset.annotate(
        health_time_points=F("health_elapsed_days") * 100,
        health_progress_points=(F("latest_percent") + limits.lag_points) * F("health_span_days"),
    ).annotate(
        health=Case(
            When(grey, then=Value(Health.GREY.value)),
            When(red, then=Value(Health.RED.value)),
            When(due_soon | lagging, then=Value(Health.YELLOW.value)),
            default=Value(Health.GREEN.value),
            output_field=models.CharField(max_length=10),
        )
    ).annotate(
        # for sorting: the most worrying first
        health_rank=Case(
            *(When(health=value, then=Value(rank)) for rank, value in enumerate(HEALTH_ORDER)),
            output_field=models.IntegerField(),
        )
    )


def _day_number(day: datetime.date) -> int:
    return (day - datetime.date(1970, 1, 1)).days
