"""The reminder jobs' default schedule, kept by django-celery-beat and editable in the admin
(周期任务): the sweep every day at 08:00, and retries of failed sends every ten minutes."""

from django.db import migrations

SWEEP = "reminders: daily sweep"
RETRY = "reminders: retry failed sends"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(name=SWEEP, defaults={"task": "reminders.sweep", "crontab": morning})
    PeriodicTask.objects.get_or_create(name=RETRY, defaults={"task": "reminders.retry", "interval": ten_minutes})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[SWEEP, RETRY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
