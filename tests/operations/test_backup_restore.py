"""`manage.py backup PATH` / `restore PATH`: every plan, task, update, attachment (with its file) and audit
entry comes back, in this database (SQLite or PostgreSQL, whichever the suite runs on) and in a fresh
installation."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client

from audit.models import AuditEntry
from operations.backups import BackupError, restore_backup, write_backup
from plans.models import Plan
from tasks.models import Attachment, ProgressUpdate, Task
from tests.progress.test_attachments import PDF_BYTES, PNG_BYTES, form_data, update_url, upload

ROOT = Path(__file__).resolve().parent.parent.parent
KEPT = (Plan, Task, ProgressUpdate, Attachment, AuditEntry)


def filled(world) -> None:
    """Real use: a submitted update with two files, a login, the audit entries these write."""
    client = Client()
    assert client.post("/login/", {"username": "resp_staff", "password": "pw-for-tests-only"}).status_code == 302
    response = client.post(update_url(world), form_data(attachments=[upload("照片.png", PNG_BYTES),
                                                                      upload("月报.pdf", PDF_BYTES)]))
    assert response.status_code == 302


def plain(key: str, value) -> str:
    if key == "content_type_id":  # content types get new ids in a new installation; their names stay
        return ContentType.objects.get_for_id(value).model_class()._meta.label
    return str(value)


def state() -> dict:
    """Everything a person would look for, as plain values."""
    ContentType.objects.clear_cache()
    found = {
        model._meta.label: sorted(
            tuple(sorted((k, plain(k, v)) for k, v in row.items())) for row in model._base_manager.values()
        )
        for model in KEPT
    }
    found["files"] = {a.file.name: (Path(settings.MEDIA_ROOT) / a.file.name).read_bytes()
                      for a in Attachment.objects.all()}
    return found


def emptied() -> None:
    """An empty installation: a migrated database with no records, no uploaded files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_record_and_file(world, tmp_path):
    filled(world)
    before = state()
    assert len(before["files"]) == 2 and before["tasks.ProgressUpdate"] and before["audit.AuditEntry"]
    archive = tmp_path / "duban.tar.gz"
    call_command("backup", str(archive))
    emptied()
    assert not Task.objects.exists() and not Path(settings.MEDIA_ROOT, next(iter(before["files"]))).exists()

    call_command("restore", str(archive))

    assert state() == before
    # The restored installation keeps working: the people can log in and new records get new ids.
    assert Client().post("/login/", {"username": "supervisor", "password": "pw-for-tests-only"}).status_code == 302
    assert AuditEntry.objects.count() == len(before["audit.AuditEntry"]) + 1


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_installation_on_sqlite(world, tmp_path):
    filled(world)
    archive = tmp_path / "duban.tar.gz"
    manifest = write_backup(archive)
    fresh_media = tmp_path / "fresh-media"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "MEDIA_ROOT": str(fresh_media),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    code = ("import django, json; django.setup(); from django.apps import apps; "
            "print(json.dumps({m._meta.label_lower: m._base_manager.count() for m in apps.get_models()}))")
    counts = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                                       text=True).stdout)
    for label in ("plans.plan", "tasks.task", "tasks.progressupdate", "tasks.attachment", "audit.auditentry"):
        assert counts[label] == manifest["counts"][label] > 0, label
    for attachment in Attachment.objects.all():
        assert (fresh_media / attachment.file.name).read_bytes() == attachment.file.read()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_installation_that_holds_data(world, tmp_path):
    archive = tmp_path / "duban.tar.gz"
    write_backup(archive)
    with pytest.raises(BackupError, match="already holds"):
        restore_backup(archive)
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_changes_nothing(world, tmp_path):
    filled(world)
    before = state()
    good = tmp_path / "good.tar.gz"
    manifest = write_backup(good)
    # A backup whose database part lost a record: the counts no longer match the manifest.
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "database.jsonexact":
                rows = json.loads(data)
                dropped = next(i for i, row in enumerate(rows) if row["model"] == "tasks.attachment")
                del rows[dropped]
                data = json.dumps(rows).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    assert manifest["counts"]["tasks.attachment"] == 2
    with pytest.raises(BackupError, match="differ"):
        restore_backup(bad, replace=True)
    assert state() == before


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not a Duban backup"):
        restore_backup(junk)
