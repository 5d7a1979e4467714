"""Reporting periods. A period is a calendar month, stored as the date of its first day."""

import datetime


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def parse_period(text: str) -> datetime.date:
    """'2026-03' → 2026-03-01. Raises ValueError with a plain message on anything else."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(f"not a month in the form YYYY-MM: {text!r}") from None


def next_period(period: datetime.date) -> datetime.date:
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_period(period: datetime.date) -> datetime.date:
    return (period.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def period_end(period: datetime.date) -> datetime.date:
    return next_period(period) - datetime.timedelta(days=1)


def today() -> datetime.date:
    """Today in the district's time zone. Pages ask here, so tests can fix the date in one place."""
    from django.utils import timezone

    return timezone.localdate()


def month_label(period: datetime.date) -> str:
    return f"{period:%Y-%m}"
