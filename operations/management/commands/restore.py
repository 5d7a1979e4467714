from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Bring back a backup made by `manage.py backup` into an empty installation: migrates the database, "
            "then loads every record and file in one transaction.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="Delete every record already in the database first.")

    def handle(self, *args, path: Path, replace: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore_backup(path, replace=replace)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Restored {rows} records and {manifest['restored_files']} files from {path} "
            f"(backup of {manifest['created_at']})."
        ))
