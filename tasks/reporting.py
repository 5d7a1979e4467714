"""Who owes an update for a month, and whether a task's targets are met — conditions the task list's
filters and the dashboards' figures share, so that a count and the list behind it always agree.

Each function returns a condition on Task rows (a Q), to filter or to count with in the database.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When

from .health import REPORTED_STATES, completed_on
from .models import ProgressUpdate, Target, TargetActual, Urge, WorkStatus
from .periods import period_end
from .speaking_update import latest_first
from .target_rule import met_condition


def running_in(period: datetime.date, prefix: str = "plan__") -> Q:
    """The task's plan ran during the month (a plan without dates always runs); as health.reporting_required."""
    return (Q(**{f"{prefix}period_start__isnull": True}) | Q(**{f"{prefix}period_start__lte": period_end(period)})) & (
        Q(**{f"{prefix}period_end__isnull": True}) | Q(**{f"{prefix}period_end__gte": period})
    )


def completed_before(day: datetime.date) -> Q:
    """Completed before `day` (a completed task without a completion date counts as completed long ago)."""
    return Q(work_status=WorkStatus.COMPLETED) & (Q(completed_on__isnull=True) | Q(completed_on__lt=day))


def owes_update(period: datetime.date) -> Q:
    """The task needs updates for the month: its plan ran then and it was not completed before the month."""
    return running_in(period) & ~completed_before(period)


def missing_update(period: datetime.date, unit_id: int | None = None) -> Q:
    """The task owed an update for the month and none was reported (submitted, accepted or returned) —
    by `unit_id` when given, else by any unit. Whether the unit is named on the task is for the caller."""
    reported = ProgressUpdate.objects.filter(task=OuterRef("pk"), period=period, review_state__in=REPORTED_STATES)
    if unit_id is not None:
        reported = reported.filter(unit_id=unit_id)
    return owes_update(period) & ~Exists(reported)


def overdue(day: datetime.date) -> Q:
    """Past its deadline on `day` and not completed by then."""
    return Q(deadline__lt=day) & ~completed_on(day)


def due_between(first: datetime.date, last: datetime.date) -> Q:
    """Not completed by `first`, with a deadline from `first` to `last` (both included)."""
    return Q(deadline__gte=first, deadline__lte=last) & ~completed_on(first)


def open_urges(day: datetime.date):
    """Urges made by the end of `day` and not answered by then."""
    return Urge.objects.filter(created_at__date__lte=day).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__date__gt=day)
    )


def open_urge(day: datetime.date, unit_id: int | None = None) -> Q:
    """The task has an urge open on `day` (to `unit_id` when given)."""
    urges = open_urges(day).filter(task=OuterRef("pk"))
    return Exists(urges.filter(unit_id=unit_id) if unit_id is not None else urges)


def completed_by(day: datetime.date) -> Q:
    """Completed on or before `day`, by its recorded completion date."""
    return Q(work_status=WorkStatus.COMPLETED, completed_on__lte=day)


def latest_actual(through: datetime.date, target_ref: str = "pk") -> Subquery:
    """A target's value as the update that speaks for it gives it (tasks/speaking_update.py: of the updates
    giving a value, for the months up to `through`)."""
    actuals = latest_first(TargetActual.objects.filter(target=OuterRef(target_ref), update__period__lte=through),
                           prefix="update__")
    return Subquery(actuals.values("value")[:1])


def targets_with_actuals(through: datetime.date):
    """Targets annotated with `actual` (latest as of `through`) and `is_met` (tasks/target_rule.py)."""
    return Target.objects.annotate(actual=latest_actual(through)).annotate(
        is_met=Case(When(met_condition("actual"), then=Value(True)), default=Value(False),
                    output_field=models.BooleanField())
    )


def targets_met(through: datetime.date) -> Q:
    """The task has targets and every one of them is met by its latest value as of `through`."""
    targets = Target.objects.filter(task=OuterRef("pk"))
    unmet = targets_with_actuals(through).filter(task=OuterRef("pk"), is_met=False)
    return Exists(targets) & ~Exists(unmet)
