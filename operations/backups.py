"""Backups: one archive holding the whole database and the uploaded files; restored into an empty
installation.

Why dumpdata/loaddata and not pg_dump: it covers every installed app without a list to keep up to date,
needs no client binaries matching the server's version, and the same archive restores on PostgreSQL or
SQLite (a laptop can open a copy of production). Consistency comes from reading everything inside one
transaction — REPEATABLE READ on PostgreSQL, a read transaction on SQLite — so records changed while the
backup runs are either all in it or all out. Uploaded files are never changed after upload (each has a
name of its own), so copying them after the snapshot misses none the snapshot refers to.

Archive (tar.gz): manifest.json (format, when, the applied migrations, the number of rows per model),
database.jsonexact (dumpdata's JSON, times to the microsecond, natural keys for content types and
permissions), media/… (the files).
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonexact"
MEDIA = "media"
# Rebuilt by `migrate` with ids of its own (and referred to by natural key in the dump), or not worth keeping.
# django_celery_beat.periodictasks is beat's "schedule changed" marker, rewritten whenever a schedule is saved.
EXCLUDED = ("contenttypes", "auth.permission", "sessions.session", "django_celery_beat.periodictasks")


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


def _label(model) -> str:
    return model._meta.label_lower


def backed_up_models() -> list:
    excluded = {label.lower() for label in EXCLUDED}
    return [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
        and model._meta.app_label not in excluded and _label(model) not in excluded
    ]


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def consistent_snapshot():
    """A transaction in which every read sees the database as it was at its first read."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def write_backup(path: Path) -> dict:
    """Write the archive to `path` (replaced only once complete). Returns the manifest."""
    path = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="duban-backup-") as workdir:
        dump = Path(workdir) / DATABASE
        with consistent_snapshot():
            models = backed_up_models()
            counts = {_label(model): model._base_manager.count() for model in models if not model._meta.auto_created}
            migrations = applied_migrations()
            call_command("dumpdata", exclude=list(EXCLUDED), natural_foreign=True, use_base_manager=True,
                         format="jsonexact", output=str(dump), verbosity=0)
        files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "files": len(files),
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE)
            for file in files:
                archive.add(file, arcname=str(PurePosixPath(MEDIA, *file.relative_to(media_root).parts)))
        os.replace(partial, path)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, TypeError, ValueError):
        raise BackupError("This file is not a Duban backup (it has no readable manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')!r}; this release reads format {FORMAT}.")
    return manifest


# Apps whose rows the migrations themselves create (the periodic schedule of reminders and reports): a fresh
# installation holds them, so they do not make it "not empty"; a restore replaces them with the backup's.
SEEDED_BY_MIGRATIONS = {"django_celery_beat"}


def _rows_present(models) -> int:
    return sum(
        model._base_manager.count() for model in models
        if not model._meta.auto_created and model._meta.app_label not in SEEDED_BY_MIGRATIONS
    )


def _clear(models) -> None:
    tables = sorted({model._meta.db_table for model in models})
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _extract_media(archive: tarfile.TarFile, media_root: Path) -> int:
    count = 0
    for member in archive.getmembers():
        parts = PurePosixPath(member.name).parts
        if not parts or parts[0] != MEDIA or not member.isfile():
            continue
        if member.name.startswith("/") or ".." in parts:
            raise BackupError(f"The backup holds an unsafe file name: {member.name!r}.")
        target = media_root.joinpath(*parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
        count += 1
    return count


def restore_backup(path: Path, *, replace: bool = False) -> dict:
    """Bring back the database and files from `path`. The database must be migrated to the same
    migrations as the backup's. Refuses an installation that holds data unless `replace`.

    Files are written before the database transaction: should it fail, the database is unchanged and the
    files written are unreferenced copies (named as in the backup), harmless and replaced by the next try."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError):
        raise BackupError(f"{path} is not a Duban backup (not a tar.gz archive).") from None
    with archive:
        manifest = _read_manifest(archive)
        ours, theirs = {tuple(m) for m in applied_migrations()}, {tuple(m) for m in manifest["migrations"]}
        if ours != theirs:
            newer = sorted(theirs - ours)
            older = sorted(ours - theirs)
            raise BackupError(
                "The backup was made by another release of Duban. Restore it with the release that made it, "
                f"then upgrade. Only in the backup: {newer[:5]}; only here: {older[:5]}."
            )
        models = backed_up_models()
        present = _rows_present(models)
        if present and not replace:
            raise BackupError(
                f"This installation already holds {present} records. Restore into an empty database, or pass "
                "--replace to delete everything in it first."
            )
        with tempfile.TemporaryDirectory(prefix="duban-restore-") as workdir:
            dump = Path(workdir) / DATABASE
            member = archive.getmember(DATABASE)
            with archive.extractfile(member) as source, open(dump, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
            files = _extract_media(archive, Path(settings.MEDIA_ROOT))
            with transaction.atomic():
                _clear(models)
                call_command("loaddata", str(dump), verbosity=0)
                counts = {_label(m): m._base_manager.count() for m in models if not m._meta.auto_created}
                missing = {
                    label: (expected, counts.get(label))
                    for label, expected in manifest["counts"].items() if counts.get(label) != expected
                }
                if missing:
                    # Leaves the database as it was: the whole restore is one transaction.
                    raise BackupError(f"The restored row counts differ from the backup's: {missing}.")
    return {**manifest, "restored_files": files}
