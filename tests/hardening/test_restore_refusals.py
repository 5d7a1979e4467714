"""A restore that cannot go through changes nothing: a truncated or corrupt archive is refused with one
clear line (no traceback), and a tampered one (counts that don't match, a member outside media/) leaves
neither records nor uploaded files behind — the files already there stay as they were."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from operations.backups import BackupError, restore_backup, write_backup
from tasks.models import Attachment, Task
from tests.operations.test_backup_restore import ROOT, emptied, filled, state
from tests.progress.conftest import _fixed_today, world  # noqa: F401  (fixtures used here)

pytestmark = pytest.mark.django_db(transaction=True)


def media_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.exists() else {}


def rewritten(good: Path, bad: Path, change) -> Path:
    """A copy of the archive `good` in which change(name, data) gives each member's new data."""
    with tarfile.open(good) as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return bad


def with_extra_member(good: Path, bad: Path, name: str) -> Path:
    rewritten(good, bad, lambda _name, data: data)
    with tarfile.open(bad) as source:
        members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
    extra = tarfile.TarInfo(name)
    extra.size = 4
    with tarfile.open(bad, "w:gz") as target:
        for member, data in [*members, (extra, b"evil")]:
            target.addfile(member, io.BytesIO(data))
    return bad


def truncated(good: Path, bad: Path, keep: float) -> Path:
    data = good.read_bytes()
    bad.write_bytes(data[: int(len(data) * keep)] if keep < 1 else data[:-6])
    return bad


@pytest.fixture
def backup(world, tmp_path) -> Path:  # noqa: F811
    filled(world)
    archive = tmp_path / "good.tar.gz"
    write_backup(archive)
    return archive


@pytest.mark.parametrize("keep", [0.5, 0.9, 1], ids=["half", "most", "all-but-the-gzip-end"])
def test_a_truncated_backup_is_refused_and_the_database_is_untouched(backup, tmp_path, keep):
    before, files_before = state(), media_files()
    bad = truncated(backup, tmp_path / "cut.tar.gz", keep)
    with pytest.raises(CommandError, match="damaged or incomplete"):
        call_command("restore", str(bad), replace=True)
    assert state() == before
    assert media_files() == files_before


def test_restoring_a_truncated_backup_prints_one_clear_line(backup, tmp_path):
    bad = truncated(backup, tmp_path / "cut.tar.gz", 0.5)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
           "MEDIA_ROOT": str(tmp_path / "fresh-media"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "manage.py", "restore", str(bad)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "damaged or incomplete" in lines[0], result.stderr
    assert not (tmp_path / "fresh-media").exists() or not any((tmp_path / "fresh-media").rglob("*.*"))


def counts_that_do_not_match(name: str, data: bytes) -> bytes:
    if name != "database.jsonexact":
        return data
    rows = json.loads(data)
    del rows[next(i for i, row in enumerate(rows) if row["model"] == "tasks.attachment")]
    return json.dumps(rows).encode()


def test_a_tampered_backup_leaves_no_uploaded_file_in_an_empty_installation(backup, tmp_path):
    bad = rewritten(backup, tmp_path / "bad.tar.gz", counts_that_do_not_match)
    emptied()
    with pytest.raises(BackupError, match="differ"):
        restore_backup(bad)
    assert not Task.objects.exists() and not Attachment.objects.exists()
    assert media_files() == {}


def test_a_tampered_backup_keeps_the_files_already_there(backup, tmp_path):
    before, files_before = state(), media_files()
    first = next(iter(files_before))

    def tampered(name: str, data: bytes) -> bytes:
        if name == f"media/{first}":
            return b"%PDF-1.7 replaced by someone else"
        return counts_that_do_not_match(name, data)

    bad = rewritten(backup, tmp_path / "bad.tar.gz", tampered)
    with pytest.raises(BackupError):
        restore_backup(bad, replace=True)
    assert state() == before
    assert media_files() == files_before


@pytest.mark.parametrize("name", ["media/../outside.txt", "config/settings_extra.py", "/tmp/absolute.txt"])
def test_a_member_outside_media_is_refused_and_nothing_is_written(backup, tmp_path, name):
    bad = with_extra_member(backup, tmp_path / "bad.tar.gz", name)
    emptied()
    with pytest.raises(BackupError, match="not part of a Duban backup"):
        restore_backup(bad)
    assert not Task.objects.exists()
    assert media_files() == {}
    assert not (Path(settings.MEDIA_ROOT).parent / "outside.txt").exists()


def test_a_backup_with_more_files_than_its_manifest_says_is_refused(backup, tmp_path):
    bad = with_extra_member(backup, tmp_path / "bad.tar.gz", "media/attachments/extra.pdf")
    emptied()
    with pytest.raises(BackupError, match="files"):
        restore_backup(bad)
    assert media_files() == {}


def test_a_restore_folder_left_by_a_killed_restore_is_not_backed_up(backup, tmp_path):
    leftover = Path(settings.MEDIA_ROOT) / ".restore-killed" / "media" / "attachments" / "old.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 left behind")
    manifest = write_backup(tmp_path / "again.tar.gz")
    assert manifest["files"] == 2
    with tarfile.open(tmp_path / "again.tar.gz") as archive:
        assert not [name for name in archive.getnames() if ".restore-" in name]
