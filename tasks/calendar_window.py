"""The calendar window: the days and months Duban takes from people, documents and the API.

A district's plans run a few years around today. Python's dates stop at the years 1 and 9999, and the rules
step a month or more either side of a day (the month before for health, a fortnight after for "due soon"), so a
day near either end overflowed deep inside a page. Every form, filter and serializer that reads a day or a month
checks it here, so a request naming 0001-01-01 or 9999-12 is told which days are accepted instead.

An update is further held to its task's months: from its plan's first month to the later of its plan's last
month and the task's deadline (a task given more time keeps reporting); a plan without a period leaves the
window as the bound.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .periods import month_start

# The same years as the annual assessment's (supervision/assessment.py); wide enough for any plan a district
# still tracks, far enough from the ends of Python's calendar that a year either side cannot overflow.
FIRST_YEAR = 2000
LAST_YEAR = 2100
EARLIEST = datetime.date(FIRST_YEAR, 1, 1)
LATEST = datetime.date(LAST_YEAR, 12, 31)


def in_window(day: datetime.date) -> bool:
    return EARLIEST <= day <= LATEST


def check_day(day: datetime.date | None) -> None:
    """A validator for forms, serializers and model fields: the day lies in the window."""
    if day is not None and not in_window(day):
        raise ValidationError(
            _("Choose a day from %(first)s to %(last)s.") % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
            code="outside_calendar",
        )


def check_month(month: datetime.date | None) -> None:
    if month is not None and not in_window(month):
        raise ValidationError(
            _("Choose a month from %(first)s to %(last)s.") % {"first": f"{EARLIEST:%Y-%m}", "last": f"{LATEST:%Y-%m}"},
            code="outside_calendar",
        )


def reporting_months(task) -> tuple[datetime.date, datetime.date]:
    """The first and last month `task` can be reported on (see the module's docstring)."""
    plan = task.plan
    first = month_start(max(plan.period_start or EARLIEST, EARLIEST))
    last = plan.period_end or LATEST
    if plan.period_end and task.deadline and task.deadline > last:
        last = task.deadline
    return first, month_start(min(last, LATEST))


def check_reporting_month(task, month: datetime.date) -> None:
    """Refuses an update for a month outside `task`'s reporting months, saying which months are open."""
    first, last = reporting_months(task)
    if not first <= month <= last:
        raise ValidationError(
            _("Updates on this task are for the months from %(first)s to %(last)s, its plan's period.")
            % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
            code="outside_plan",
        )


class DayField(forms.DateField):
    """A day, in the window."""

    default_validators = [check_day]


class MonthField(forms.DateField):
    """A month written year-month, in the window; cleaned to its first day."""

    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-10"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Enter a month as year-month, for example 2026-10.")}
    default_validators = [check_month]
