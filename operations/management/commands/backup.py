from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, write_backup


class Command(BaseCommand):
    help = "Write the whole database and the uploaded files to one archive (tar.gz) at PATH."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            manifest = write_backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}: {rows} records, {manifest['files']} files."))
