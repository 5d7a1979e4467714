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
import gzip
import io
import json
import os
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonexact"
MEDIA = "media"
# Rebuilt by `migrate` with ids of its own (and referred to by natural key in the dump), or not worth keeping.
# django_celery_beat.periodictasks is beat's "schedule changed" marker, rewritten whenever a schedule is saved.
EXCLUDED = ("contenttypes", "auth.permission", "sessions.session", "django_celery_beat.periodictasks")


# Reading a cut or corrupt archive fails with one of these, wherever the damage is met.
DAMAGED = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)
GZIP_MAGIC = b"\x1f\x8b"
# A restore unpacks into a folder of this name inside MEDIA_ROOT; one left by a killed restore is not backed up.
RESTORE_FOLDER_PREFIX = ".restore-"


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
        files = sorted(
            p for p in media_root.rglob("*")
            if p.is_file() and not p.relative_to(media_root).parts[0].startswith(RESTORE_FOLDER_PREFIX)
        ) if media_root.exists() else []
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


def _check_readable(path: Path) -> None:
    """Read the whole compressed stream once, before anything is changed. A cut or corrupt archive fails
    here; tar alone would miss a cut in the last bytes, as it stops reading at its own end marker."""
    try:
        with open(path, "rb") as raw:
            if raw.read(2) != GZIP_MAGIC:
                raise BackupError(f"{path} is not a Duban backup (not a tar.gz archive).")
        with gzip.open(path) as stream:
            while stream.read(1024 * 1024):
                pass
    except DAMAGED:
        raise _damaged(path) from None


def _damaged(path: Path) -> BackupError:
    return BackupError(
        f"{path} is damaged or incomplete (cut short while copying, or altered), so nothing was restored. "
        "Copy the backup again from where backups are kept, or restore another one."
    )


def _altered(detail: str) -> BackupError:
    return BackupError(f"{detail} The backup has been altered, so nothing was restored. Restore another copy.")


def _copy_out(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(member) as source, open(target, "wb") as out:
        while chunk := source.read(1024 * 1024):
            out.write(chunk)


def _unpack(archive: tarfile.TarFile, manifest: dict, workdir: Path) -> list[tuple[str, ...]]:
    """Write the database part and the files under `workdir`, after checking that the archive holds only
    what a backup holds: the manifest, the database part, and as many files under media/ as it lists.
    Returns each file's path inside the uploads folder."""
    files = {}
    for member in archive.getmembers():
        if member.name in (MANIFEST, DATABASE) and member.isfile():
            continue
        parts = PurePosixPath(member.name).parts
        if not (member.isfile() and len(parts) > 1 and parts[0] == MEDIA and ".." not in parts) \
                or parts[1:] in files:
            raise _altered(f"It holds {member.name!r}, which is not part of a Duban backup.")
        files[parts[1:]] = member
    if len(files) != manifest.get("files"):
        raise _altered(f"It holds {len(files)} uploaded files but its manifest lists {manifest.get('files')}.")
    try:
        database = archive.getmember(DATABASE)
    except KeyError:
        raise _altered("It has no database part.") from None
    _copy_out(archive, database, workdir / DATABASE)
    for parts, member in files.items():
        _copy_out(archive, member, workdir.joinpath(MEDIA, *parts))
    return list(files)


def _move_into_place(workdir: Path, media_root: Path, files: list[tuple[str, ...]]) -> None:
    for parts in files:
        target = media_root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(workdir.joinpath(MEDIA, *parts), target)


def restore_backup(path: Path, *, replace: bool = False) -> dict:
    """Bring back the database and files from `path`. The database must be migrated to the same
    migrations as the backup's. Refuses an installation that holds data unless `replace`.

    All or nothing: the archive is read to its end before anything changes; it may hold only what a backup
    holds; the records load in one transaction whose row counts must match the manifest; the files are
    unpacked into a folder inside the uploads folder (same disk, so moving is a rename) and moved into place
    only after that transaction commits. A refused restore leaves the records and the files as they were."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    _check_readable(path)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "r:gz") as archive, \
            tempfile.TemporaryDirectory(prefix=RESTORE_FOLDER_PREFIX, dir=media_root) as workdir:
        workdir = Path(workdir)
        try:
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
            files = _unpack(archive, manifest, workdir)
        except DAMAGED:
            raise _damaged(path) from None
        with transaction.atomic():
            _clear(models)
            try:
                call_command("loaddata", str(workdir / DATABASE), verbosity=0)
            except (DeserializationError, DatabaseError, ValueError) as error:
                raise _altered(f"Its records cannot be loaded ({error}).") from None
            counts = {_label(m): m._base_manager.count() for m in models if not m._meta.auto_created}
            missing = {
                label: (expected, counts.get(label))
                for label, expected in manifest["counts"].items() if counts.get(label) != expected
            }
            if missing:
                # Leaves the database as it was: the whole restore is one transaction.
                raise BackupError(f"The restored row counts differ from the backup's: {missing}.")
        _move_into_place(workdir, media_root, files)
    return {**manifest, "restored_files": len(files)}
