import json

from django.core.management.base import BaseCommand, CommandError

from operations import health


class Command(BaseCommand):
    help = "Print what /healthz reports; exit 1 when unhealthy (with --worker: also when the worker is not beating)."

    def add_arguments(self, parser):
        parser.add_argument("--worker", action="store_true", help="Also require a fresh worker heartbeat.")

    def handle(self, *args, worker: bool, **options):
        healthy, details = health.report()
        self.stdout.write(json.dumps(details, ensure_ascii=False))
        if worker and details["checks"]["worker"]["status"] not in (health.OK, health.NOT_CONFIGURED):
            healthy = False
        if not healthy:
            raise CommandError("unhealthy")
