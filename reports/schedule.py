"""The scheduled build in django-celery-beat's table: at 01:30 on the 1st of every month (the job itself works
out whether a quarter, half-year or year has also ended). Kept in the database, so the office can change the
time in the admin; a data migration puts it there and `ensure_schedule` puts it back if it was deleted."""

from django.conf import settings

SCHEDULE_NAME = "reports: build monthly and quarterly progress reports"
TASK = "reports.tasks.build_scheduled_reports"


def ensure_schedule(crontab_model=None, periodic_task_model=None):
    """Create the periodic task if it is missing (an existing one, perhaps edited, is kept)."""
    if crontab_model is None or periodic_task_model is None:
        from django_celery_beat.models import CrontabSchedule, PeriodicTask

        crontab_model, periodic_task_model = CrontabSchedule, PeriodicTask
    existing = periodic_task_model.objects.filter(name=SCHEDULE_NAME).first()
    if existing is not None:
        return existing
    crontab, _created = crontab_model.objects.get_or_create(
        minute="30", hour="1", day_of_month="1", month_of_year="*", day_of_week="*", timezone=settings.TIME_ZONE
    )
    return periodic_task_model.objects.create(name=SCHEDULE_NAME, task=TASK, crontab=crontab, enabled=True)
