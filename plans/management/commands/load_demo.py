from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.demo import DEMO_PASSWORD, demo_accounts, load_demo


class Command(BaseCommand):
    help = "Load the demo district (units, people, a plan, months of progress) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true",
                            help="Load the demo accounts even with DEBUG off (a training installation).")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            # The demo accounts share a published password: a production start must never create them.
            raise CommandError("DEBUG is off: demo accounts are not created in production. Pass "
                               "--allow-production for a training installation.")
        plan = load_demo()
        if plan is None:
            self.stdout.write("Demo data is already loaded.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded demo plan: {plan.title} ({plan.tasks.count()} tasks)"))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for account in demo_accounts():
            role = account.get("global_role") or f"{account['unit']} ({account['role']})"
            self.stdout.write(f"  {account['username']:<15} {role:<28} {account['display_name']}")
