from django.db import migrations


def add_schedule(apps, schema_editor):
    from reports.schedule import ensure_schedule

    ensure_schedule(apps.get_model("django_celery_beat", "CrontabSchedule"),
                    apps.get_model("django_celery_beat", "PeriodicTask"))


def remove_schedule(apps, schema_editor):
    from reports.schedule import SCHEDULE_NAME

    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_progress_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
