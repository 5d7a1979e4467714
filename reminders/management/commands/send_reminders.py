"""Run the reminder sweep in this process, without a broker (usable from cron)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reminders.sweep import run_sweep


class Command(BaseCommand):
    help = "Send the reminders falling due on a day (today by default); running it again sends nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to sweep, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send and record nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object listing the reminders")

    def handle(self, *args, date=None, dry_run=False, json=False, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(_("Give the date as YYYY-MM-DD, for example 2026-11-20.")) from None
        report = run_sweep(day, dry_run=dry_run)
        if json:
            self.stdout.write(_dumps(report.as_json()))
            return
        data = report.as_json()
        for item in data["reminders"]:
            self.stdout.write(f"{item['state']:<10} {item['channel']:<8} {item['to']:<20} {item['headline']}")
        for name in data["unstaffed_units"]:
            text = _("Nobody in Duban works for %(unit)s; the supervision office was told.")
            self.stdout.write(text % {"unit": name})
        for name in data["users_without_email"]:
            self.stdout.write(_("%(user)s has no email address and was told in Duban only.") % {"user": name})
        self.stdout.write(_("%(count)s reminders for %(date)s.") % {"count": len(data["reminders"]),
                                                                     "date": data["date"]})


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
