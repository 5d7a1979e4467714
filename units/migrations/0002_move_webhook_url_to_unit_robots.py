"""Unit.webhook_url was never used: reminders post to a unit's group robot (reminders.UnitWebhook). An address
written there is kept as the unit's robot — switched off, since nobody has checked it (nor its platform, nor a
signing secret): an administrator switches it on in /admin/ once it is right."""

from django.db import migrations


def move_to_robots(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    UnitWebhook = apps.get_model("reminders", "UnitWebhook")
    for unit in Unit.objects.exclude(webhook_url="").filter(webhook__isnull=True):
        platform = "wecom" if "qyapi.weixin.qq.com" in unit.webhook_url else "dingtalk"
        UnitWebhook.objects.create(unit=unit, url=unit.webhook_url, platform=platform, is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("reminders", "0001_reminders"),
    ]

    operations = [
        migrations.RunPython(move_to_robots, migrations.RunPython.noop),
        migrations.RemoveField(model_name="unit", name="webhook_url"),
    ]
